/**
 * Crash-safe file replacement and backups. The new bytes go to a temp file beside the real
 * target (through any symlink, so the link stays a link and the rename cannot cross file
 * systems), get the target's mode and owner, are fsynced, then renamed over the target, then
 * the directory is fsynced so the rename itself survives a power cut. A reader sees either the
 * old file or the new one, never a mix. A read-only target, or one whose owner a new file
 * could not keep, is refused with a sentence and left as it was.
 */
import {
  closeSync,
  constants,
  existsSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { assertWritable, ownerNotKept, statTarget, writeTarget } from './file-access';
import { ConfigError } from './jsonc';

/** The file operations that tests replace to simulate failures (e.g. a rename that fails). */
export const atomicFs = { rename: renameSync };

/** Marker in temp-file names, so a leftover from a crash is recognisable. */
export const TEMP_MARKER = '.runbrain-tmp-';
export const BACKUP_MARKER = '.runbrain-backup-';
/** Backups kept per config file unless the caller says otherwise (the oldest go first). */
export const DEFAULT_BACKUPS_KEPT = 20;

/**
 * Gives the open file `fd` the mode and owner of `like` (when known). A new file belongs to
 * whoever creates it, so keeping the owner needs chown: an ordinary user may only keep their
 * own files (and groups they belong to), so anything else is refused rather than handed over.
 */
function matchModeAndOwner(fd: number, like: Stats | null, label: string): void {
  if (!like) return;
  if (process.platform !== 'win32') {
    const mine = fstatSync(fd);
    if (mine.uid !== like.uid || mine.gid !== like.gid) {
      try {
        fchownSync(fd, like.uid, like.gid);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPERM' || code === 'EACCES' || code === 'EINVAL') throw ownerNotKept(label, like);
        throw e;
      }
    }
  }
  // After chown, which may clear set-id bits; explicit, because open's mode is cut by the umask.
  fchmodSync(fd, like.mode & 0o7777);
}

/** Creates `file` (never an existing one); private until its final mode is set, unless `mode` says otherwise. */
function createExclusive(file: string, dirLabel: string, mode = 0o600): number {
  try {
    return openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new ConfigError(`cannot write in ${dirLabel}: the folder is not writable by you (${code}); nothing was changed.`);
    }
    throw e;
  }
}

function writeAllAndSync(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
  fsyncSync(fd);
}

function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

const removeQuietly = (file: string): void => {
  try {
    unlinkSync(file);
  } catch {
    // Not created, or already renamed: nothing to clean.
  }
};

/**
 * Replaces the file `path` points to with `data` atomically, keeping its mode and owner; a
 * symlink at `path` stays and its target gets the bytes. Leaves no temp file behind.
 */
export function writeFileAtomic(path: string, data: Buffer): void {
  const target = writeTarget(path);
  const st = statTarget(target);
  if (st) assertWritable(target, st, target === path ? path : `${path} (a link to ${target})`);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`);
  // A brand-new file gets the usual 0666 minus the umask; a replacement the old file's mode.
  const fd = createExclusive(temp, dir, st ? 0o600 : 0o666);
  try {
    try {
      matchModeAndOwner(fd, st, target);
      writeAllAndSync(fd, data);
    } finally {
      closeSync(fd);
    }
    atomicFs.rename(temp, target);
  } catch (e) {
    removeQuietly(temp);
    throw e;
  }
  fsyncDir(dir);
}

/** `20261121T213000Z` for a Date: sortable, no characters Windows forbids in file names. */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Writes `bytes` (the file's content before a change) beside the real file `path` points to,
 * as `<name>.runbrain-backup-<stamp>`; `-2`, `-3`… when several changes share a second. Same
 * mode as the file (a backup is as private as the config). Returns the backup's path. Never
 * overwrites an existing file.
 */
export function writeBackup(path: string, bytes: Buffer, now: Date): string {
  const target = writeTarget(path);
  const st = statTarget(target);
  const base = `${target}${BACKUP_MARKER}${backupStamp(now)}`;
  for (let i = 1; i < 1000; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    if (existsSync(candidate)) continue;
    let fd: number;
    try {
      fd = createExclusive(candidate, dirname(target));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    try {
      try {
        if (st) fchmodSync(fd, st.mode & 0o777);
        writeAllAndSync(fd, bytes);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      removeQuietly(candidate);
      throw e;
    }
    fsyncDir(dirname(target));
    return candidate;
  }
  throw new Error(`too many backups of ${path} in one second`);
}

/** Stamp and same-second counter of a backup name, for ordering (`-10` after `-9`). */
function backupOrder(name: string, prefix: string): [string, number] | null {
  const m = /^(\d{8}T\d{6}Z)(?:-(\d+))?$/.exec(name.slice(prefix.length));
  return m ? [m[1], m[2] ? Number(m[2]) : 1] : null;
}

/**
 * Deletes all but the newest `keep` backups of the file `path` points to; returns the paths
 * removed. Only files named as writeBackup names them are considered.
 */
export function pruneBackups(path: string, keep = DEFAULT_BACKUPS_KEPT): string[] {
  const target = writeTarget(path);
  const dir = dirname(target);
  const prefix = `${basename(target)}${BACKUP_MARKER}`;
  const backups = readdirSync(dir)
    .filter((n) => n.startsWith(prefix))
    .map((n) => ({ n, order: backupOrder(n, prefix) }))
    .filter((b): b is { n: string; order: [string, number] } => b.order !== null)
    .sort((a, b) => (a.order[0] < b.order[0] ? -1 : a.order[0] > b.order[0] ? 1 : a.order[1] - b.order[1]));
  const removed: string[] = [];
  for (const b of backups.slice(0, Math.max(0, backups.length - Math.max(0, keep)))) {
    const file = join(dir, b.n);
    removeQuietly(file);
    removed.push(file);
  }
  return removed;
}
