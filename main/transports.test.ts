/**
 * One contract, three transports: every operation of shared/operations.ts is reachable through
 * Electron IPC (main/app/ipc.ts), the browser-mode HTTP bridge (main/server) and the renderer's
 * client (renderer/src/api), all in front of the real core over real demo data; invalid payloads
 * are refused by each with a message naming the field, before the core sees them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, electron } from './app/test/electron-mock';
import { HTTP, type RunBrainBridge } from '../shared/bridge';
import type { RunBrainEvent } from '../shared/events';
import { OPERATION_NAMES, channelOf, type OpRequest, type OperationName, type RunBrainHandlers } from '../shared/operations';
import { forwardEvents } from './app/event-forwarding';
import { registerOperations } from './app/ipc';
import { createSenderGuard } from './app/sender-guard';
import { createCore } from './core/create-core';
import type { CoreConnection } from './core/types';
import { generateDemo } from './demo/generate-demo';
import { startHttpBridge, type HttpBridge } from './server/http-bridge';
import { installEventSource } from './server/testing/event-source';

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; error: string };
type Call = (op: OperationName, payload: unknown) => Promise<Outcome>;

/** What earlier calls in the same transport answered: later payloads use their ids. */
type Answers = Partial<Record<OperationName, unknown>>;
interface Ids {
  projectId: string;
  extraFolder: string;
}

// `satisfies` makes this fail to compile when an operation is added without a sample payload.
// Listed in call order: later payloads use earlier answers (a recommendation, a change id).
const PAYLOADS = {
  getStatus: () => ({}),
  getIngestProgress: () => ({}),
  listProjects: () => ({}),
  getProfile: (i) => ({ project_id: i.projectId }),
  getRecommendations: (i) => ({ project_id: i.projectId }),
  getExperiments: (i) => ({ project_id: i.projectId }),
  getHealth: (i) => ({ project_id: i.projectId }),
  getPatternRuns: (i, a) => ({ project_id: i.projectId, template_id: (a.getHealth as { health: { error_patterns: Array<{ id: string }> } }).health.error_patterns[0].id, limit: 3 }),
  getTrends: (i) => ({ project_id: i.projectId, range: '30d', bucket: 'day' }),
  previewApply: (i, a) => ({ project_id: i.projectId, recommendation_id: recs(a)[0].id }),
  applyRecommendation: (i, a) => ({ project_id: i.projectId, recommendation_id: recs(a)[0].id, base_hash: (a.previewApply as { base_hash: string }).base_hash }),
  previewUndo: (_i, a) => ({ change_id: (a.applyRecommendation as { id: number }).id }),
  undoChange: (_i, a) => ({ change_id: (a.applyRecommendation as { id: number }).id, base_hash: (a.previewUndo as { base_hash: string }).base_hash }),
  listLedger: (i) => ({ project_id: i.projectId }),
  listRuns: (i) => ({ project_id: i.projectId, sort: 'total_cost_usd', dir: 'asc', limit: 5 }),
  getRunFacets: (i) => ({ project_id: i.projectId }),
  getRun: (i, a) => ({ project_id: i.projectId, run_id: (a.listRuns as { rows: Array<{ run_id: string }> }).rows[0].run_id }),
  listQuarantine: () => ({ limit: 10 }),
  getTuningConfig: (i) => ({ project_id: i.projectId }),
  setAutoTune: (i) => ({ project_id: i.projectId, enabled: false }),
  updateTuningConfig: (i) => ({ project_id: i.projectId, patch: { min_runs_for_recommendations: 5 } }),
  getSettings: () => ({}),
  updateSettings: () => ({ theme: 'dark' }),
  addFolder: (i) => ({ path: i.extraFolder }),
  removeFolder: (i) => ({ path: i.extraFolder }),
  pickFolder: () => ({}),
  pickConfigFile: () => ({}),
  linkConfig: (i, a) => ({ project_id: i.projectId, path: (a.getTuningConfig as { config_path: string | null }).config_path }),
  createDemoData: () => ({}),
  revealPath: (i) => ({ path: i.extraFolder }),
  rescan: () => ({}),
  getLearning: (i) => ({ project_id: i.projectId }),
  exportReport: (i) => ({ project_id: i.projectId, format: 'html' }),
  declareExperiment: (i, a) => ({ project_id: i.projectId, factor: 'prompt_version', control: 'v1', treatment: `v2-${Object.keys(a).length}` }),
  listDeclaredExperiments: (i) => ({ project_id: i.projectId }),
  deleteDeclaredExperiment: (_i, a) => ({ id: (a.declareExperiment as { id: number }).id }),
} satisfies { [K in OperationName]: (ids: Ids, answers: Answers) => OpRequest<K> };

