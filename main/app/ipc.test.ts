import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electron, resetElectronMock } from './test/electron-mock';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { OPERATION_NAMES, channelOf, type RunBrainHandlers } from '../../shared/operations';
import { UserError } from '../core/types';
import { registerOperations, toErrorEnvelope } from './ipc';

const trusted = { sender: 'ours', senderFrame: { url: 'file:///app/out/renderer/index.html' } };
const untrusted = { sender: 'other', senderFrame: { url: 'https://evil.example/' } };
const isTrusted = (e: IpcMainInvokeEvent) => (e as unknown as typeof trusted).sender === 'ours';

function fakeHandlers(): RunBrainHandlers {
  return Object.fromEntries(OPERATION_NAMES.map((op) => [op, vi.fn(async (req: unknown) => ({ op, req }))])) as unknown as RunBrainHandlers;
}

/** Calls the registered handler as Electron would. */
function invoke(op: string, event: unknown, payload: unknown): Promise<unknown> {
  const handler = electron.ipcMain.handlers.get(channelOf(op as never));
  if (!handler) throw new Error(`no handler for ${op}`);
  return handler(event, payload) as Promise<unknown>;
}

describe('registerOperations', () => {
  let handlers: RunBrainHandlers;
  const log = vi.fn();
  beforeEach(() => {
    resetElectronMock();
    log.mockReset();
    handlers = fakeHandlers();
    registerOperations(electron.ipcMain as unknown as IpcMain, handlers, isTrusted, log);
  });

  it('registers every operation of the table on its channel, replacing earlier handlers', () => {
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(channelOf).sort());
    for (const op of OPERATION_NAMES) expect(electron.ipcMain.removeHandler).toHaveBeenCalledWith(channelOf(op));
    // Registering again must not throw "second handler" (each channel is removed first).
    expect(() => registerOperations(electron.ipcMain as unknown as IpcMain, handlers, isTrusted, log)).not.toThrow();
  });

  it('forwards every operation with a valid payload and wraps the result', async () => {
    for (const op of OPERATION_NAMES) {
      const reply = (await invoke(op, trusted, validPayload(op))) as { ok: boolean };
      expect(reply, op).toMatchObject({ ok: true, value: { op } });
    }
    expect(await invoke('getProfile', trusted, { project_id: 'alpha' })).toEqual({
      ok: true,
      value: { op: 'getProfile', req: { project_id: 'alpha' } },
    });
  });

  it('passes the parsed request (defaults applied) to the handler', async () => {
    await invoke('listRuns', trusted, { project_id: 'alpha' });
    expect(handlers.listRuns).toHaveBeenCalledWith(expect.objectContaining({ project_id: 'alpha', limit: 200, offset: 0, sort: 'started_at' }));
  });

  it('refuses an untrusted sender without calling the handler', async () => {
    const reply = await invoke('listProjects', untrusted, {});
    expect(reply).toEqual({ ok: false, code: 'forbidden', error: 'Request refused: it did not come from a RunBrain window.' });
    expect(handlers.listProjects).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('https://evil.example/'));
  });

  it('rejects invalid payloads with a clear message and never calls the handler', async () => {
    expect(await invoke('getProfile', trusted, { project_id: 42 })).toEqual({
      ok: false,
      code: 'invalid-request',
      error: expect.stringMatching(/^Invalid request for getProfile: project_id: /),
    });
    expect(await invoke('listProjects', trusted, { sneaky: true })).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(await invoke('getProfile', trusted, 'not an object')).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(await invoke('undoChange', trusted, { change_id: -1 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('change_id'),
    });
    expect(handlers.getProfile).not.toHaveBeenCalled();
    expect(handlers.undoChange).not.toHaveBeenCalled();
  });

  it('returns user errors as they are and hides nothing but stack traces of unexpected ones', async () => {
    vi.mocked(handlers.getProfile).mockRejectedValueOnce(new UserError('No project named "zeta".', 'not-found'));
    expect(await invoke('getProfile', trusted, { project_id: 'zeta' })).toEqual({ ok: false, error: 'No project named "zeta".', code: 'not-found' });
    vi.mocked(handlers.listProjects).mockRejectedValueOnce(new TypeError('boom\n    at somewhere.js:1'));
    expect(await invoke('listProjects', trusted, {})).toEqual({ ok: false, error: 'listProjects failed: boom', code: 'failed' });
    expect(log).toHaveBeenCalledWith('Operation listProjects failed', expect.any(TypeError));
  });

  it('the returned dispose removes every handler', () => {
    const dispose = registerOperations(electron.ipcMain as unknown as IpcMain, handlers, isTrusted, log);
    dispose();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});

describe('toErrorEnvelope', () => {
  it('keeps the code of errors cloned from the worker (plain objects)', () => {
    expect(toErrorEnvelope('applyRecommendation', { name: 'Error', message: 'Config changed on disk', code: 'conflict' })).toEqual({
      ok: false,
      error: 'Config changed on disk',
      code: 'conflict',
    });
    expect(toErrorEnvelope('rescan', undefined)).toEqual({ ok: false, error: 'rescan failed.', code: 'failed' });
  });
});

/** A minimal valid request for each operation. */
function validPayload(op: string): unknown {
  const byOp: Record<string, unknown> = {
    getProfile: { project_id: 'p' },
    getRecommendations: { project_id: 'p' },
    getExperiments: { project_id: 'p' },
    previewApply: { project_id: 'p', recommendation_id: 'r' },
    applyRecommendation: { project_id: 'p', recommendation_id: 'r', base_hash: 'h' },
    previewUndo: { change_id: 1 },
    undoChange: { change_id: 1 },
    listRuns: { project_id: 'p' },
    getRunFacets: { project_id: 'p' },
    getRun: { project_id: 'p', run_id: 'r' },
    getTuningConfig: { project_id: 'p' },
    setAutoTune: { project_id: 'p', enabled: true },
    updateTuningConfig: { project_id: 'p', patch: {} },
    addFolder: { path: '/logs' },
    removeFolder: { path: '/logs' },
    linkConfig: { project_id: 'p', path: null },
    revealPath: { path: '/logs' },
    getHealth: { project_id: 'p' },
    getPatternRuns: { project_id: 'p', template_id: 't0000abcd' },
    getTrends: { project_id: 'p' },
    getLearning: { project_id: 'p' },
    exportReport: { format: 'html' },
    declareExperiment: { project_id: 'p', factor: 'prompt_version', control: 'v1', treatment: 'v2' },
    listDeclaredExperiments: { project_id: 'p' },
    deleteDeclaredExperiment: { id: 1 },
  };
  return byOp[op] ?? {};
}
