import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { electron, FakeBrowserWindow, resetElectronMock } from './test/electron-mock';
import { OPERATION_NAMES, channelOf, EVENT_CHANNEL, type RunBrainHandlers } from '../../shared/operations';
import type { RunBrainEventListener } from '../../shared/events';
import type { CoreConnection } from '../core/types';

const core = vi.hoisted(() => ({
  startCoreWorker: vi.fn(),
}));
vi.mock('../core/worker-client', () => core);

import { startApp, USER_DATA_ENV } from './bootstrap';

const paths = { preloadPath: '/app/out/preload/index.cjs', rendererIndex: '/app/out/renderer/index.html' };
let repo: string;
let listeners: Set<RunBrainEventListener>;
let connection: CoreConnection;

beforeEach(() => {
  resetElectronMock();
  repo = mkdtempSync(join(tmpdir(), 'rb-boot-'));
  mkdirSync(join(repo, '.electron-native'));
  writeFileSync(join(repo, '.electron-native', 'better_sqlite3.node'), 'x');
  electron.app.getAppPath.mockReturnValue(repo);
  electron.app.paths.userData = join(repo, 'userData');
  listeners = new Set();
  connection = {
    handlers: Object.fromEntries(OPERATION_NAMES.map((op) => [op, vi.fn(async () => ({ op }))])) as unknown as RunBrainHandlers,
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    close: vi.fn(async () => undefined),
  };
  core.startCoreWorker.mockReset().mockResolvedValue(connection);
  delete process.env[USER_DATA_ENV];
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('startApp', () => {
  it('quits at once when another instance holds the lock, creating nothing', async () => {
    electron.app.lockResult = false;
    await startApp(paths);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(core.startCoreWorker).not.toHaveBeenCalled();
  });

  it('a second launch brings the existing window to the front', async () => {
    await startApp(paths);
    const win = FakeBrowserWindow.all[0];
    win.minimized = true;
    electron.app.emit('second-instance', {}, ['runbrain'], '/');
    expect(win.minimized).toBe(false);
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(true);
    expect(FakeBrowserWindow.all).toHaveLength(1);
  });

  it('a second launch during start-up (before ready) is harmless and still yields one window', async () => {
    let ready!: () => void;
    electron.app.whenReady.mockReturnValue(new Promise<void>((r) => (ready = r)));
    const started = startApp(paths);
    await Promise.resolve();
    expect(() => electron.app.emit('second-instance', {}, [], '/')).not.toThrow();
    ready();
    await started;
    expect(FakeBrowserWindow.all).toHaveLength(1);
  });

  it('takes the lock inside the userData override, so e2e instances do not collide', async () => {
    process.env[USER_DATA_ENV] = join(repo, 'e2e-data');
    await startApp(paths);
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', join(repo, 'e2e-data'));
    expect(electron.app.setPath.mock.invocationCallOrder[0]).toBeLessThan(electron.app.requestSingleInstanceLock.mock.invocationCallOrder[0]);
  });

  it('starts the core worker with the data folder, db and Electron native binding; denies permissions', async () => {
    await startApp(paths);
    const dataDir = join(repo, 'userData');
    expect(core.startCoreWorker).toHaveBeenCalledWith({
      dbPath: join(dataDir, 'runbrain.db'),
      dataDir,
      nativeBinding: join(repo, '.electron-native', 'better_sqlite3.node'),
      host: 'electron',
    });
    expect(electron.session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();
  });

  it('registers every operation; the window can call them and receives core events', async () => {
    await startApp(paths);
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(channelOf).sort());
    const win = FakeBrowserWindow.all[0];
    const event = { sender: win.webContents, senderFrame: { url: 'app://runbrain/index.html#/', parent: null } };
    const reply = await electron.ipcMain.handlers.get(channelOf('listProjects'))!(event, {});
    expect(reply).toEqual({ ok: true, value: { op: 'listProjects' } });
    // The renderer is no longer a file:// page: a file:// frame is not ours.
    const fileEvent = { sender: win.webContents, senderFrame: { url: 'file:///app/out/renderer/index.html#/', parent: null } };
    expect(await electron.ipcMain.handlers.get(channelOf('listProjects'))!(fileEvent, {})).toMatchObject({ ok: false });
    await Promise.resolve();
    for (const l of listeners) l({ type: 'quarantine-changed' });
    expect(win.webContents.sent).toContainEqual([EVENT_CHANNEL, { type: 'quarantine-changed' }]);
  });

  it('loads the renderer from app://runbrain/, served from out/renderer with the CSP as a header', async () => {
    const rendererDir = join(repo, 'out', 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(
      join(rendererDir, 'index.html'),
      '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'"><div id="root"></div>',
    );
    await startApp({ ...paths, rendererIndex: join(rendererDir, 'index.html') });
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(electron.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(electron.app.whenReady.mock.invocationCallOrder[0]);
    expect(FakeBrowserWindow.all[0].loaded).toEqual({ url: 'app://runbrain/index.html' });
    const handler = electron.session.defaultSession.protocol.handlers.get('app')!;
    const res = await handler(new Request('app://runbrain/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; frame-ancestors 'none'");
    expect(await res.text()).toContain('<div id="root">');
  });

  it('shows a clear dialog and quits when the Electron SQLite build is missing', async () => {
    rmSync(join(repo, '.electron-native'), { recursive: true });
    await startApp(paths);
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('RunBrain cannot open its database', expect.stringContaining('npm start'));
    expect(electron.app.quit).toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('holds the quit until the core has closed the database', async () => {
    await startApp(paths);
    let prevented = false;
    electron.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(connection.close).toHaveBeenCalled();
    expect(electron.ipcMain.handlers.size).toBe(0);
    let preventedAgain = false;
    electron.app.emit('before-quit', { preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
  });
});
