/**
 * Where the Electron build of better-sqlite3 lives. node_modules holds the Node build (tests,
 * CLI, browser mode); Electron needs one compiled for its own ABI, loaded through
 * better-sqlite3's `nativeBinding` option (see docs/native-modules.md):
 * - development: `<repo>/.electron-native/better_sqlite3.node`, built by scripts/prepare-electron.mjs;
 * - packaged: `<resources>/native/better_sqlite3.node`, copied there by electron-builder.
 */
import { dialog } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_DIR = '.electron-native';
export const NATIVE_FILE = 'better_sqlite3.node';
/** Written next to the .node by prepare-electron.mjs; says which Electron it was built for. */
export const NATIVE_STAMP = 'build-info.json';

export interface BindingLocation {
  isPackaged: boolean;
  /** app.getAppPath(): the repo root in development. */
  appPath: string;
  /** process.resourcesPath. */
  resourcesPath: string;
}

/** Absolute path of the Electron build of better_sqlite3.node. */
export function nativeBindingPath(where: BindingLocation): string {
  return where.isPackaged ? join(where.resourcesPath, 'native', NATIVE_FILE) : join(where.appPath, NATIVE_DIR, NATIVE_FILE);
}

/** Why the binding cannot be used, or null when it looks fine. */
export function nativeBindingProblem(where: BindingLocation, electronVersion: string): string | null {
  const file = nativeBindingPath(where);
  if (!existsSync(file)) {
    return where.isPackaged
      ? `The SQLite module is missing from this installation (${file}). Please reinstall RunBrain.`
      : `The SQLite module built for Electron is missing (${file}). Run \`npm start\` once while online: it downloads Electron's headers and builds it.`;
  }
  if (where.isPackaged) return null;
  // In development a newer Electron after `npm install` needs a rebuild; the stamp tells us.
  try {
    const stamp = JSON.parse(readFileSync(join(where.appPath, NATIVE_DIR, NATIVE_STAMP), 'utf8')) as { electron?: unknown };
    if (stamp.electron !== electronVersion) {
      return `The SQLite module in ${NATIVE_DIR} was built for Electron ${String(stamp.electron)}, but this is Electron ${electronVersion}. Run \`npm start\` once while online to rebuild it.`;
    }
  } catch {
    // No stamp (built by hand): trust the file; a wrong ABI still fails loudly when opened.
  }
  return null;
}

/** Resolves the binding, or shows a clear error dialog and returns null (the caller quits). */
export function resolveNativeBindingOrExplain(where: BindingLocation, electronVersion: string): string | null {
  const problem = nativeBindingProblem(where, electronVersion);
  if (problem) {
    dialog.showErrorBox('RunBrain cannot open its database', problem);
    return null;
  }
  return nativeBindingPath(where);
}
