import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunBrainEvent } from '../../shared/events';
import { parseRequest } from '../../shared/operations';
import { generateDemo } from '../demo/generate-demo';
import { createCore } from './create-core';
import type { CoreConnection } from './types';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function call<K extends keyof CoreConnection['handlers']>(core: CoreConnection, name: K, req: unknown) {
  const handler = core.handlers[name] as (r: unknown) => Promise<unknown>;
  return handler(parseRequest(name, req)) as ReturnType<CoreConnection['handlers'][K]>;
}

describe('auto-tune after new runs arrive', () => {
  it('applies eligible recommendations to the config, marks it and records them in the ledger', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rb-autotune-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    const logs = join(base, 'run_logs');
    generateDemo(logs, { seed: 42, now: Date.parse('2026-11-20T12:00:00Z') });
    const core = await createCore({ dbPath: join(base, 'data', 'rb.db'), dataDir: join(base, 'data'), host: 'test', folders: [logs] });
    cleanups.push(() => core.close());
    await core.ready;

    const projects = await call(core, 'listProjects', {});
    const target = projects.find((p) => p.open_recommendations > 0 && p.config_path)!;
    const recs = await call(core, 'getRecommendations', { project_id: target.project_id });
    const eligible = recs.recommendations.filter((r) => r.confidence !== 'low');
    expect(eligible.length).toBeGreaterThan(0);

    const tuning = await call(core, 'setAutoTune', { project_id: target.project_id, enabled: true });
    expect(tuning.enabled).toBe(true);
    expect(readFileSync(target.config_path!, 'utf8')).toMatch(/"enabled":\s*true/);

    const tuned = new Promise<Extract<RunBrainEvent, { type: 'auto-tune' }>>((resolve) =>
      core.subscribe((e) => {
        if (e.type === 'auto-tune' && e.project_id === target.project_id) resolve(e);
      }),
    );
    writeFileSync(
      join(logs, target.project_id, 'run_new_arrival.json'),
      JSON.stringify({ run_id: 'new-arrival', project_id: target.project_id, started_at: '2026-11-20T11:00:00Z', mode: '2loop', total_cost_usd: 0.9, qa_status: 'passed' }),
    );
    const event = await tuned;
    expect(event.error).toBeNull();
    expect(event.applied.map((e) => e.field).sort()).toEqual(eligible.map((r) => r.field).sort());
    expect(event.applied.every((e) => e.applied_by === 'auto-tune')).toBe(true);

    const config = readFileSync(target.config_path!, 'utf8');
    expect(config).toMatch(/"_auto_tuned":\s*true/);
    for (const r of eligible) expect(config).toContain(String(r.recommended_value));
    const ledger = await call(core, 'listLedger', { project_id: target.project_id });
    expect(ledger.filter((e) => e.applied_by === 'auto-tune')).toHaveLength(eligible.length);
    // Applied recommendations are no longer open: the config now holds the recommended values.
    const after = await call(core, 'getRecommendations', { project_id: target.project_id });
    for (const r of eligible) expect(after.recommendations.some((x) => x.id === r.id)).toBe(false);
  });
});

describe('per-project auto-tune after new runs arrive', () => {
  it('tunes only the project whose own auto_tune section enables it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rb-autotune-project-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    const logs = join(base, 'run_logs');
    generateDemo(logs, { seed: 42, now: Date.parse('2026-11-20T12:00:00Z') });
    const core = await createCore({ dbPath: join(base, 'data', 'rb.db'), dataDir: join(base, 'data'), host: 'test', folders: [logs] });
    cleanups.push(() => core.close());
    await core.ready;

    const projects = await call(core, 'listProjects', {});
    const eligible: string[] = [];
    for (const p of projects.filter((x) => x.open_recommendations > 0 && x.config_path)) {
      const recs = await call(core, 'getRecommendations', { project_id: p.project_id });
      if (recs.recommendations.some((r) => r.confidence !== 'low')) eligible.push(p.project_id);
    }
    expect(eligible.length, 'two demo projects have eligible recommendations').toBeGreaterThanOrEqual(2);
    const [target, other] = eligible;
    const tuning = await call(core, 'setAutoTune', { project_id: target, enabled: true, scope: 'project' });
    expect(tuning).toMatchObject({ enabled: true, sources: { enabled: 'project' }, inherited: { enabled: false } });
    expect((await call(core, 'getTuningConfig', { project_id: other })).enabled).toBe(false);

    const arrived = (project: string) =>
      new Promise<void>((resolve) => core.subscribe((e) => e.type === 'runs-changed' && e.project_ids.includes(project) && resolve()));
    const tuned = new Promise<Extract<RunBrainEvent, { type: 'auto-tune' }>>((resolve) =>
      core.subscribe((e) => e.type === 'auto-tune' && e.project_id === target && resolve(e)),
    );
    const newRun = (project: string) =>
      writeFileSync(
        join(logs, project, `run_new_${project}.json`),
        JSON.stringify({ run_id: `new-${project}`, project_id: project, started_at: '2026-11-20T11:00:00Z', mode: '2loop', total_cost_usd: 0.9, qa_status: 'passed' }),
      );
    const otherArrived = arrived(other);
    newRun(other);
    await otherArrived;
    newRun(target);
    const event = await tuned;
    expect(event.error).toBeNull();
    expect(event.applied.length).toBeGreaterThan(0);
    expect((await call(core, 'listLedger', { project_id: other })).filter((e) => e.applied_by === 'auto-tune')).toEqual([]);
    const config = parse(readFileSync(projects[0].config_path!, 'utf8')) as { projects: Record<string, Record<string, unknown>> };
    expect(config.projects[target]._auto_tuned).toBe(true);
    expect(config.projects[other]._auto_tuned).toBeUndefined();
  });
});
