import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electron, resetElectronMock } from '../main/app/test/electron-mock';
import { OPERATION_NAMES, channelOf, EVENT_CHANNEL } from '../shared/operation-names';
import type { RunBrainBridge } from '../shared/bridge';

/** Loads the preload afresh and returns what it exposed. */
async function loadPreload(): Promise<{ name: string; api: RunBrainBridge }> {
  vi.resetModules();
  await import('./index');
  const calls = electron.contextBridge.exposeInMainWorld.mock.calls as unknown as Array<[string, RunBrainBridge]>;
  expect(calls).toHaveLength(1);
  const [name, api] = calls[0];
  return { name, api };
}

describe('preload bridge', () => {
  beforeEach(() => resetElectronMock());

  it('exposes exactly one function per operation plus onEvent, under window.runbrain', async () => {
    const { name, api } = await loadPreload();
    expect(name).toBe('runbrain');
    expect(Object.keys(api).sort()).toEqual([...OPERATION_NAMES, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('never hands the page ipcRenderer or a generic invoke', async () => {
    const { api } = await loadPreload();
    const record = api as unknown as Record<string, unknown>;
    for (const key of ['ipcRenderer', 'invoke', 'send', 'on', 'call']) expect(record[key]).toBeUndefined();
    for (const value of Object.values(record)) {
      expect(value).not.toBe(electron.ipcRenderer);
      expect(value).not.toBe(electron.ipcRenderer.invoke);
    }
  });

  it('sends each operation on its own channel with the request unchanged', async () => {
    const { api } = await loadPreload();
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: [{ project_id: 'p' }] });
    await expect(api.listProjects({})).resolves.toEqual([{ project_id: 'p' }]);
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(channelOf('listProjects'), {});
    await api.getProfile({ project_id: 'alpha' });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(channelOf('getProfile'), { project_id: 'alpha' });
    for (const op of OPERATION_NAMES) {
      await (api[op] as (req: unknown) => Promise<unknown>)({});
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(channelOf(op), {});
    }
  });

  it('turns an error reply into a rejected promise carrying the readable message', async () => {
    const { api } = await loadPreload();
    electron.ipcRenderer.invoke.mockResolvedValue({
      ok: false,
      error: 'Invalid request for getProfile: project_id: Too small',
      code: 'invalid-request',
    });
    await expect(api.getProfile({ project_id: '' })).rejects.toThrow('Invalid request for getProfile: project_id: Too small');
    await expect(api.getProfile({ project_id: '' })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('onEvent forwards only the payload and unsubscribes', async () => {
    const { api } = await loadPreload();
    const seen: unknown[] = [];
    const off = api.onEvent((e) => seen.push(e));
    expect(electron.ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(1);
    const ipcEvent = { sender: electron.ipcRenderer };
    electron.ipcRenderer.emit(EVENT_CHANNEL, ipcEvent, { type: 'quarantine-changed' });
    expect(seen).toEqual([{ type: 'quarantine-changed' }]);
    off();
    expect(electron.ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
    electron.ipcRenderer.emit(EVENT_CHANNEL, ipcEvent, { type: 'settings-changed' });
    expect(seen).toHaveLength(1);
  });
});
