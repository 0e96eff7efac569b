import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electron, FakeBrowserWindow, resetElectronMock } from './test/electron-mock';
import { createMainWindow } from './window';

let userData: string;
beforeEach(() => {
  resetElectronMock();
  userData = mkdtempSync(join(tmpdir(), 'rb-window-'));
});
afterEach(() => rmSync(userData, { recursive: true, force: true }));

const open = (renderer: Parameters<typeof createMainWindow>[0]['renderer'] = { kind: 'file', path: '/app/out/renderer/index.html' }) =>
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs', renderer, userDataDir: userData }) as unknown as FakeBrowserWindow;

describe('createMainWindow', () => {
  it('uses the secure webPreferences', () => {
    const win = open();
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(prefs.preload).toMatch(/\.cjs$/);
  });

  it('hardens its web contents (navigation blocked, window.open denied)', () => {
    const win = open();
    expect(win.webContents.fire('will-navigate', 'https://example.com').prevented).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('stays hidden until ready-to-show', () => {
    const win = open();
    expect(win.options.show).toBe(false);
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('loads the bundled renderer file, or the dev server URL in development', () => {
    expect(open().loaded).toEqual({ file: '/app/out/renderer/index.html' });
    expect(open({ kind: 'dev-server', url: 'http://localhost:5173/' }).loaded).toEqual({ url: 'http://localhost:5173/' });
  });

  it('restores the saved bounds and writes them back on close', () => {
    writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ x: 20, y: 30, width: 1500, height: 950, maximized: false }));
    const win = open();
    expect(win.options).toMatchObject({ x: 20, y: 30, width: 1500, height: 950 });
    win.bounds = { x: 100, y: 120, width: 1300, height: 800 };
    win.maximized = true;
    win.close();
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toEqual({
      x: 100,
      y: 120,
      width: 1300,
      height: 800,
      maximized: true,
    });
  });

  it('centres a window whose saved display is gone', () => {
    writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ x: 5000, y: 30, width: 1200, height: 800 }));
    electron.screen.getAllDisplays.mockReturnValue([{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]);
    const win = open();
    expect(win.options).toMatchObject({ center: true, width: 1200, height: 800 });
    expect(win.options).not.toHaveProperty('x');
  });
});
