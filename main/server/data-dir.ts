/** Where RunBrain keeps its database, demo data and backups when no path is given. */
import { homedir } from 'node:os';
import { join } from 'node:path';

const APP_DIR_NAME = 'RunBrain';

interface DataDirInputs {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** `$RUNBRAIN_DATA_DIR`, else the OS's conventional per-user app-data folder for RunBrain. */
export function resolveDataDir({ env = process.env, platform = process.platform, home = homedir() }: DataDirInputs = {}): string {
  const explicit = env.RUNBRAIN_DATA_DIR?.trim();
  if (explicit) return explicit;
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      // %APPDATA% is Roaming; Electron's app.getPath('appData') uses the same folder.
      return join(env.APPDATA?.trim() || join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      // XDG base directory spec: $XDG_DATA_HOME, defaulting to ~/.local/share.
      return join(env.XDG_DATA_HOME?.trim() || join(home, '.local', 'share'), APP_DIR_NAME);
  }
}

/** The default database file inside a data dir. */
export const defaultDbPath = (dataDir: string): string => join(dataDir, 'runbrain.db');
