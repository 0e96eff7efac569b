import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electron, FakeBrowserWindow, resetElectronMock } from './test/electron-mock';
import type { BrowserWindow } from 'electron';
import type { AppStatus } from '../../shared/domain';
import type { RunBrainHandlers } from '../../shared/operations';
import { nativeDialogHandlers, revealScopeOf, withDesktopHandlers } from './native-dialogs';

describe('native dialogs', () => {
  beforeEach(() => resetElectronMock());

  it('pickFolder returns the chosen folder, attached to the window', async () => {
    const win = new FakeBrowserWindow() as unknown as BrowserWindow;
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/me/run_logs'] });
    const handlers = nativeDialogHandlers(() => win);
    await expect(handlers.pickFolder({})).resolves.toEqual({ path: '/home/me/run_logs', supported: true });
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(win, expect.objectContaining({ properties: ['openDirectory', 'createDirectory'] }));
  });

  it('a cancelled picker answers path null', async () => {
    const handlers = nativeDialogHandlers(() => null);
    await expect(handlers.pickConfigFile({})).resolves.toEqual({ path: null, supported: true });
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ properties: ['openFile'] }));
  });

  it('revealPath shows paths inside the scope in the file manager and refuses relative ones', async () => {
    const handlers = nativeDialogHandlers(() => null, async () => ({ folders: ['/logs'], files: [] }));
    await expect(handlers.revealPath({ path: '/logs/a.json' })).resolves.toEqual({ supported: true });
    expect(electron.shell.showItemInFolder).toHaveBeenCalledWith('/logs/a.json');
    await expect(handlers.revealPath({ path: '../a.json' })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('revealPath refuses a path outside the watched folders, the data folder and the config files', async () => {
    const handlers = nativeDialogHandlers(() => null, async () => ({ folders: ['/logs', '/data'], files: ['/agent/project_config.json'] }));
    await expect(handlers.revealPath({ path: '/etc/passwd' })).rejects.toMatchObject({
      code: 'invalid-request',
      message: 'Cannot show "/etc/passwd": RunBrain only shows files in its watched folders, its data folder and the linked config files.',
    });
    await expect(handlers.revealPath({ path: '/agent/.ssh' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(handlers.revealPath({ path: '/agent/project_config.json' })).resolves.toEqual({ supported: true });
    // Without a scope nothing is revealed.
    await expect(nativeDialogHandlers(() => null).revealPath({ path: '/logs/a.json' })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(electron.shell.showItemInFolder).toHaveBeenCalledTimes(1);
  });

  it('the desktop scope comes from the core: watched folders, data folder, each project config', async () => {
    const core = {
      getStatus: vi.fn(async () => ({ folders: ['/logs'], data_dir: '/data' }) as unknown as AppStatus),
      listProjects: vi.fn(async () => [{ config_path: '/agent/project_config.json' }, { config_path: null }]),
    } as unknown as RunBrainHandlers;
    await expect(revealScopeOf(core)).resolves.toEqual({ folders: ['/logs', '/data'], files: ['/agent/project_config.json'] });
    const merged = withDesktopHandlers(core, () => null);
    await expect(merged.revealPath({ path: '/data/runbrain.db' })).resolves.toEqual({ supported: true });
    await expect(merged.revealPath({ path: '/home/me/.bashrc' })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('withDesktopHandlers overrides the host-specific handlers and reports desktop capabilities', async () => {
    const core = {
      pickFolder: vi.fn(async () => ({ path: null, supported: false })),
      listProjects: vi.fn(async () => []),
      getStatus: vi.fn(async () => ({ host: 'electron', capabilities: { pick_folder: false, pick_file: false, reveal_path: false, notifications: false } }) as unknown as AppStatus),
    } as unknown as RunBrainHandlers;
    const merged = withDesktopHandlers(core, () => null);
    await merged.pickFolder({});
    expect(core.pickFolder).not.toHaveBeenCalled();
    expect(merged.listProjects).toBe(core.listProjects);
    expect((await merged.getStatus({})).capabilities).toEqual({ pick_folder: true, pick_file: true, reveal_path: true, notifications: true });
  });
});
