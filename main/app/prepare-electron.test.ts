// Tests the pure helpers of scripts/prepare-electron.mjs (the script itself needs the network).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import './test/electron-mock';
import { NATIVE_DIR, NATIVE_FILE, NATIVE_STAMP } from './native-binding';

interface PrepareModule {
  NATIVE_DIR: string;
  NATIVE_FILE: string;
  STAMP_FILE: string;
  nativePaths(root: string): { dir: string; file: string; stamp: string; headers: string };
  electronBinaryStatus(dir: string): { installed: boolean; version: string | null; executable: string | null; reason: string | null };
  expectedStamp(o: { electronVersion: string; betterSqlite3Version: string; platform: string; arch: string }): Record<string, string>;
  stampMatches(stamp: unknown, expected: Record<string, string>): boolean;
  readStamp(file: string): unknown;
  nodeGypCandidates(o: { npmExecPath?: string; execPath: string; projectRequire?: NodeJS.Require }): string[];
  buildEnv(env: Record<string, string | undefined>): Record<string, string | undefined>;
  nodeGypArgs(o: { electronVersion: string; arch: string; devdir: string }): string[];
  copyFilter(root: string): (src: string) => boolean;
}

// A non-literal specifier: TypeScript need not type the .mjs, vitest still loads it.
const scriptUrl = new URL('../../scripts/prepare-electron.mjs', import.meta.url).href;
let prep: PrepareModule;
beforeAll(async () => {
  prep = (await import(/* @vite-ignore */ scriptUrl)) as PrepareModule;
});

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rb-prep-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('prepare-electron helpers', () => {
  it('agrees with the app on where the Electron build and its stamp live', () => {
    expect([prep.NATIVE_DIR, prep.NATIVE_FILE, prep.STAMP_FILE]).toEqual([NATIVE_DIR, NATIVE_FILE, NATIVE_STAMP]);
    expect(prep.nativePaths('/repo')).toEqual({
      dir: '/repo/.electron-native',
      file: '/repo/.electron-native/better_sqlite3.node',
      stamp: '/repo/.electron-native/build-info.json',
      headers: '/repo/.electron-native/headers',
    });
  });

  it('detects a missing Electron binary from disk, without requiring electron', () => {
    const electronDir = join(dir, 'electron');
    mkdirSync(electronDir);
    expect(prep.electronBinaryStatus(electronDir)).toMatchObject({ installed: false, reason: expect.stringContaining('not installed') });
    writeFileSync(join(electronDir, 'package.json'), JSON.stringify({ version: '45.4.1' }));
    expect(prep.electronBinaryStatus(electronDir)).toMatchObject({ installed: false, version: '45.4.1', reason: expect.stringContaining('path.txt') });
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    expect(prep.electronBinaryStatus(electronDir).installed).toBe(false);
    mkdirSync(join(electronDir, 'dist'));
    writeFileSync(join(electronDir, 'dist', 'electron'), '');
    writeFileSync(join(electronDir, 'dist', 'version'), 'v44.0.0');
    expect(prep.electronBinaryStatus(electronDir)).toMatchObject({ installed: false, reason: expect.stringContaining('Electron 44.0.0') });
    writeFileSync(join(electronDir, 'dist', 'version'), 'v45.4.1');
    expect(prep.electronBinaryStatus(electronDir)).toEqual({
      installed: true,
      version: '45.4.1',
      executable: join(electronDir, 'dist', 'electron'),
      reason: null,
    });
  });

  it('reports this machine honestly: the binary is not downloadable here', () => {
    const status = prep.electronBinaryStatus(join(import.meta.dirname, '../../node_modules/electron'));
    expect(status.version).toMatch(/^\d+\.\d+\.\d+$/);
    if (!status.installed) expect(status.reason).toBeTruthy();
  });

  it('rebuilds when Electron, better-sqlite3, platform or arch changed', () => {
    const expected = prep.expectedStamp({ electronVersion: '45.4.1', betterSqlite3Version: '12.11.1', platform: 'linux', arch: 'x64' });
    expect(prep.stampMatches({ ...expected, built_at: '2025-01-01T00:00:00Z' }, expected)).toBe(true);
    expect(prep.stampMatches({ ...expected, electron: '45.4.0' }, expected)).toBe(false);
    expect(prep.stampMatches({ ...expected, better_sqlite3: '12.10.0' }, expected)).toBe(false);
    expect(prep.stampMatches({ ...expected, arch: 'arm64' }, expected)).toBe(false);
    expect(prep.stampMatches(null, expected)).toBe(false);
    expect(prep.readStamp(join(dir, 'missing.json'))).toBeNull();
    writeFileSync(join(dir, 'broken.json'), '{');
    expect(prep.readStamp(join(dir, 'broken.json'))).toBeNull();
  });

  it("removes npm's nodedir (which would build for Node) and other target overrides from node-gyp's env", () => {
    const env = prep.buildEnv({ PATH: '/bin', npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', npm_config_target: '20.0.0', HOME: '/root' });
    expect(env).toEqual({ PATH: '/bin', HOME: '/root' });
  });

  it('builds for the Electron runtime against the Electron headers', () => {
    expect(prep.nodeGypArgs({ electronVersion: '45.4.1', arch: 'x64', devdir: '/repo/.electron-native/headers' })).toEqual([
      'rebuild',
      '--release',
      '--target=45.4.1',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
      '--devdir=/repo/.electron-native/headers',
      '--jobs=max',
    ]);
  });

  it("prefers the node-gyp shipped with the running npm, and one of the candidates exists here", () => {
    const list = prep.nodeGypCandidates({ npmExecPath: '/usr/lib/node_modules/npm/bin/npm-cli.js', execPath: '/usr/bin/node' });
    expect(list[0]).toBe('/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
    const here = prep.nodeGypCandidates({
      npmExecPath: process.env.npm_execpath,
      execPath: process.execPath,
      projectRequire: createRequire(join(import.meta.dirname, '../../package.json')),
    });
    expect(here.some((p) => existsSync(p))).toBe(true);
  });

  it('copies better-sqlite3 without its old build output', () => {
    const filter = prep.copyFilter('/nm/better-sqlite3');
    expect(filter('/nm/better-sqlite3/src/better_sqlite3.cpp')).toBe(true);
    expect(filter('/nm/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(true);
    expect(filter('/nm/better-sqlite3/build')).toBe(false);
    expect(filter('/nm/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
    expect(filter('/nm/better-sqlite3/builder.js')).toBe(true);
  });
});