function recs(a: Answers): Array<{ id: string }> {
  return (a.getRecommendations as { recommendations: Array<{ id: string }> }).recommendations;
}

const INVALID: Array<{ op: OperationName; payload: unknown; field: string }> = [
  { op: 'getProfile', payload: { project_id: 42 }, field: 'project_id' },
  { op: 'listRuns', payload: { project_id: 'p', limit: 0 }, field: 'limit' },
  { op: 'getPatternRuns', payload: { project_id: 'p', template_id: 'no such id' }, field: 'template_id' },
  { op: 'getStatus', payload: { injected: 'x' }, field: 'injected' },
  { op: 'undoChange', payload: { change_id: -1 }, field: 'change_id' },
  { op: 'addFolder', payload: [], field: '(request)' },
  { op: 'exportReport', payload: { format: 'docx' }, field: 'format' },
];

let base: string;
let core: CoreConnection;
let bridge: HttpBridge;
let ids: Ids;
/** The core without the recorder, for test setup. */
let direct: RunBrainHandlers;
/** Operations that reached the core, in order: proves the transport called through. */
const reached: OperationName[] = [];
const events: Record<'ipc' | 'http' | 'client', RunBrainEvent[]> = { ipc: [], http: [], client: [] };
const contents = new FakeWebContents();
const cleanups: Array<() => unknown> = [];

function recordingHandlers(inner: RunBrainHandlers): RunBrainHandlers {
  return Object.fromEntries(
    OPERATION_NAMES.map((op) => [
      op,
      (req: unknown) => {
        reached.push(op);
        return (inner[op] as (r: unknown) => Promise<unknown>)(req);
      },
    ]),
  ) as unknown as RunBrainHandlers;
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'rb-transports-'));
  const logs = join(base, 'run_logs');
  generateDemo(logs, { seed: 11, runsPerProject: 60, now: Date.parse('2026-11-20T12:00:00Z') });
  ids = { projectId: '', extraFolder: join(base, 'extra') };
  mkdirSync(ids.extraFolder);
  const real = await createCore({ dbPath: join(base, 'data', 'runbrain.db'), dataDir: join(base, 'data'), host: 'test', folders: [logs] });
  await real.ready;
  direct = real.handlers;
  core = { ...real, handlers: recordingHandlers(real.handlers) };

  // IPC: the real registration against the mocked electron's ipcMain, trusting one window.
  const rendererPath = join(base, 'out', 'renderer', 'index.html');
  cleanups.push(registerOperations(electron.ipcMain as never, core.handlers, createSenderGuard({ kind: 'file', path: rendererPath }, (c) => c === (contents as never)), () => undefined));
  cleanups.push(forwardEvents(core, () => [contents as never]));

  bridge = await startHttpBridge({ core, staticDir: base, log: () => undefined });
}, 60_000);

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await bridge?.close();
  await core?.close();
  vi.unstubAllGlobals();
  rmSync(base, { recursive: true, force: true });
});

const trustedEvent = () => ({ sender: contents, senderFrame: { url: `file://${join(base, 'out', 'renderer', 'index.html')}`, parent: null } });

