/**
 * Config writes against real files and real second processes: symlinks, modes, owners,
 * read-only files, backup retention and the advisory lock between the hash check and the rename.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type LedgerStore, type Store } from '../store';
import { applyChange, listLedger, previewChange, undoChange, type ApplyRequest } from './apply';
import { pruneBackups, writeBackup, writeFileAtomic } from './atomic-write';
import { lockTiming } from './config-lock';
import { ConfigConflictError, ConfigError } from './jsonc';
import { setTuning } from './tuning';
import { SEED_CONFIG, tempConfig } from './test-fixtures';

const WRITER = join(import.meta.dirname, 'testing', 'config-writer.ts');
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const NOW = new Date('2026-11-21T21:30:00Z');

let store: Store;
let db: LedgerStore;
let dir: string;
let path: string;
beforeEach(async () => {
  ({ dir, path } = tempConfig(SEED_CONFIG));
  store = openStore(join(dir, 'db', 'runbrain.sqlite'));
  db = store.ledger;
});
afterEach(async () => {
  await store.close();
  lockTiming.waitMs = 5000;
});

const files = (d = dir) => readdirSync(d).filter((f) => f !== 'db').sort();

async function applyRounds(value: number, now = NOW, at = path): Promise<Awaited<ReturnType<typeof applyChange>>> {
  const p = previewChange({ path: at, projectId: 'p1', field: 'max_rounds', value });
  const req: ApplyRequest = { path: at, projectId: 'p1', field: 'max_rounds', value, baseHash: p.base_hash, by: 'user', recommendation: null, now };
  return await applyChange(db, req);
}

/** Runs the writer script in another process (optionally as another user) and waits for it. */
function runWriter(args: string[], opts: { uid?: number } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', WRITER, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid, env: { ...process.env, HOME: '/tmp' } } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a symlinked project_config.json', () => {
  it('is written through to its target, atomically beside the target, and stays a link', async () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    const target = join(real, 'project_config.json');
    writeFileSync(target, SEED_CONFIG);
    const link = join(dir, 'linked', 'project_config.json');
    mkdirSync(join(dir, 'linked'));
    symlinkSync(target, link);
    const row = await applyRounds(3, NOW, link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe(SEED_CONFIG.replace('"max_rounds": 5,', '"max_rounds": 3,'));
    // The backup sits beside the real file; nothing but the link is left beside the link.
    expect(readdirSync(join(dir, 'linked'))).toEqual(['project_config.json']);
    expect(files(real)).toEqual(['project_config.json', 'project_config.json.runbrain-backup-20261121T213000Z']);
    expect(row.backup_path).toBe(`${target}.runbrain-backup-20261121T213000Z`);
    expect(row.config_path).toBe(link);
    await undoChange(db, row.id, { now: new Date('2026-11-22T00:00:00Z') });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(SEED_CONFIG);
  });

  it('refuses a link to a missing file and leaves the link', async () => {
    const link = join(dir, 'dangling.json');
    symlinkSync(join(dir, 'gone.json'), link);
    expect(() => writeFileAtomic(link, Buffer.from('{}'))).toThrow(
      new ConfigError(`${link} is a symbolic link to ${join(dir, 'gone.json')}, which does not exist; RunBrain leaves it unchanged.`),
    );
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(files()).toEqual(['dangling.json', 'project_config.json']);
  });

  it('follows a chain of links and a relative link', async () => {
    const target = join(dir, 'project_config.json');
    symlinkSync('project_config.json', join(dir, 'a.json'));
    symlinkSync(join(dir, 'a.json'), join(dir, 'b.json'));
    writeFileAtomic(join(dir, 'b.json'), Buffer.from('{}\n'));
    expect(readFileSync(target, 'utf8')).toBe('{}\n');
    expect(lstatSync(join(dir, 'a.json')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'b.json')).isSymbolicLink()).toBe(true);
  });
});

