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
import { analyzeExperiments, EXPERIMENT_FACTORS } from '../engine/experiments';
import type { ExperimentRun } from '../engine/experiments/types';
import { openStore } from '../store';
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

  it('a full declaration: variants, start date, primary metric, guardrail, MDE and planned split reach the engine', async () => {
    const start = '2026-09-01';
    const d = await call('declareExperiment', {
      project_id: 'marketing_site', factor: 'prompt_version', control: 'v1.1', variants: ['v1.2'], start_at: start,
      primary_metric: 'pass_rate', guardrails: ['cost'], mde: 0.05, planned_split: { 'v1.1': 1, 'v1.2': 1 }, name: 'full',
    });
    expect(d.spec).toEqual({ variants: ['v1.2'], start_at: '2026-09-01T00:00:00.000Z', primary_metric: 'pass_rate', guardrails: ['cost'], mde: 0.05, planned_split: { 'v1.1': 1, 'v1.2': 1 } });
    expect(engineDeclared([d])).toEqual([{
      name: 'full', factor: 'prompt_version', control: 'v1.1', variants: ['v1.2'], start_ms: Date.parse(start),
      primary_metric: 'pass_rate', guardrails: ['cost'], mde: 0.05, planned_split: { 'v1.1': 1, 'v1.2': 1 },
    }]);
    const mine = (await call('getExperiments', { project_id: 'marketing_site' })).experiments.find((e) => e.name === 'full')!;
    expect(mine).toMatchObject({ control_source: 'declared', primary_metric: 'pass_rate', guardrail_metric: 'cost' });
    // The planned split gives the sample-ratio check.
    expect(mine.srm).not.toBeNull();
    await call('deleteDeclaredExperiment', { id: d.id });
  });

  it('reads only the runs since the earliest declared start, and answers as if it had read them all', async () => {
    const start = Date.parse('2026-10-01T00:00:00Z');
    const d = await call('declareExperiment', { project_id: 'marketing_site', factor: 'prompt_version', control: 'v1.2', variants: ['v1.1'], start_at: '2026-10-01', name: 'sliced' });
    const mine = (await call('getExperiments', { project_id: 'marketing_site' })).experiments.find((e) => e.name === 'sliced')!;
    const store = openStore(join(base, 'db.sqlite'));
    try {
      const all = await store.experiments.runs('marketing_site');
      const since = await store.experiments.runs('marketing_site', start);
      expect(since.length).toBeGreaterThan(0);
      expect(since.length).toBeLessThan(all.length);
      expect(since.every((r) => r.started_ms != null && r.started_ms >= start)).toBe(true);
      // The whole history through the engine: the same experiment, runs per day included.
      const ref = analyzeExperiments(all as ExperimentRun[], { controls: {}, declared: engineDeclared([d]), only: ['prompt_version'], factors: [...EXPERIMENT_FACTORS] })
        .find((e) => e.name === 'sliced')!;
      // Declared after another was removed: the same id again, a new declaration (the cache must see it).
      expect(mine, 'reported').toBeDefined();
      expect(ref, 'reference').toBeDefined();
      expect(JSON.parse(JSON.stringify(mine))).toEqual(JSON.parse(JSON.stringify(ref)));
    } finally {
      await store.close();
      await call('deleteDeclaredExperiment', { id: d.id });
    }
  });

  it('refuses a bad declaration naming the field', async () => {
    const base = { project_id: 'marketing_site', factor: 'prompt_version', control: 'v1.1' };
    await expect(call('declareExperiment', { ...base, variants: ['v1.1', 'v1.2'] })).rejects.toThrow('variants: "v1.1" is the control: a variant must differ from it.');
    await expect(call('declareExperiment', { ...base, variants: ['v1.2'], start_at: 'soon' })).rejects.toThrow('start_at: "soon" is not a date');
    await expect(call('declareExperiment', { ...base, factor: 'harness', variants: ['v1.2'] })).rejects.toThrow('factor: "harness" is not a factor');
    await expect(call('declareExperiment', { ...base, variants: ['v1.2'], primary_metric: 'pass_rate', mde: 5 })).rejects.toThrow('mde: for pass rate the effect is in points: below 100.');
    await expect(call('declareExperiment', { ...base, variants: ['v1.2'], planned_split: { 'v1.1': 1 } })).rejects.toThrow('planned_split: give one share per arm (v1.1, v1.2).');
    await expect(call('declareExperiment', { ...base, variants: ['v1.2'], guardrails: ['cost_per_pass'] })).rejects.toThrow('guardrails: "cost_per_pass" is the primary metric');
    expect((await call('listDeclaredExperiments', { project_id: 'marketing_site' })).length).toBe(0);
  });
});
