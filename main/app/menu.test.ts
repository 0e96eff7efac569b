import { beforeEach, describe, expect, it } from 'vitest';
import { electron, resetElectronMock } from './test/electron-mock';
import type { MenuItemConstructorOptions } from 'electron';
import { installMenu, menuTemplate } from './menu';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);

describe('menu', () => {
  beforeEach(() => resetElectronMock());

  it('has the usual roles on Linux/Windows, dev tools only in development', () => {
    const prod = menuTemplate({ platform: 'linux', appName: 'RunBrain', isDev: false, dataDir: '/data' });
    expect(roles(prod)).toEqual(expect.arrayContaining(['quit', 'editMenu', 'windowMenu', 'reload', 'togglefullscreen', 'zoomIn']));
    expect(roles(prod)).not.toContain('toggleDevTools');
    expect(roles(prod)).not.toContain('appMenu');
    expect(roles(menuTemplate({ platform: 'linux', appName: 'RunBrain', isDev: true, dataDir: '/data' }))).toContain('toggleDevTools');
  });

  it('starts with the app menu on macOS', () => {
    const mac = menuTemplate({ platform: 'darwin', appName: 'RunBrain', isDev: false, dataDir: '/data' });
    expect(mac[0]).toMatchObject({ role: 'appMenu', label: 'RunBrain' });
  });

  it('File › Open Data Folder opens the data folder', () => {
    const file = menuTemplate({ platform: 'linux', appName: 'RunBrain', isDev: false, dataDir: '/data' }).find((m) => m.label === 'File')!;
    const item = (file.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'Open Data Folder')!;
    (item.click as () => void)();
    expect(electron.shell.openPath).toHaveBeenCalledWith('/data');
  });

  it('installs the built menu', () => {
    installMenu({ platform: 'linux', appName: 'RunBrain', isDev: false, dataDir: '/data' });
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });
});