describe('modes and owners', () => {
  it('refuses a read-only (0444) config with a sentence, writing nothing', async () => {
    chmodSync(path, 0o444);
    const p = previewChange({ path, projectId: 'p1', field: 'max_rounds', value: 3 });
    let err: unknown;
    try {
      await applyChange(db, { path, projectId: 'p1', field: 'max_rounds', value: 3, baseHash: p.base_hash, by: 'user', recommendation: null, now: NOW });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(
      `${path} is read-only (mode 0444); RunBrain does not change read-only files. Make it writable (chmod u+w) to apply changes to it.`,
    );
    expect(readFileSync(path, 'utf8')).toBe(SEED_CONFIG);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(files()).toEqual(['project_config.json']);
    expect(await listLedger(db)).toEqual([]);
    expect(() => setTuning(path, { enabled: true })).toThrow(/is read-only \(mode 0444\)/);
  });

  it('keeps the mode on every write, whatever the umask', async () => {
    chmodSync(path, 0o640);
    const old = process.umask(0o077);
    try {
      const row = await applyRounds(3);
      expect(statSync(path).mode & 0o7777).toBe(0o640);
      expect(statSync(row.backup_path!).mode & 0o777).toBe(0o640);
      setTuning(path, { enabled: true });
      expect(statSync(path).mode & 0o7777).toBe(0o640);
      chmodSync(path, 0o664);
      await undoChange(db, row.id, { now: new Date('2026-11-22T00:00:00Z') });
      expect(statSync(path).mode & 0o7777).toBe(0o664);
    } finally {
      process.umask(old);
    }
  });

  it.runIf(isRoot)('keeps the owner and group of a file that belongs to someone else', async () => {
    chownSync(path, NOBODY, NOBODY);
    await applyRounds(3);
    expect(statSync(path)).toMatchObject({ uid: NOBODY, gid: NOBODY });
    expect(readFileSync(path, 'utf8')).toContain('"max_rounds": 3,');
  });

  it.runIf(isRoot)('refuses, as an ordinary user, a file whose owner the rewrite could not keep', () => {
    // The folder and the file are writable by everyone, but the file belongs to root: a rename
    // by "nobody" would hand the config to nobody, so the write is refused.
    chmodSync(dir, 0o777);
    chmodSync(path, 0o666);
    const r = runWriter(['write', path, '{}'], { uid: NOBODY });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `ConfigError: ${path} belongs to uid 0, gid 0, and RunBrain cannot give the rewritten file the same owner ` +
        "(only its owner or an administrator can); nothing was changed. Apply the change as the file's owner.\n",
    );
    expect(r.status).toBe(3);
    expect(readFileSync(path, 'utf8')).toBe(SEED_CONFIG);
    expect(statSync(path).uid).toBe(0);
    expect(files()).toEqual(['project_config.json']);
  }, 30_000);

  it.runIf(isRoot)('refuses, as an ordinary user, a config that user may not write', () => {
    chmodSync(dir, 0o777);
    chmodSync(path, 0o644);
    const r = runWriter(['write', path, '{}'], { uid: NOBODY });
    expect(r.stdout).toBe(`ConfigError: ${path} is not writable by you (mode 0644, owner uid 0); RunBrain leaves it unchanged.\n`);
    expect(readFileSync(path, 'utf8')).toBe(SEED_CONFIG);
    expect(files()).toEqual(['project_config.json']);
  }, 30_000);
});

describe('backups', () => {
  it('keeps the last 20 per config by default, dropping the oldest', async () => {
    const made: string[] = [];
    for (let i = 0; i < 25; i++) made.push((await applyRounds(i % 2 === 0 ? 3 : 5, new Date(NOW.getTime() + i * 1000))).backup_path!);
    const backups = files().filter((f) => f.includes('.runbrain-backup-'));
    expect(backups).toHaveLength(20);
    expect(backups).toEqual(made.slice(5).map((p) => p.slice(dir.length + 1)));
    expect(await listLedger(db)).toHaveLength(25);
  });

  it('honours another limit, and orders same-second backups by their counter', async () => {
    for (let i = 0; i < 12; i++) writeBackup(path, Buffer.from(String(i)), NOW);
    const removed = pruneBackups(path, 3);
    expect(removed).toHaveLength(9);
    const left = files().filter((f) => f.includes('.runbrain-backup-'));
    expect(left).toEqual([10, 11, 12].map((n) => `project_config.json.runbrain-backup-20261121T213000Z-${n}`));
    expect(readFileSync(join(dir, left[2]), 'utf8')).toBe('11');
    // Files that merely look similar are never touched.
    writeFileSync(join(dir, 'project_config.json.runbrain-backup-notes.txt'), 'mine');
    pruneBackups(path, 0);
    expect(files()).toEqual(['project_config.json', 'project_config.json.runbrain-backup-notes.txt']);
  });
});

