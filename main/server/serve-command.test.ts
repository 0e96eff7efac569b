import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../cli/io';
import { parseServeArgs, runServeCommand } from '../cli/serve';
import { createCore } from '../core/create-core';
import type { HttpBridge } from './http-bridge';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rb-serve-'));
  dirs.push(d);
  return d;
}

const collect = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } } };
};

describe('runbrain serve arguments', () => {
  it('defaults to an ephemeral port on 127.0.0.1 and opening the browser', () => {
    expect(parseServeArgs([])).toEqual({ folder: null, port: 0, host: '127.0.0.1', db: null, open: true });
    expect(parseServeArgs(['--no-open', '--port', '8080', '--host', '::1']).open).toBe(false);
  });

  it('refuses a non-loopback host, a bad port, a missing folder and two folders', () => {
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(UsageError);
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(/loopback/);
    expect(() => parseServeArgs(['--port', 'http'])).toThrow(/--port/);
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseServeArgs(['/definitely/not/here'])).toThrow(/not a folder/);
    const d = tempDir();
    expect(() => parseServeArgs([d, d])).toThrow(/at most one folder/);
  });
});

describe('runServeCommand', () => {
  it('serves the renderer and the operations until stopped, then exits 0', async () => {
    const base = tempDir();
    const staticDir = join(base, 'renderer');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><div id="root" data-app-state="loading"></div>');
    const logs = join(base, 'run_logs');
    mkdirSync(join(logs, 'svc'), { recursive: true });
    writeFileSync(join(logs, 'svc', 'run_1.json'), JSON.stringify({ run_id: 'r1', project_id: 'svc', started_at: '2026-11-01T10:00:00Z', total_cost_usd: 0.5 }));
    const { out, io } = collect();
    const stop = new AbortController();
    let bridge: HttpBridge | null = null;
    const exit = runServeCommand([logs, '--port', '0', '--no-open'], io, {
      signal: stop.signal,
      staticDir,
      env: { RUNBRAIN_DATA_DIR: join(base, 'data') },
      onListening: (b) => (bridge = b),
      // In-process: the worker entry is a built file; under vitest the sources run directly.
      startCore: createCore,
    });
    await expect.poll(() => bridge, { timeout: 20_000 }).not.toBeNull();
    const b = bridge as unknown as HttpBridge;
    expect(out.stdout).toContain(`RunBrain is running at http://127.0.0.1:${b.port}/?token=${b.token}`);
    const headers = { 'x-runbrain-token': b.token, 'content-type': 'application/json' };
    const origin = `http://127.0.0.1:${b.port}`;
    expect((await fetch(`${origin}/`, { headers })).status).toBe(200);
    const status = (await (await fetch(`${origin}/api/op/getStatus`, { method: 'POST', headers, body: '{}' })).json()) as { host: string; db_path: string; folders: string[] };
    expect(status.host).toBe('browser');
    expect(status.db_path).toBe(join(base, 'data', 'runbrain.db'));
    expect(status.folders).toEqual([logs]);
    // Host-only operations answer "unsupported" in browser mode instead of failing.
    const picked = await (await fetch(`${origin}/api/op/pickFolder`, { method: 'POST', headers, body: '{}' })).json();
    expect(picked).toEqual({ path: null, supported: false });

    stop.abort();
    expect(await exit).toBe(0);
    await expect(fetch(`${origin}/`, { headers })).rejects.toThrow();
    expect(out.stderr).toBe('');
  }, 40_000);

  it('fails with one sentence when the renderer is not built', async () => {
    const base = tempDir();
    const { io } = collect();
    await expect(runServeCommand(['--no-open'], io, { staticDir: base, env: { RUNBRAIN_DATA_DIR: base } })).rejects.toThrow(
      'The dashboard is not built yet (out/renderer/index.html is missing); run "npm run build" first.',
    );
  });
});
