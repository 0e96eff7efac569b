/** The auto-tune operations on a real core: file-wide and per-project switches, with sources. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRequest } from '../../shared/operations';
import { createCore } from './create-core';
import type { CoreConnection } from './types';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function call<K extends keyof CoreConnection['handlers']>(core: CoreConnection, name: K, req: unknown) {
  return (core.handlers[name] as (r: unknown) => Promise<unknown>)(parseRequest(name, req)) as ReturnType<CoreConnection['handlers'][K]>;
}

async function twoProjects() {
  const base = mkdtempSync(join(tmpdir(), 'rb-tuning-ops-'));
  cleanups.push(() => rmSync(base, { recursive: true, force: true }));
  const logs = join(base, 'run_logs');
  for (const p of ['alpha', 'beta']) {
    mkdirSync(join(logs, p), { recursive: true });
    writeFileSync(join(logs, p, 'run_1.json'), JSON.stringify({ run_id: `${p}-1`, project_id: p, started_at: '2026-11-01T10:00:00Z', mode: '2loop', total_cost_usd: 0.5 }));
  }
  const config = join(base, 'project_config.json');
  writeFileSync(config, '{\n  "mode": "2loop",\n  "auto_tune": { "enabled": false }\n}\n');
  const core = await createCore({ dbPath: join(base, 'rb.db'), dataDir: base, host: 'test', folders: [logs], watch: false });
  cleanups.push(() => core.close());
  await core.ready;
  await call(core, 'linkConfig', { project_id: 'alpha', path: config });
  await call(core, 'linkConfig', { project_id: 'beta', path: config });
  return { core, config };
}

describe('auto-tune operations', () => {
  it('switch one project on without touching the other, then back to inheriting', async () => {
    const { core, config } = await twoProjects();
    const before = await call(core, 'getTuningConfig', { project_id: 'alpha' });
    expect(before).toMatchObject({ enabled: false, config_path: config, sources: { enabled: 'file', apply_safely: 'default' } });

    const alpha = await call(core, 'setAutoTune', { project_id: 'alpha', enabled: true, scope: 'project' });
    expect(alpha).toMatchObject({ enabled: true, sources: { enabled: 'project' }, inherited: { enabled: false } });
    expect(parse(readFileSync(config, 'utf8'))).toEqual({ mode: '2loop', auto_tune: { enabled: false }, projects: { alpha: { auto_tune: { enabled: true } } } });
    expect(await call(core, 'getTuningConfig', { project_id: 'beta' })).toMatchObject({ enabled: false, sources: { enabled: 'file' } });

    const fileWide = await call(core, 'setAutoTune', { project_id: 'beta', enabled: true });
    expect(fileWide).toMatchObject({ enabled: true, sources: { enabled: 'file' } });
    const threshold = await call(core, 'updateTuningConfig', { project_id: 'alpha', patch: { confidence_threshold: 'high' }, scope: 'project' });
    expect(threshold).toMatchObject({ confidence_threshold: 'high', sources: { confidence_threshold: 'project' } });
    expect((await call(core, 'getTuningConfig', { project_id: 'beta' })).confidence_threshold).toBe('medium');

    const inherit = await call(core, 'setAutoTune', { project_id: 'alpha', enabled: null, scope: 'project' });
    expect(inherit).toMatchObject({ enabled: true, sources: { enabled: 'file' } });
  });

  it('refuses a bad request and a read-only file with a UserError, never a plain error', async () => {
    const { core } = await twoProjects();
    expect(() => parseRequest('setAutoTune', { project_id: 'alpha', enabled: true, scope: 'everything' })).toThrow(/scope/);
    await expect(call(core, 'setAutoTune', { project_id: 'ghost', enabled: true })).rejects.toMatchObject({ name: 'UserError', code: 'conflict' });
  });
});