describe('the advisory lock between the hash check and the rename', () => {
  /** Starts `hold` in another process and resolves once it holds the lock. */
  function holdInOtherProcess(ms: number, text?: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, 'hold', path, String(ms), ...(text !== undefined ? [text] : [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const locked = new Promise<void>((done, fail) => {
      child.stdout.on('data', (b: Buffer) => b.toString().includes('locked') && done());
      child.on('exit', () => fail(new Error('writer exited before locking')));
    });
    return { child, locked, exited };
  }

  it('makes apply wait for another writer and then see its change as a conflict, never overwrite it', async () => {
    const p = previewChange({ path, projectId: 'p1', field: 'max_rounds', value: 3 });
    const theirs = SEED_CONFIG.replace('"gpt-4o"', '"gpt-5"');
    const w = holdInOtherProcess(600, theirs);
    await w.locked;
    const t0 = Date.now();
    await expect(
      applyChange(db, { path, projectId: 'p1', field: 'max_rounds', value: 3, baseHash: p.base_hash, by: 'user', recommendation: null, now: NOW }),
    ).rejects.toThrow(new ConfigConflictError('project_config.json changed on disk while applying; preview again'));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(await w.exited).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(theirs);
    expect(await listLedger(db)).toEqual([]);
    expect(files()).toEqual(['project_config.json']);
  }, 30_000);

  it('gives up with a conflict sentence when the lock stays held', async () => {
    lockTiming.waitMs = 200;
    const w = holdInOtherProcess(3000);
    await w.locked;
    await expect(applyRounds(3)).rejects.toThrow(
      new RegExp(`another program \\(process ${w.child.pid} on .+\\) is changing project_config.json right now; try again in a moment`),
    );
    expect(readFileSync(path, 'utf8')).toBe(SEED_CONFIG);
    w.child.kill('SIGTERM');
    await w.exited;
  }, 30_000);

  it('breaks the lock of a writer that was killed -9', async () => {
    const w = holdInOtherProcess(60_000);
    await w.locked;
    w.child.kill('SIGKILL');
    await w.exited;
    expect(readdirSync(dir)).toContain('project_config.json.runbrain-lock');
    await applyRounds(3);
    expect(readFileSync(path, 'utf8')).toContain('"max_rounds": 3,');
    expect(files()).not.toContain('project_config.json.runbrain-lock');
  }, 30_000);

  it('loses no update when two processes write the same file at once', async () => {
    writeFileSync(path, '{\n  "counter": 0,\n  "max_rounds": 5\n}\n');
    const N = 150;
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, 'count', path, String(N)], { stdio: 'inherit' });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let applied = 0;
    let conflicts = 0;
    let last = 5;
    let running = true;
    void exited.then(() => (running = false));
    for (let i = 0; running && i < 2000; i++) {
      const value = last === 5 ? 3 : 5;
      try {
        await applyRounds(value, new Date(NOW.getTime() + i));
        applied++;
        last = value;
      } catch (e) {
        if (!(e instanceof ConfigConflictError)) throw e;
        conflicts++;
      }
      await new Promise((r) => setImmediate(r));
    }
    expect(await exited).toBe(0);
    const final = JSON.parse(readFileSync(path, 'utf8')) as { counter: number; max_rounds: number };
    console.log(`concurrent writers: ${N} increments, ${applied} applies, ${conflicts} conflicts`);
    expect(final.counter).toBe(N);
    expect(final.max_rounds).toBe(last);
    expect(await listLedger(db)).toHaveLength(applied);
  }, 60_000);
});
