/**
 * `npm start` offline: when Electron's binary cannot be downloaded, prepare-electron prints one
 * sentence (the installer's stack trace goes to a log file) and exits 1. Runs the real script in
 * a scratch copy of the repository layout whose Electron installer fails like an offline one.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('prepare-electron without a network', () => {
  it('prints only the sentence, keeps the installer output in a log, exits 1', () => {
    root = mkdtempSync(join(tmpdir(), 'rb-prepare-'));
    mkdirSync(join(root, 'scripts'));
    copyFileSync(join(import.meta.dirname, 'prepare-electron.mjs'), join(root, 'scripts', 'prepare-electron.mjs'));
    const electron = join(root, 'node_modules', 'electron');
    mkdirSync(electron, { recursive: true });
    writeFileSync(join(electron, 'package.json'), '{"version":"45.4.1"}');
    // What @electron/get does offline: an uncaught error with its stack on stderr.
    writeFileSync(join(electron, 'install.js'), "const e = new Error('getaddrinfo ENOTFOUND github.com'); e.code = 'ENOTFOUND'; throw e;\n");

    const run = spawnSync(process.execPath, [join(root, 'scripts', 'prepare-electron.mjs')], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'prepare-electron: could not download the Electron binary (are you offline?); connect to the internet and run `npm start` again ' +
        "(the installer's output is in .electron-native/electron-install.log).\n",
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(root, '.electron-native', 'electron-install.log'), 'utf8')).toMatch(/ENOTFOUND github\.com[\s\S]*\n\s+at /);
  });
});
