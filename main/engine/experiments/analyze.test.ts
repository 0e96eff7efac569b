import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/sampling';
import { analyzeExperiments } from './analyze';
import { armOf, lognormalRun, xrun } from './test-runs';
import type { ExperimentRun } from './types';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2);

function spread(runs: ExperimentRun[], startMs = T0, stepMs = 3_600_000): ExperimentRun[] {
  return runs.map((r, i) => ({ ...r, started_ms: startMs + i * stepMs }));
}

/** Interleave two arrays (so both arms run over the same time span). */
function interleave<T>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]);
    if (i < b.length) out.push(b[i]);
  }
  return out;
}

function twoArms(seed: number, n: number, ratio: number, factor = 'mode'): ExperimentRun[] {
  const rng = seededRandom(seed);
  const a = Array.from({ length: n }, () => lognormalRun(rng, { [factor]: 'A' }, 1, 0.4, 0.9));
  const b = Array.from({ length: n }, () => lognormalRun(rng, { [factor]: 'B' }, ratio, 0.4, 0.9));
  return spread(interleave(a, b));
}

describe('experiments from runs: shape and control', () => {
  it('gives the issue-9 shape, the control first with null test fields', () => {
    const runs = twoArms(1, 60, 0.6);
    const [e] = analyzeExperiments(runs, { controls: { mode: 'A' } });
    expect(e.factor).toBe('mode');
    expect(e.control).toBe('A');
    expect(e.control_source).toBe('config');
    expect(e.primary_metric).toBe('cost_per_pass');
    expect(e.variants.map((v) => v.value)).toEqual(['A', 'B']);
    const [c, b] = e.variants;
    for (const k of ['p_value_pass', 'p_value_cost', 'prob_beat_control', 'required_n', 'paired_n', 'p_value_pass_paired', 'stratified', 'status'] as const) {
      expect(c[k]).toBeNull();
    }
    expect(c.p_adjusted).toEqual({});
    expect(b.p_value_pass).not.toBeNull();
    expect(b.cost_ci95![0]).toBeLessThan(b.cost_mean!);
    expect(b.cost_median).not.toBeNull();
    expect(b.p_adjusted.cost!).toBeGreaterThanOrEqual(b.p_value_cost!);
    expect(b.p_always_valid.cost_per_pass).toBeDefined();
    // The always-valid p is never below the fixed-n p of the same estimate.
    expect(b.p_always_valid.cost_per_pass!).toBeGreaterThanOrEqual(b.p_value_cost_per_pass!);
    expect(b.decision_basis).toBe('raw');
    expect(e.status).toBe('winner');
    expect(e.winner).toBe('B');
    expect(b.required_n).toBeGreaterThan(0);
    expect(b.required_days).not.toBeNull();
    expect(Object.values(e.allocation).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 10);
    expect(e.allocation.B).toBeGreaterThan(0.9);
    expect(e.allocation_epsilon_greedy.B).toBeCloseTo(0.95, 12);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it('a variant cheaper per passed run but probably worse on pass rate is not a winner', () => {
    const rng = seededRandom(13);
    const a = Array.from({ length: 160 }, () => lognormalRun(rng, { model: 'big' }, 1, 0.3, 0.75));
    const b = Array.from({ length: 160 }, () => lognormalRun(rng, { model: 'mini' }, 0.45, 0.3, 0.6));
    const [e] = analyzeExperiments(spread(interleave(a, b)), { controls: { model: 'big' } });
    const v = e.variants[1];
    expect(v.p_always_valid_adjusted.cost_per_pass!).toBeLessThan(0.05);
    expect(v.cost_per_pass_ratio!).toBeLessThan(0.8);
    expect(e.status).toBe('collecting');
    expect(e.winner).toBeNull();
    expect(e.reason).toMatch(/pass rate \(by > 5 points\) is probably worse \(P = 0\.[89]\d\): not a winner/);
  });

  it('without a configured value, assumes the latest run’s value and says so', () => {
    const runs = twoArms(2, 10, 1);
    const [e] = analyzeExperiments(runs);
    expect(e.control).toBe(runs[runs.length - 1].factors.mode);
    expect(e.control_source).toBe('latest_run');
    expect(e.warnings.map((w) => w.kind)).toContain('assumed_control');
  });

  it('is reproducible (seeded Monte Carlo)', () => {
    const runs = twoArms(3, 30, 0.9);
    expect(analyzeExperiments(runs, { controls: { mode: 'A' } })).toEqual(analyzeExperiments(runs, { controls: { mode: 'A' } }));
  });

  it('skips factors with a single value', () => {
    const runs = twoArms(4, 10, 1).map((r) => ({ ...r, factors: { ...r.factors, model: 'm1' } }));
    expect(analyzeExperiments(runs, { controls: { mode: 'A' } }).map((e) => e.factor)).toEqual(['mode']);
  });
});

describe('declared experiments', () => {
  it('count only runs since their start and check the planned split', () => {
    const early = spread(armOf({ prompt_strategy: 'old' }, Array(30).fill(5), Array(30).fill(0)), T0 - 30 * DAY);
    const rng = seededRandom(9);
    const a = Array.from({ length: 620 }, () => lognormalRun(rng, { prompt_strategy: 'old' }, 1, 0.4, 0.9));
    const b = Array.from({ length: 380 }, () => lognormalRun(rng, { prompt_strategy: 'new' }, 1, 0.4, 0.9));
    const runs = [...early, ...spread(interleave(a, b), T0, 60_000)];
    const [d] = analyzeExperiments(runs, {
      declared: [{ name: 'new prompt', factor: 'prompt_strategy', control: 'old', variants: ['new'], start_ms: T0, planned_split: { old: 1, new: 1 } }],
    });
    expect(d.name).toBe('new prompt');
    expect(d.control_source).toBe('declared');
    expect(d.variants[0].n).toBe(620);
    expect(d.srm!.statistic).toBeCloseTo(57.6, 10);
    expect(d.srm!.flagged).toBe(true);
    expect(d.warnings.map((w) => w.kind)).toContain('sample_ratio_mismatch');
  });

  it('a declared experiment without runs on both sides since its start is shown as waiting, with why', () => {
    const runs = spread(armOf({ prompt_strategy: 'old' }, Array(30).fill(5), Array(30).fill(0)), T0 - 30 * DAY);
    const [d] = analyzeExperiments(runs, {
      declared: [{ name: 'try v2', factor: 'prompt_strategy', control: 'old', variants: ['new'], start_ms: T0 }],
    });
    expect(d).toMatchObject({ name: 'try v2', control_source: 'declared', status: 'collecting', winner: null, variants: [] });
    expect(d.reason).toMatch(/no run of "old" or "new" since the experiment was declared/);
  });
});

describe('a quality primary', () => {
  it('pass rate primary: better quality wins; much dearer per passed run is harmful', () => {
    const rng = seededRandom(21);
    const mk = (v: string, median: number, pass: number) => Array.from({ length: 200 }, () => lognormalRun(rng, { prompt_strategy: v }, median, 0.3, pass));
    const runs = spread(interleave(interleave(mk('old', 1, 0.6), mk('good', 1, 0.85)), mk('dear', 2.5, 0.85)), T0, 60_000);
    const [e] = analyzeExperiments(runs, {
      declared: [{ name: 'quality', factor: 'prompt_strategy', control: 'old', variants: ['good', 'dear'], start_ms: T0, primary_metric: 'pass_rate' }],
      only: ['prompt_strategy'],
    });
    expect(e.primary_metric).toBe('pass_rate');
    expect(e.guardrail_metric).toBe('cost_per_pass');
    const byValue = Object.fromEntries(e.variants.map((v) => [v.value, v]));
    expect(byValue.good.status).toBe('winner');
    expect(byValue.dear.status).toBe('harmful');
    expect(byValue.dear.reason).toMatch(/guardrail worse/);
    expect(e.winner).toBe('good');
    // The decision interval of a pass-rate primary is a difference of rates.
    expect(byValue.good.decision_ci![0]).toBeGreaterThan(0);
  });
});

describe('data warnings', () => {
  it('all-equal costs: no test possible, never p = 0', () => {
    const runs = spread([
      ...armOf({ mode: 'A' }, Array(12).fill(0.1 + 0.2), Array(12).fill(1)),
      ...armOf({ mode: 'B' }, Array(12).fill(0.2), Array(12).fill(1)),
    ]);
    const [e] = analyzeExperiments(runs, { controls: { mode: 'A' } });
    const b = e.variants[1];
    expect(b.p_value_cost).toBeNull();
    expect(b.p_value_cost_per_pass).toBeNull();
    expect(e.warnings.some((w) => w.kind === 'zero_variance' && /no test is possible/.test(w.message))).toBe(true);
    expect(e.status).toBe('collecting');
    expect(e.reason).toMatch(/no test possible/);
  });

  it('$0 runs in one arm, small arms, one timestamp, disjoint tasks', () => {
    const runs = [
      ...armOf({ mode: 'A' }, [0, 0, 0, 0.5, 0.6], [1, 1, 0, 1, 1]).map((r, i) => ({ ...r, task_id: `a${i}`, started_ms: T0 })),
      ...armOf({ mode: 'B' }, [0.5, 0.7], [1, 0]).map((r, i) => ({ ...r, task_id: `b${i}`, started_ms: T0 })),
    ];
    const [e] = analyzeExperiments(runs, { controls: { mode: 'A' } });
    const kinds = e.warnings.map((w) => w.kind);
    expect(kinds).toEqual(expect.arrayContaining(['zero_cost', 'small_arm', 'same_timestamp', 'disjoint_tasks']));
    expect(e.warnings.find((w) => w.kind === 'zero_cost')!.message).toMatch(/60 % of "A"/);
    expect(e.status).toBe('collecting');
  });
});

describe('confounding', () => {
  /** Strategy has no effect; model m2 is 35 % cheaper; strategy B ran 90 % on m2, A 10 %. */
  function confounded(seed: number, n: number): ExperimentRun[] {
    const rng = seededRandom(seed);
    const runs: ExperimentRun[] = [];
    for (let i = 0; i < n; i++) {
      for (const s of ['A', 'B']) {
        const onM2 = rng.next() < (s === 'B' ? 0.9 : 0.1);
        const model = onM2 ? 'm2' : 'm1';
        runs.push(lognormalRun(rng, { prompt_strategy: s, model }, onM2 ? 0.65 : 1, 0.3, 0.9));
      }
    }
    return spread(runs);
  }
  it('flags the model mix, stratifies by model and says why the raw result misleads', () => {
    const exps = analyzeExperiments(confounded(5, 150), { controls: { prompt_strategy: 'A', model: 'm1' } });
    const e = exps.find((x) => x.factor === 'prompt_strategy')!;
    const b = e.variants[1];
    expect(e.warnings.some((w) => w.kind === 'confounding' && /model/.test(w.message))).toBe(true);
    expect(b.decision_basis).toBe('stratified');
    expect(b.stratified!.by).toEqual(['model']);
    // Raw: B looks ~30 % cheaper per passed run and significantly so; within models it is not.
    expect(b.cost_per_pass_ratio!).toBeLessThan(0.8);
    expect(b.p_value_cost_per_pass!).toBeLessThan(0.001);
    expect(b.stratified!.cost_ratio!).toBeGreaterThan(0.85);
    expect(b.stratified!.cost_ratio!).toBeLessThan(1.15);
    expect(e.warnings.some((w) => w.kind === 'simpsons_paradox' && /Simpson's paradox/.test(w.message))).toBe(true);
    expect(e.status).not.toBe('winner');
  });

  it('no decision when no stratum ran both arms', () => {
    const rng = seededRandom(6);
    const runs = spread(interleave(
      Array.from({ length: 40 }, () => lognormalRun(rng, { prompt_strategy: 'A', model: 'm1' }, 1, 0.3, 0.9)),
      Array.from({ length: 40 }, () => lognormalRun(rng, { prompt_strategy: 'B', model: 'm2' }, 0.5, 0.3, 0.9)),
    ));
    const e = analyzeExperiments(runs, { controls: { prompt_strategy: 'A', model: 'm1' } }).find((x) => x.factor === 'prompt_strategy')!;
    expect(e.status).toBe('collecting');
    expect(e.reason).toMatch(/fully confounded with model/);
    expect(e.variants[1].decision_basis).toBeNull();
    expect(e.winner).toBeNull();
    expect(e.warnings.map((w) => w.kind)).toContain('fully_confounded');
  });

  it('flags arms that ran at different times', () => {
    const rng = seededRandom(7);
    const a = spread(Array.from({ length: 30 }, () => lognormalRun(rng, { mode: 'A' }, 1, 0.3, 0.9)), T0, DAY / 2);
    const b = spread(Array.from({ length: 30 }, () => lognormalRun(rng, { mode: 'B' }, 0.7, 0.3, 0.9)), T0 + 20 * DAY, DAY / 2);
    const [e] = analyzeExperiments([...a, ...b], { controls: { mode: 'A' } });
    expect(e.warnings.map((w) => w.kind)).toContain('time_confounding');
    expect(e.variants[1].stratified!.by).toContain('week');
    expect(e.status).not.toBe('winner');
  });

  it('an alternative that only ran after a 30 % price drop is compared within weeks', () => {
    const rng = seededRandom(12);
    const runs: ExperimentRun[] = [];
    for (let h = 0; h < 42 * 4; h++) {
      const t = T0 + h * (DAY / 4);
      const price = h >= 21 * 4 ? 0.7 : 1;
      runs.push({ ...lognormalRun(rng, { mode: 'A' }, price, 0.3, 0.9), started_ms: t });
      if (price < 1) runs.push({ ...lognormalRun(rng, { mode: 'B' }, price, 0.3, 0.9), started_ms: t + 1000 });
    }
    const [e] = analyzeExperiments(runs, { controls: { mode: 'A' } });
    const b = e.variants[1];
    expect(b.cost_per_pass_ratio!).toBeLessThan(0.85);
    expect(b.decision_basis).toBe('stratified');
    expect(b.stratified!.by).toEqual(['week']);
    expect(b.stratified!.cost_ratio!).toBeGreaterThan(0.9);
    expect(b.stratified!.cost_ratio!).toBeLessThan(1.1);
    expect(e.status).not.toBe('winner');
  });
});

describe('pairing', () => {
  it('decides on the paired estimate when ≥ 20 task keys are shared', () => {
    const rng = seededRandom(8);
    const runs: ExperimentRun[] = [];
    for (let t = 0; t < 40; t++) {
      // Tasks differ a lot in cost; the model B saves 10 % on every task.
      const base = Math.exp(1.2 * rng.normal());
      runs.push(xrun({ factors: { model: 'A' }, task_id: `task-${t}`, cost_usd: base * Math.exp(0.05 * rng.normal()), qa: rng.next() < 0.9 ? 'passed' : 'failed' }));
      runs.push(xrun({ factors: { model: 'B' }, task_id: `task-${t}`, cost_usd: 0.9 * base * Math.exp(0.05 * rng.normal()), qa: rng.next() < 0.9 ? 'passed' : 'failed' }));
    }
    const [e] = analyzeExperiments(spread(runs), { controls: { model: 'A' } });
    const b = e.variants[1];
    expect(b.paired_n).toBe(40);
    expect(b.decision_basis).toBe('paired');
    expect(b.p_value_cost_paired_usd!).toBeLessThan(1e-3);
    expect(b.p_value_cost_paired!).toBeLessThan(1e-6);
    // Unpaired, the task spread hides the saving.
    expect(b.p_value_cost!).toBeGreaterThan(0.2);
    expect(b.p_value_pass_paired).not.toBeNull();
  });
});
