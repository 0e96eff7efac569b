import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunBrainEvent } from '../../shared/events';
import { parseRequest } from '../../shared/operations';
import { generateDemo } from '../demo/generate-demo';
import { createCore } from './create-core';
import type { CoreConnection } from './types';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demoCore(): Promise<{ core: CoreConnection; logs: string; dataDir: string; events: RunBrainEvent[] }> {
  const base = mkdtempSync(join(tmpdir(), 'rb-core-'));
  cleanups.push(() => rmSync(base, { recursive: true, force: true }));
  const logs = join(base, 'run_logs');
  generateDemo(logs, { seed: 7, now: Date.parse('2026-11-20T12:00:00Z') });
  const dataDir = join(base, 'data');
  const core = await createCore({ dbPath: join(dataDir, 'runbrain.db'), dataDir, host: 'test', folders: [logs] });
  cleanups.push(() => core.close());
  const events: RunBrainEvent[] = [];
  core.subscribe((e) => events.push(e));
  await core.ready;
  return { core, logs, dataDir, events };
}

/** Calls a handler the way every transport does: validate, then handle. */
function call<K extends keyof CoreConnection['handlers']>(core: CoreConnection, name: K, req: unknown) {
  const handler = core.handlers[name] as (r: unknown) => Promise<unknown>;
  return handler(parseRequest(name, req)) as ReturnType<CoreConnection['handlers'][K]>;
}

describe('createCore over the demo data', () => {
  it('ingests the folder and answers projects, profiles, runs and quarantine', async () => {
    const { core } = await demoCore();
    const projects = await call(core, 'listProjects', {});
    expect(projects.length).toBeGreaterThanOrEqual(4);
    const first = projects[0];
    expect(first.runs_count).toBeGreaterThan(100);
    const profile = await call(core, 'getProfile', { project_id: first.project_id });
    expect(profile.runs_count).toBe(first.runs_count);
    expect(Object.keys(profile.modes).sort()).toEqual(['2loop', '3loop']);
    const runs = await call(core, 'listRuns', { project_id: first.project_id, limit: 50 });
    expect(runs.total).toBe(first.runs_count);
    expect(runs.rows).toHaveLength(50);
    const detail = await call(core, 'getRun', { project_id: first.project_id, run_id: runs.rows[0].run_id });
    expect(detail.record.project_id).toBe(first.project_id);
    const quarantine = await call(core, 'listQuarantine', {});
    expect(quarantine.total).toBeGreaterThan(0);
    expect(quarantine.items[0].reason.length).toBeGreaterThan(5);
    const status = await call(core, 'getStatus', {});
    expect(status.counts.runs).toBe(projects.reduce((s, p) => s + p.runs_count, 0));
  });

  it('previews, applies and undoes a recommendation on the real config file', async () => {
    const { core } = await demoCore();
    const projects = await call(core, 'listProjects', {});
    const withRec = projects.find((p) => p.open_recommendations > 0 && p.config_path);
    expect(withRec, 'the demo data has a project with a recommendation and a config').toBeDefined();
    const { project_id, config_path } = withRec!;
    const before = readFileSync(config_path!, 'utf8');
    const recs = await call(core, 'getRecommendations', { project_id });
    const rec = recs.recommendations[0];
    const preview = await call(core, 'previewApply', { project_id, recommendation_id: rec.id });
    expect(preview.diff).toContain(String(rec.recommended_value));
    const entry = await call(core, 'applyRecommendation', { project_id, recommendation_id: rec.id, base_hash: preview.base_hash });
    expect(entry.status).toBe('applied');
    const after = readFileSync(config_path!, 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain('//'); // comments survive
    const ledger = await call(core, 'listLedger', { project_id });
    expect(ledger.some((e) => e.id === entry.id)).toBe(true);
    await call(core, 'undoChange', { change_id: entry.id });
    expect(readFileSync(config_path!, 'utf8')).toBe(before);
  });

  it('picks up a run file added to the watched folder and emits runs-changed', async () => {
    const { core, logs, events } = await demoCore();
    const projects = await call(core, 'listProjects', {});
    const id = projects[0].project_id;
    const changed = new Promise<void>((resolve) => {
      const off = core.subscribe((e) => {
        if (e.type === 'runs-changed' && e.project_ids.includes(id)) {
          off();
          resolve();
        }
      });
    });
    writeFileSync(
      join(logs, id, 'run_live_test.json'),
      JSON.stringify({ run_id: 'live-1', project_id: id, started_at: '2026-11-20T10:00:00Z', mode: '2loop', total_cost_usd: 1.5, qa_status: 'passed' }),
    );
    await changed;
    const profile = await call(core, 'getProfile', { project_id: id });
    expect(profile.runs_count).toBe(projects[0].runs_count + 1);
    expect(events.some((e) => e.type === 'ingest-progress')).toBe(true);
  });
});
