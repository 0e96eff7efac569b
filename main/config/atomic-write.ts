/**
 * Crash-safe file replacement and backups. The new bytes go to a temp file in the same
 * directory (so the rename cannot cross file systems), are fsynced, then renamed over the
 * target, then the directory is fsynced so the rename itself survives a power cut. A reader
 * sees either the old file or the new one, never a mix.
 */
import { closeSync, constants, existsSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** The file operations that tests replace to simulate failures (e.g. a rename that fails). */
export const atomicFs = { rename: renameSync };

/** Marker in temp-file names, so a leftover from a crash is recognisable. */
export const TEMP_MARKER = '.runbrain-tmp-';
export const BACKUP_MARKER = '.runbrain-backup-';

function writeAllAndSync(file: string, data: Buffer, mode: number): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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

function modeOf(path: string): number {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return 0o644;
  }
}

/** Replaces `path` with `data` atomically, keeping its permissions. Leaves no temp file behind. */
export function writeFileAtomic(path: string, data: Buffer): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeAllAndSync(temp, data, modeOf(path));
    atomicFs.rename(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // Not created, or already renamed: nothing to clean.
    }
    throw e;
  }
  fsyncDir(dir);
}

/** `20261121T213000Z` for a Date: sortable, no characters Windows forbids in file names. */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Writes `bytes` (the file's content before a change) beside it as
 * `<name>.runbrain-backup-<stamp>`; `-2`, `-3`… when several changes share a second.
 * Returns the backup's path. Never overwrites an existing file.
 */
export function writeBackup(path: string, bytes: Buffer, now: Date): string {
  const base = `${path}${BACKUP_MARKER}${backupStamp(now)}`;
  for (let i = 1; i < 1000; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    if (existsSync(candidate)) continue;
    try {
      writeAllAndSync(candidate, bytes, modeOf(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      try {
        unlinkSync(candidate);
      } catch {
        // Never created.
      }
      throw e;
    }
    fsyncDir(dirname(path));
    return candidate;
  }
  throw new Error(`too many backups of ${path} in one second`);
}
