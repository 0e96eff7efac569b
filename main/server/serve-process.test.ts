/**
 * `npm run serve` as a real process tree (npm → sh → node): stopping npm by its PID must stop
 * the server too, whether npm gets SIGTERM or is killed outright.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every process below `pid` (from ps), with its command line. */
function descendants(pid: number): { pid: number; args: string }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const out: { pid: number; args: string }[] = [];
  const walk = (p: number) => {
    for (const r of rows.filter((x) => x.ppid === p)) {
      out.push({ pid: r.pid, args: r.args });
      walk(r.pid);
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts `npm run serve` on an ephemeral port and resolves once it prints its URL. */
async function startNpmServe(): Promise<{ npm: ChildProcess; url: string; tree: { pid: number; args: string }[] }> {
  const base = mkdtempSync(join(tmpdir(), 'rb-serve-proc-'));
  dirs.push(base);
  const logs = join(base, 'run_logs');
  mkdirSync(join(logs, 'svc'), { recursive: true });
  writeFileSync(join(logs, 'svc', 'run_1.json'), JSON.stringify({ run_id: 'r1', project_id: 'svc', started_at: '2026-11-01T10:00:00Z', total_cost_usd: 0.5 }));
  const npm = spawn('npm', ['run', 'serve', '--', logs, '--no-open', '--port', '0'], {
    cwd: REPO,
    env: { ...process.env, RUNBRAIN_DATA_DIR: join(base, 'data'), CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(npm);
  let out = '';
  let err = '';
  npm.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    npm.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /RunBrain is running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    npm.on('exit', (code) => reject(new Error(`npm run serve exited (${code}) before listening: ${err}`)));
  });
  return { npm, url, tree: descendants(npm.pid!) };
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(process.platform !== 'win32')('npm run serve stopped by its PID', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`${signal} to npm stops the node … serve process and the server`, async () => {
      const { npm, url, tree } = await startNpmServe();
      const server = tree.find((p) => /node .*run-cli\.mjs serve/.test(p.args));
      expect(server, JSON.stringify(tree)).toBeDefined();
      expect(await answers(url)).toBe(true);
      npm.kill(signal);
      const t0 = Date.now();
      while (Date.now() - t0 < 15_000 && tree.some((p) => alive(p.pid))) await new Promise((r) => setTimeout(r, 100));
      expect(tree.filter((p) => alive(p.pid))).toEqual([]);
      expect(await answers(url)).toBe(false);
    }, 180_000);
  }
});
