/** Where RunBrain keeps its database, demo data and logs when no --db is given. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RUNBRAIN_DATA_DIR) return env.RUNBRAIN_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'RunBrain');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'RunBrain');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'RunBrain');
}
