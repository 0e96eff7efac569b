import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electron, resetElectronMock } from './test/electron-mock';
import { nativeBindingPath, nativeBindingProblem, resolveNativeBindingOrExplain } from './native-binding';

let repo: string;
beforeEach(() => {
  resetElectronMock();
  repo = mkdtempSync(join(tmpdir(), 'rb-native-'));
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

const dev = () => ({ isPackaged: false, appPath: repo, resourcesPath: '/nowhere' });
const writeBinding = (stamp?: object) => {
  mkdirSync(join(repo, '.electron-native'), { recursive: true });
  writeFileSync(join(repo, '.electron-native', 'better_sqlite3.node'), 'binary');
  if (stamp) writeFileSync(join(repo, '.electron-native', 'build-info.json'), JSON.stringify(stamp));
};

describe('native binding', () => {
  it('lives in .electron-native in development and in resources/native when packaged', () => {
    expect(nativeBindingPath(dev())).toBe(join(repo, '.electron-native', 'better_sqlite3.node'));
    expect(nativeBindingPath({ isPackaged: true, appPath: '/x/app.asar', resourcesPath: '/opt/RunBrain/resources' })).toBe(
      join('/opt/RunBrain/resources', 'native', 'better_sqlite3.node'),
    );
  });

  it('explains a missing build: run npm start online (dev) or reinstall (packaged)', () => {
    expect(nativeBindingProblem(dev(), '45.4.1')).toMatch(/missing .*Run `npm start` once while online/);
    expect(nativeBindingProblem({ isPackaged: true, appPath: '', resourcesPath: repo }, '45.4.1')).toMatch(/reinstall RunBrain/);
  });

  it('flags a build stamped for another Electron version', () => {
    writeBinding({ electron: '44.0.0' });
    expect(nativeBindingProblem(dev(), '45.4.1')).toMatch(/built for Electron 44\.0\.0, but this is Electron 45\.4\.1/);
    writeBinding({ electron: '45.4.1' });
    expect(nativeBindingProblem(dev(), '45.4.1')).toBeNull();
  });

  it('shows an error dialog and returns null when unusable', () => {
    expect(resolveNativeBindingOrExplain(dev(), '45.4.1')).toBeNull();
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('RunBrain cannot open its database', expect.stringContaining('npm start'));
    writeBinding();
    expect(resolveNativeBindingOrExplain(dev(), '45.4.1')).toBe(join(repo, '.electron-native', 'better_sqlite3.node'));
  });
});
