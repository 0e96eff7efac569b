import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/sampling';
import { analyzeFactorSums, type ExperimentSpec } from './analyze-sums';
import { analyzeExperiments, experimentsFromSums, runsPerDay } from './analyze';
import { addRun, buildAllFactorSums, buildFactorSums, emptyArm, mergeFactorSums } from './sums';
import { lognormalRun } from './test-runs';
import type { ExperimentRun } from './types';

function runs(seed: number, n: number): ExperimentRun[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const mode = rng.next() < 0.5 ? 'A' : 'B';
    const model = rng.next() < (mode === 'B' ? 0.8 : 0.2) ? 'm2' : 'm1';
    const r = lognormalRun(rng, { mode, model }, model === 'm2' ? 0.7 : 1, 0.4, 0.85);
    return { ...r, started_ms: Date.UTC(2026, 0, 1) + i * 3_600_000, task_id: `t${i % 40}`, duration_s: 10 + (i % 7), retries: i % 3 };
  });
}

const spec: ExperimentSpec = { name: null, control: 'A', control_source: 'config', primary_metric: 'cost_per_pass', guardrail_metric: 'pass_rate', mde: 0.1, warnings: [] };
const ctx = { alpha: 0.05, runs_per_day: 24 };

describe('mergeable sufficient statistics', () => {
  it('sums of two batches merged give the same analysis as the sums of all runs', () => {
    const all = runs(1, 400);
    const factors = ['mode', 'model'];
    const whole = buildFactorSums('mode', all, factors);
    const merged = mergeFactorSums(buildFactorSums('mode', all.slice(0, 150), factors), buildFactorSums('mode', all.slice(150), factors));
    expect(merged.latest_value).toBe(whole.latest_value);
    const a = analyzeFactorSums(whole, spec, ctx);
    const b = analyzeFactorSums(merged, spec, ctx);
    // Same numbers up to floating-point summation order.
    const round = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_, v) => (typeof v === 'number' ? +v.toPrecision(10) : v)));
    expect(round(b)).toEqual(round(a));
    expect(a.variants[1].paired_n).toBeGreaterThanOrEqual(20);
    expect(a.variants[1].decision_basis).toBe('paired');
  });

  it('the store path (sums only) gives the runs path’s experiments, medians aside', () => {
    const all = runs(3, 300);
    const viaRuns = analyzeExperiments(all, { controls: { mode: 'A' } });
    const viaSums = experimentsFromSums(buildAllFactorSums(['mode', 'model'], all, ['mode', 'model']), { mode: 'A' }, { alpha: 0.05, runs_per_day: runsPerDay(all) });
    const noMedians = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (k === 'median' || k === 'cost_median' ? null : v)));
    expect(noMedians(viaSums)).toEqual(noMedians(viaRuns));
    expect(viaRuns[0].variants[1].cost_median).not.toBeNull();
    expect(viaSums[0].variants[1].cost_median).toBeNull();
  });

  it('removing a run (sign −1) undoes adding it', () => {
    const [r1, r2] = runs(2, 2);
    const s = emptyArm();
    addRun(s, r1);
    const before = JSON.stringify({ ...s, first_ms: null, last_ms: null });
    addRun(s, r2);
    addRun(s, r2, -1);
    expect(JSON.stringify({ ...s, first_ms: null, last_ms: null })).toBe(before);
  });
});
