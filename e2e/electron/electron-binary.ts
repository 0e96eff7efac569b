/**
 * Finds the Electron executable on disk without `require('electron')`: requiring it makes
 * Electron 45 try to download its binary, which must never happen from a test run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ELECTRON_DIR = join(REPO_ROOT, 'node_modules', 'electron');

/** Path of the Electron executable, or null with the reason it is not there. */
export function electronExecutable(): { path: string | null; reason: string } {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return { path: null, reason: 'node_modules/electron/path.txt is missing' };
  const executable = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) return { path: null, reason: `${executable} is missing` };
  return { path: executable, reason: '' };
}

/** True when the Electron binary is installed (checked on disk only). */
export function electronBinaryAvailable(): boolean {
  return electronExecutable().path !== null;
}

/** What else the desktop app needs to start: the built bundles and the Electron build of SQLite. */
export function desktopBuildProblem(): string | null {
  for (const rel of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(join(REPO_ROOT, rel))) return `${rel} is missing (run npm run build)`;
  }
  if (!existsSync(join(REPO_ROOT, '.electron-native', 'better_sqlite3.node'))) {
    return '.electron-native/better_sqlite3.node is missing (run npm start once while online)';
  }
  return null;
}
