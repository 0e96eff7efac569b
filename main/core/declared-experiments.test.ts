/**
 * A declared experiment reaches the experiments engine: getExperiments reports it (control_source
 * "declared", only runs since the declaration), refreshes when one is declared or removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest, type OperationName, type RunBrainHandlers } from '../../shared/operations';
import { generateDemo } from '../demo/generate-demo';
import { createCore } from './create-core';
import { engineDeclared } from './experiments';
import type { CoreConnection } from './types';

const END = Date.parse('2026-11-20T12:00:00Z');
/** The declaration is "made" mid-history, so later runs count (the demo's v1.1 → v1.2 switch is 4 weeks before the end). */
const DECLARED_AT = END - 35 * 86_400_000;
/** The core's clock: after the history while ingesting (later runs would be in the future), then back at the declaration. */
let clock = END + 86_400_000;
let base: string;
let core: CoreConnection;
const call = <K extends OperationName>(op: K, payload: unknown) =>
  (core.handlers[op] as (r: unknown) => ReturnType<RunBrainHandlers[K]>)(parseRequest(op, payload));

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'rb-declared-'));
  generateDemo(join(base, 'run_logs'), { seed: 5, projects: 4, now: END });
  core = await createCore({ dbPath: join(base, 'db.sqlite'), dataDir: join(base, 'data'), host: 'test', folders: [join(base, 'run_logs')], watch: false, now: () => clock });
  await core.ready;
  clock = DECLARED_AT;
}, 60_000);
afterAll(async () => {
  await core?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('declared experiments in the experiments engine', () => {
  it('maps a stored declaration to the engine: one variant, counted from its declaration', () => {
    expect(engineDeclared([{ id: 1, project_id: 'p', name: 'n', factor: 'model', control: 'a', treatment: 'b', suggestion_id: null, hypothesis: null, created_at: '2026-01-02T03:04:05.000Z' }]))
      .toEqual([{ name: 'n', factor: 'model', control: 'a', variants: ['b'], start_ms: Date.parse('2026-01-02T03:04:05.000Z') }]);
  });

  it('getExperiments reports it after declaring and drops it after removing', async () => {
    const before = await call('getExperiments', { project_id: 'marketing_site' });
    expect(before.experiments.some((e) => e.control_source === 'declared')).toBe(false);
    const d = await call('declareExperiment', { project_id: 'marketing_site', factor: 'prompt_version', control: 'v1.1', treatment: 'v1.2', name: 'v1.2 rollout' });
    const after = await call('getExperiments', { project_id: 'marketing_site' });
    const mine = after.experiments.find((e) => e.control_source === 'declared')!;
    expect(mine).toMatchObject({ name: 'v1.2 rollout', control: 'v1.1' });
    // Only runs since the declaration count: fewer than all the runs of the two versions.
    const all = after.experiments.find((e) => e.control_source !== 'declared' && e.factor === 'prompt_version');
    const n = (e: typeof mine) => e.variants.reduce((s, v) => s + v.n, 0);
    if (all) expect(n(mine)).toBeLessThan(n(all));
    expect(mine.variants.map((v) => v.value)).toContain('v1.2');
    await call('deleteDeclaredExperiment', { id: d.id });
    expect((await call('getExperiments', { project_id: 'marketing_site' })).experiments.some((e) => e.control_source === 'declared')).toBe(false);
  });
});