const ipcCall: Call = async (op, payload) => {
  const handler = electron.ipcMain.handlers.get(channelOf(op));
  if (!handler) throw new Error(`no IPC handler registered for ${op}`);
  return (await handler(trustedEvent(), payload)) as Outcome;
};

const httpCall: Call = async (op, payload) => {
  const res = await fetch(`http://127.0.0.1:${bridge.port}${HTTP.apiPrefix}${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [HTTP.tokenHeader]: bridge.token },
    body: JSON.stringify(payload),
  });
  const body = (await res.json()) as { error: string; code: string };
  return res.ok ? { ok: true, value: body } : { ok: false, code: body.code, error: body.error };
};

/** The renderer's own client module, loaded as a browser tab opened from the printed URL would. */
async function loadRendererClient(): Promise<Call> {
  const origin = `http://127.0.0.1:${bridge.port}`;
  const realFetch = globalThis.fetch;
  const session = new Map<string, string>();
  vi.stubGlobal('window', {
    location: { href: bridge.url },
    sessionStorage: { getItem: (k: string) => session.get(k) ?? null, setItem: (k: string, v: string) => session.set(k, v) },
    history: { state: null, replaceState: () => undefined },
  });
  // A page resolves relative URLs against its origin; Node's fetch needs them absolute.
  vi.stubGlobal('fetch', (input: string | URL, init?: RequestInit) => realFetch(new URL(String(input), origin), init));
  installEventSource(origin, realFetch);
  // A computed specifier keeps the renderer (DOM code) out of the Node typecheck; vitest loads it as usual.
  const clientModule = '../renderer/src/api/client';
  const { api } = (await import(/* @vite-ignore */ clientModule)) as { api: RunBrainBridge };
  const client = api as unknown as Record<OperationName, (req: unknown) => Promise<unknown>>;
  cleanups.push(api.onEvent((e) => events.client.push(e)));
  return async (op, payload) => {
    try {
      return { ok: true, value: await client[op](payload) };
    } catch (err) {
      const e = err as { code: string; message: string };
      return { ok: false, code: e.code, error: e.message };
    }
  };
}

async function openSse(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${bridge.port}${HTTP.eventsPath}`, { headers: { [HTTP.tokenHeader]: bridge.token } });
  const reader = res.body!.getReader();
  cleanups.push(() => reader.cancel());
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const b of blocks) for (const line of b.split('\n')) if (line.startsWith('data: ')) events.http.push(JSON.parse(line.slice(6)));
    }
  })();
}

async function until(check: () => boolean, ms = 5000, poll?: () => Promise<void>): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    await poll?.();
    if (check()) return;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let isBusy = true;

/**
 * Waits for background ingest (createDemoData and rescan start one) and picks a project that has
 * a recommendation now: the previous transport's calls changed the data and the config.
 */
async function pickProject(): Promise<void> {
  await until(() => !isBusy, 30_000, async () => {
    const p = await direct.getIngestProgress({});
    isBusy = p.phase === 'scanning' || p.phase === 'ingesting';
  });
  const projects = await direct.listProjects({});
  const withRec = projects.find((p) => p.open_recommendations > 0 && p.config_path);
  if (!withRec) throw new Error('the demo data should have a project with a config file and a recommendation');
  ids.projectId = withRec.project_id;
}

async function everyOperationThrough(name: string, call: Call): Promise<void> {
  await pickProject();
  const answers: Answers = {};
  for (const op of Object.keys(PAYLOADS) as OperationName[]) {
    const payload = (PAYLOADS[op] as (i: Ids, a: Answers) => unknown)(ids, answers);
    const before = reached.length;
    const outcome = await call(op, payload);
    expect(outcome, `${name} ${op}: ${JSON.stringify(outcome).slice(0, 300)}`).toMatchObject({ ok: true });
    expect(reached.slice(before), `${name} ${op} reached the core`).toContain(op);
    if (outcome.ok) answers[op] = outcome.value;
  }
  const applied = answers.applyRecommendation as { id: number; status: string };
  expect(applied.status).toBe('applied');
  // Undo is recorded as a new ledger entry that reverts the applied one.
  expect(answers.undoChange).toMatchObject({ undo_of: applied.id });
  expect(answers.pickFolder).toEqual({ path: null, supported: false });
  expect(answers.getLearning).toMatchObject({ project_id: ids.projectId, runs: expect.any(Number) });
  // The report goes into the data folder (never a run-logs folder) and carries its HTML for a download.
  const report = answers.exportReport as { path: string; content: string; format: string };
  expect(report.path.startsWith(join(base, 'data', 'reports'))).toBe(true);
  expect(report.format).toBe('html');
  expect(readFileSync(report.path, 'utf8')).toBe(report.content);
  expect(report.content).toContain('<svg');
  const declared = answers.declareExperiment as { id: number; control: string };
  expect(answers.listDeclaredExperiments).toEqual(expect.arrayContaining([expect.objectContaining({ id: declared.id, control: 'v1' })]));
  expect(answers.deleteDeclaredExperiment).toEqual({ id: declared.id });
  // The first pattern's runs: at most the limit asked for, its totals from the same mining.
  const firstPattern = (answers.getHealth as { health: { error_patterns: Array<{ id: string; runs: number; count: number }> } }).health.error_patterns[0];
  const pr = answers.getPatternRuns as { template_id: string; total_runs: number; total_messages: number; runs: unknown[] };
  expect(pr).toMatchObject({ template_id: firstPattern.id, total_runs: firstPattern.runs, total_messages: firstPattern.count });
  expect(pr.runs).toHaveLength(Math.min(3, firstPattern.runs));
}

async function invalidPayloadsThrough(name: string, call: Call): Promise<void> {
  for (const { op, payload, field } of INVALID) {
    const before = reached.length;
    const outcome = await call(op, payload);
    expect(outcome.ok, `${name} ${op} ${JSON.stringify(payload)}`).toBe(false);
    if (outcome.ok) continue;
    expect(outcome.code).toBe('invalid-request');
    expect(outcome.error).toContain(`Invalid request for ${op}`);
    expect(outcome.error).toContain(field);
    expect(reached.length, `${name} ${op}: the core must not see an invalid payload`).toBe(before);
  }
}

describe.sequential('every operation through every transport', () => {
  it('IPC (registerOperations behind the sender guard)', async () => {
    await everyOperationThrough('ipc', ipcCall);
    await invalidPayloadsThrough('ipc', ipcCall);
    const stranger = { sender: new FakeWebContents(), senderFrame: { url: 'https://evil.example/', parent: null } };
    const refused = await electron.ipcMain.handlers.get(channelOf('getStatus'))!(stranger, {});
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
    events.ipc = contents.sent.filter(([channel]) => channel === 'runbrain:event').map(([, e]) => e as RunBrainEvent);
    expect(events.ipc.some((e) => e.type === 'settings-changed')).toBe(true);
  }, 60_000);

  it('HTTP bridge (POST /api/op, SSE)', async () => {
    await openSse();
    await everyOperationThrough('http', httpCall);
    await invalidPayloadsThrough('http', httpCall);
    await until(() => events.http.some((e) => e.type === 'settings-changed'));
  }, 60_000);

  it('renderer client (renderer/src/api/client.ts in browser mode)', async () => {
    const clientCall = await loadRendererClient();
    await everyOperationThrough('client', clientCall);
    await invalidPayloadsThrough('client', clientCall);
    await until(() => events.client.some((e) => e.type === 'settings-changed'));
  }, 60_000);

  it('covered the whole table', () => {
    expect(new Set(reached)).toEqual(new Set(OPERATION_NAMES));
  });
});
