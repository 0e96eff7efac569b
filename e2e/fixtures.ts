/**
 * Playwright fixtures for browser mode. Every test gets its own data dir and run_logs folder and
 * its own `runbrain serve` process (the built bin/runbrain.js), and waits on the app's explicit
 * ready marker, never on sleeps.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(REPO_ROOT, 'bin', 'runbrain.js');

export interface Workspace {
  root: string;
  /** RUNBRAIN_DATA_DIR of the server: database, demo data, backups. */
  dataDir: string;
  /** The run_logs folder handed to `serve`. */
  logsDir: string;
  dbPath: string;
}

export interface RunningServer {
  /** The printed URL, with `?token=`. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  /** Calls an operation the way the page does (token header), for setup and assertions. */
  op<T = unknown>(name: string, request?: unknown): Promise<T>;
}

export type AppState = 'loaded' | 'onboarding';

interface Fixtures {
  workspace: Workspace;
  /** Starts `runbrain serve`, watching the workspace's run_logs unless `folder: false`. */
  startServer: (options?: { folder?: boolean }) => Promise<RunningServer>;
  /** Opens the printed URL (token → cookie) and waits for `[data-app-state=<state>]`. */
  openApp: (server: RunningServer, options?: { hash?: string; state?: AppState }) => Promise<void>;
  /** Saves a full-page screenshot to test-results/screenshots/<name>.png (the output dir) and attaches it. */
  saveScreenshot: (name: string) => Promise<void>;
}

const MAX_SCREENSHOT_HEIGHT = 3_000;
const READY_LINE = /RunBrain is running at (http:\/\/\S+)/;

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
  await exited;
  clearTimeout(timer);
}

function spawnServer(ws: Workspace, folder: boolean, testInfo: TestInfo): Promise<{ child: ChildProcess; server: RunningServer }> {
  const args = [CLI, 'serve', ...(folder ? [ws.logsDir] : []), '--port', '0', '--db', ws.dbPath, '--no-open'];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, RUNBRAIN_DATA_DIR: ws.dataDir, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => fail(new Error(`runbrain serve printed no URL within 30 s.\nstdout:\n${stdout}\nstderr:\n${stderr}`)), 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      rejectStart(err);
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`runbrain serve exited with ${code} before it was ready.\nstderr:\n${stderr}`));
    child.once('exit', onEarlyExit);
    const onStdout = (c: Buffer) => {
      stdout += c.toString();
      const match = READY_LINE.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.stdout!.off('data', onStdout);
      child.stdout!.resume();
      const url = new URL(match[1]);
      const token = url.searchParams.get('token') ?? '';
      const origin = url.origin;
      testInfo.annotations.push({ type: 'server', description: origin });
      resolveStart({
        child,
        server: {
          url: match[1],
          origin,
          port: Number(url.port),
          token,
          stderr: () => stderr,
          async op<T>(name: string, request: unknown = {}) {
            const res = await fetch(`${origin}/api/op/${name}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-runbrain-token': token },
              body: JSON.stringify(request),
            });
            const body = (await res.json()) as T & { error?: string };
            if (!res.ok) throw new Error(`${name}: HTTP ${res.status} ${body.error ?? ''}`);
            return body;
          },
        },
      });
    };
    child.stdout!.on('data', onStdout);
  });
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  workspace: async ({}, use) => {
    const root = mkdtempSync(join(tmpdir(), 'rb-e2e-'));
    const ws: Workspace = { root, dataDir: join(root, 'data'), logsDir: join(root, 'run_logs'), dbPath: join(root, 'data', 'runbrain.db') };
    mkdirSync(ws.dataDir, { recursive: true });
    mkdirSync(ws.logsDir, { recursive: true });
    await use(ws);
    rmSync(root, { recursive: true, force: true });
  },

  startServer: async ({ workspace }, use, testInfo) => {
    const children: ChildProcess[] = [];
    const servers: RunningServer[] = [];
    await use(async ({ folder = true } = {}) => {
      const { child, server } = await spawnServer(workspace, folder, testInfo);
      children.push(child);
      servers.push(server);
      return server;
    });
    for (const child of children) await stopProcess(child);
    const log = servers.map((s) => s.stderr()).join('\n').trim();
    if (log) await testInfo.attach('server-stderr.txt', { body: log, contentType: 'text/plain' });
  },

  openApp: async ({ page }, use) => {
    await use(async (server, { hash = '', state = 'loaded' } = {}) => {
      // The printed URL trades its token for a cookie and redirects to `/`; then go to the route.
      await page.goto(server.url);
      if (hash) await page.goto(`${server.origin}/${hash}`);
      await expect(page.locator(`[data-app-state="${state}"]`)).toBeVisible({ timeout: 30_000 });
    });
  },

  saveScreenshot: async ({ page }, use, testInfo) => {
    await use(async (name) => {
      // test-results/screenshots/ by default; follows --output.
      const path = join(testInfo.project.outputDir, 'screenshots', `${name}.png`);
      // The app scrolls inside <main>, so fullPage alone shows one screen: grow the viewport to
      // the page's content (capped) for the shot, then put it back.
      const viewport = page.viewportSize();
      const contentHeight = await page.evaluate<number>("document.getElementById('main')?.scrollHeight ?? 0");
      const grow = viewport && contentHeight > viewport.height;
      if (grow) {
        await page.setViewportSize({ width: viewport.width, height: Math.min(contentHeight, MAX_SCREENSHOT_HEIGHT) });
        await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      }
      await page.screenshot({ path, fullPage: true, animations: 'disabled' });
      if (grow) await page.setViewportSize(viewport);
      await testInfo.attach(name, { path, contentType: 'image/png' });
    });
  },
});

export { expect };
export type { Page };

/** Writes demo run_logs with the CLI (`runbrain demo`), the same generator the app's button uses. */
export function writeDemoLogs(dir: string, runsPerProject?: number): void {
  const args = [CLI, 'demo', dir, '--force', ...(runsPerProject ? ['--runs', String(runsPerProject)] : [])];
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`runbrain demo failed: ${result.stderr}`);
}

/** Polls an operation until `check` holds (ingest finishing, a file being picked up). */
export async function waitForOp<T>(server: RunningServer, name: string, request: unknown, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  let last: T | undefined;
  await expect
    .poll(
      async () => {
        last = await server.op<T>(name, request);
        return check(last);
      },
      { timeout: timeoutMs, intervals: [50, 100, 250] },
    )
    .toBe(true);
  return last as T;
}
