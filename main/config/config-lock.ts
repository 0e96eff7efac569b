/**
 * An advisory lock per config file, held from the last hash check to the rename, so that two
 * RunBrain writers (the app, `runbrain tune --write`, a second window) never interleave there.
 * Node has no flock, so the lock is a file created with O_EXCL beside the target:
 * `<name>.runbrain-lock`, holding the owner's pid, host and start time. A lock whose process is
 * gone (same host) or that is older than `staleMs` is broken; otherwise a writer waits up to
 * `waitMs` and then refuses with a conflict. Editors that ignore the lock are still caught by
 * the hash re-check made under it.
 */
import { closeSync, constants, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigConflictError } from './jsonc';
import { writeTarget } from './file-access';

export const LOCK_SUFFIX = '.runbrain-lock';

/** Timing of the lock (tests shorten it). */
export const lockTiming = { waitMs: 5000, staleMs: 60_000, pollMs: 10 };

/** Locks this process holds, with their depth: the lock is reentrant within one process. */
const held = new Map<string, { depth: number; token: string }>();

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** A synchronous pause: config writes run inside synchronous SQLite transactions. */
const sleepSync = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

interface LockInfo {
  pid: number;
  host: string;
  startedMs: number;
  token: string;
}

function readLock(lockPath: string): LockInfo | null {
  try {
    const [pid, host, startedMs, token] = readFileSync(lockPath, 'utf8').split('\n');
    return { pid: Number(pid), host, startedMs: Number(startedMs), token };
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(info: LockInfo | null, now: number): boolean {
  if (info === null) return false; // Being written right now, or just removed: look again.
  if (info.host === hostname() && !processAlive(info.pid)) return true;
  return now - info.startedMs > lockTiming.staleMs;
}

/** Moves a stale lock aside and removes it, so two breakers cannot both delete a fresh lock. */
function breakLock(lockPath: string, stale: LockInfo): void {
  const aside = `${lockPath}.stale-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  const moved = readLock(aside);
  if (moved && moved.token !== stale.token) {
    // Someone else took the lock between our read and the rename: give it back.
    try {
      renameSync(aside, lockPath);
    } catch {
      // The owner will find its lock gone and its re-check still protects the file.
    }
    return;
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already gone.
  }
}

function tryCreate(lockPath: string, token: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${process.pid}\n${hostname()}\n${Date.now()}\n${token}`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Runs `fn` while holding the advisory lock of the file `path` resolves to (through symlinks). */
export function withConfigLock<T>(path: string, fn: () => T): T {
  const lockPath = `${writeTarget(path)}${LOCK_SUFFIX}`;
  const mine = held.get(lockPath);
  if (mine) {
    mine.depth++;
    try {
      return fn();
    } finally {
      mine.depth--;
    }
  }
  const token = acquire(path, lockPath);
  try {
    return fn();
  } finally {
    release(lockPath, token);
  }
}

/** Callers in this process waiting for a config's lock in withConfigLockAsync, per lock file. */
const queued = new Map<string, Promise<void>>();

/**
 * withConfigLock for work that awaits (the ledger row is an asynchronous unit of the store): the
 * same lock file against other processes, and one caller at a time within this one (an async
 * caller cannot count as re-entrant: another flow may run while it waits).
 */
export async function withConfigLockAsync<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = `${writeTarget(path)}${LOCK_SUFFIX}`;
  const before = queued.get(lockPath) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((r) => (done = r));
  const tail = before.then(() => mine);
  queued.set(lockPath, tail);
  await before;
  try {
    const token = acquire(path, lockPath);
    try {
      return await fn();
    } finally {
      release(lockPath, token);
    }
  } finally {
    done();
    if (queued.get(lockPath) === tail) queued.delete(lockPath);
  }
}

/** Takes the lock file (breaking a stale one, waiting up to lockTiming.waitMs); returns its token. */
function acquire(path: string, lockPath: string): string {
  const target = writeTarget(path);
  const token = randomBytes(8).toString('hex');
  const deadline = Date.now() + lockTiming.waitMs;
  let owner: LockInfo | null = null;
  while (!tryCreate(lockPath, token)) {
    owner = readLock(lockPath);
    if (isStale(owner, Date.now())) {
      breakLock(lockPath, owner as LockInfo);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = owner ? ` (process ${owner.pid} on ${owner.host})` : '';
      throw new ConfigConflictError(
        `another program${who} is changing ${basename(target)} right now; try again in a moment ` +
          `(if nothing is running, delete ${basename(lockPath)})`,
      );
    }
    sleepSync(lockTiming.pollMs);
  }
  held.set(lockPath, { depth: 1, token });
  return token;
}

function release(lockPath: string, token: string): void {
  held.delete(lockPath);
  if (readLock(lockPath)?.token === token) {
    try {
      unlinkSync(lockPath);
    } catch {
      // Removed by someone who judged it stale: nothing left to release.
    }
  }
}
