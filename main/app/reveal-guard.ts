/**
 * Which paths "show in folder" may reveal: only files inside the watched run_logs folders and
 * the app's data folder, and the projects' config files with their RunBrain backups. A page
 * that was somehow compromised therefore cannot make the shell point at arbitrary files.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { BACKUP_MARKER } from '../config/atomic-write';

export interface RevealScope {
  /** Folders whose contents may be shown (watched folders, the data folder). */
  folders: string[];
  /** Files that may be shown (config files); their `.runbrain-backup-*` siblings too. */
  files: string[];
}

const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/** Both the path as given and the file it really is, when it exists (symlinks followed). */
function forms(p: string): string[] {
  const abs = resolve(p);
  try {
    const real = realpathSync(abs);
    return real === abs ? [abs] : [abs, real];
  } catch {
    return [abs];
  }
}

function allowedBy(p: string, scope: RevealScope): boolean {
  if (scope.folders.some((f) => forms(f).some((root) => inside(root, p)))) return true;
  return scope.files.some((f) =>
    forms(f).some((file) => p === file || (dirname(p) === dirname(file) && basename(p).startsWith(`${basename(file)}${BACKUP_MARKER}`))),
  );
}

/** True when `path` is absolute and, as given and as resolved through symlinks, inside the scope. */
export function isRevealable(path: string, scope: RevealScope): boolean {
  if (!isAbsolute(path) || path.includes('\0')) return false;
  return forms(path).every((p) => allowedBy(p, scope));
}
