import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../stats/wilson';
import { seededRng } from '../test-support';
import { DEFAULT_LEARNING_OPTIONS } from './options';
import { buildPredictor, predictRun } from './prediction';
import { fitCostModel, fitPassModel, normalTau2, passTau2, predictCost, predictPass } from './prediction-model';
import type { LearningRun } from './types';
import { day, lrun } from './test-runs';

const PO = DEFAULT_LEARNING_OPTIONS.prediction;

describe('penalised fit against an independent Newton solve (numpy, exact Hessian)', () => {
  // model m1 25/30, m2 8/20, m3 3/3; mode alternates fast/slow; τ² fixed at model 1.0, mode 0.5.
  const spec: [string, number, number][] = [['m1', 30, 25], ['m2', 20, 8], ['m3', 3, 3]];
  const runs = spec.flatMap(([model, n, s]) => Array.from({ length: n }, (_, i) =>
    lrun({ model, mode: i % 2 === 0 ? 'fast' : 'slow', qa_status: i < s ? 'passed' : 'failed' })));
  const m = fitPassModel(runs, { model: 1.0, mode: 0.5 })!;
  it('reaches the same optimum', () => {
    const eff = (f: string, l: string) => m.factors.find((x) => x.factor === f)!.levels[l].effect;
    expect(m.intercept).toBeCloseTo(0.9255876079560628, 7);
    expect(eff('model', 'm1')).toBeCloseTo(0.5578034162017133, 7);
    expect(eff('model', 'm2')).toBeCloseTo(-1.1053267015879336, 7);
    expect(eff('model', 'm3')).toBeCloseTo(0.5475232853862204, 7);
    expect(eff('mode', 'fast')).toBeCloseTo(0.08517260204732155, 7);
    expect(predictPass(m, { model: 'm2', mode: 'slow' }).p_pass).toBeCloseTo(0.43415669022919523, 7);
  });
  it('reads the canonical task_id as the task key', () => {
    const rs = ['t1', 't1', 't2', 't2', 't1', 't2'].map((t, i) => lrun({ task_id: t, qa_status: i % 2 ? 'passed' : 'failed' }));
    const a = fitPassModel(rs, { task_key: 1 })!;
    const b = fitPassModel(rs.map(({ task_id, ...r }) => ({ ...r, task_key: task_id })), { task_key: 1 })!;
    expect(a.factors.map((f) => f.factor)).toEqual(['task_key']);
    expect(a).toEqual(b);
  });
  it('widens the interval for a level never seen', () => {
    const seen = predictPass(m, { model: 'm1' });
    const unseen = predictPass(m, { model: 'm9' });
    expect(unseen.unseen).toEqual(['model=m9']);
    expect(unseen.ci95[1] - unseen.ci95[0]).toBeGreaterThan(seen.ci95[1] - seen.ci95[0]);
  });
});

describe('empirical-Bayes prior variances', () => {
  it('one-way ANOVA moment estimator = MSW·(F − 1)/n0 (scipy.stats.f_oneway)', () => {
    const g = [[0.1, 0.3, 0.2, 0.4], [1.0, 1.2, 0.9, 1.1], [0.5, 0.6, 0.4, 0.7]];
    const t = normalTau2(g.map((x) => ({ sum: x.reduce((a, b) => a + b, 0), sum2: x.reduce((a, b) => a + b * b, 0), n: x.length })));
    expect(t).toBeCloseTo(0.15916666666666726, 12);
  });
  it('is 0 for identical rates or a single level, positive for distinct rates', () => {
    expect(passTau2([{ s: 10, n: 20 }, { s: 10, n: 20 }])).toBe(0);
    expect(passTau2([{ s: 10, n: 20 }])).toBe(0);
    // μ = 0.5, Q = 20·0.16 + 20·0.16 = 6.4, (J − 1)μ(1 − μ) = 0.25, denom = 40 − 20 = 20 → τ_p² = 0.3075; ÷ 0.0625
    expect(passTau2([{ s: 18, n: 20 }, { s: 2, n: 20 }])).toBeCloseTo(0.3075 / 0.0625, 12);
  });
});

/** Planted project: model a passes 85 %, b 45 %; strategy has no effect; costs lognormal by model. */
function planted(seed: number, n: number, effect = true): LearningRun[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const model = rng.next() < 0.5 ? 'a' : 'b';
    const strategy = ['s1', 's2', 's3'][Math.floor(rng.next() * 3)];
    const p = effect ? (model === 'a' ? 0.85 : 0.45) : 0.65;
    const median = model === 'a' ? 2 : 0.5;
    return lrun({
      started_at: day(i / 10), model, prompt_strategy: strategy, qa_status: rng.next() < p ? 'passed' : 'failed',
      total_cost_usd: Math.round(median * Math.exp(0.4 * rng.normal()) * 100) / 100,
    });
  });
}

describe('time-ordered hold-out', () => {
  it('beats the base rate when a setting matters, and predicts close to the planted rates', () => {
    const p = buildPredictor(planted(7, 300), PO);
    const s = p.summary;
    console.log(`planted: Brier ${s.brier!.toFixed(4)} vs base rate ${s.baseline_brier!.toFixed(4)} on ${s.holdout_n}`);
    expect(s.holdout_n).toBe(60);
    expect(s.train_n).toBe(240);
    expect(s.method).toBe('shrinkage');
    expect(s.brier!).toBeLessThan(s.baseline_brier! - 0.02);
    expect(s.factors.map((f) => f.factor)).toContain('model');
    const a = predictRun(p, { model: 'a', prompt_strategy: 's1' });
    const b = predictRun(p, { model: 'b' });
    expect(a.p_pass_ci95![0]).toBeLessThan(0.85);
    expect(a.p_pass_ci95![1]).toBeGreaterThan(0.85);
    expect(b.p_pass_ci95![0]).toBeLessThan(0.45);
    expect(b.p_pass_ci95![1]).toBeGreaterThan(0.45);
    expect(a.cost!.median_ci95[0]).toBeLessThan(2);
    expect(a.cost!.median_ci95[1]).toBeGreaterThan(2);
    expect(b.cost!.median_usd).toBeGreaterThan(0.4);
    expect(b.cost!.median_usd).toBeLessThan(0.6);
    expect(b.cost!.run_pi95[0]).toBeLessThan(b.cost!.median_ci95[0]);
  });

  it('on settings that do not matter it stays within a hair of the base rate, and never ships a model that lost', () => {
    let worse = 0;
    let sumGap = 0;
    const seeds = 100;
    for (let seed = 1; seed <= seeds; seed++) {
      const s = buildPredictor(planted(seed, 120, false), PO).summary;
      const gap = s.brier! - s.baseline_brier!;
      sumGap += gap;
      if (gap > 0) {
        worse++;
        expect(s.method).toBe('baseline');
      } else {
        expect(s.method).toBe('shrinkage');
      }
    }
    console.log(`null settings: model Brier above base rate in ${worse}/${seeds} hold-outs, mean gap ${(sumGap / seeds).toFixed(5)}`);
    // Shrinkage keeps the average excess tiny (most factors get τ² = 0).
    expect(sumGap / seeds).toBeLessThan(0.005);
  });

  it('the baseline method predicts the pass rate with its Wilson interval; no model below 10 runs', () => {
    const p = buildPredictor(planted(5, 50, false), PO);
    const base = predictRun({ ...p, summary: { ...p.summary, method: 'baseline' } }, { model: 'a' });
    const s = p.pass!.passes;
    expect(base.p_pass).toBeCloseTo(s / 50, 12);
    expect(base.p_pass_ci95).toEqual(wilsonInterval(s, 50));
    const few = buildPredictor(planted(3, 8), PO);
    expect(few.summary.method).toBe('none');
    expect(predictRun(few, { model: 'a' }).p_pass).toBeNull();
  });

  it('uses the latest runs as the hold-out even when the input is shuffled', () => {
    const runs = planted(11, 100);
    const shuffled = [...runs].reverse();
    expect(buildPredictor(shuffled, PO).summary).toEqual(buildPredictor(runs, PO).summary);
  });
});

describe('cost model', () => {
  it('shrinks a level seen once towards the project mean', () => {
    const runs = [...Array.from({ length: 20 }, (_, i) => lrun({ model: 'a', total_cost_usd: 1 + (i % 5) * 0.1 })), lrun({ model: 'b', total_cost_usd: 1.2 }), lrun({ model: 'c', total_cost_usd: 50 })];
    const m = fitCostModel(runs)!;
    const c = m.factors.find((f) => f.factor === 'model');
    // c's raw log cost is ln 50 ≈ 3.9 above; its effect is pulled well below that
    if (c) expect(c.levels.c.effect).toBeLessThan(Math.log(50) - m.intercept);
    expect(m.n).toBe(22);
  });
});

describe('interval coverage (seeded simulation)', () => {
  it('nominal 95 % intervals: P(pass) of a cell covered > 85 % (measured 0.94), the cost median > 92 % (measured 0.98)', () => {
    // Planted: model a 0.85, b 0.45; strategy s3 −0.10; costs lognormal, median $2 (a) / $0.5 (b).
    const seeds = 300;
    let cell = 0;
    let cost = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = seededRng(seed * 7919);
      const runs = Array.from({ length: 100 }, () => {
        const model = rng.next() < 0.5 ? 'a' : 'b';
        const strategy = ['s1', 's2', 's3'][Math.floor(rng.next() * 3)];
        const p = (model === 'a' ? 0.85 : 0.45) + (strategy === 's3' ? -0.1 : 0);
        return lrun({ model, prompt_strategy: strategy, qa_status: rng.next() < p ? 'passed' : 'failed', total_cost_usd: (model === 'a' ? 2 : 0.5) * Math.exp(0.4 * rng.normal()) });
      });
      const b = predictPass(fitPassModel(runs)!, { model: 'b', prompt_strategy: 's3' }).ci95;
      if (b[0] <= 0.35 && 0.35 <= b[1]) cell++;
      const k = predictCost(fitCostModel(runs)!, { model: 'a' }).median_ci95;
      if (k[0] <= 2 && 2 <= k[1]) cost++;
    }
    console.log(`coverage of nominal 95 % intervals over ${seeds} seeds: P(pass) cell ${(cell / seeds).toFixed(3)}, cost median ${(cost / seeds).toFixed(3)}`);
    // Binomial bounds (≈ 3 sd): shrinkage towards the mean costs some coverage of a cell's rate.
    expect(cell / seeds).toBeGreaterThan(0.85);
    expect(cost / seeds).toBeGreaterThan(0.92);
  });
});

describe('confounded settings', () => {
  it('reaches the penalised optimum when strategy and model always go together (numpy Newton)', () => {
    const runs = Array.from({ length: 200 }, (_, i) => {
      const m = i % 2 ? 'a' : 'b';
      return lrun({ model: m, prompt_strategy: m === 'a' ? 's1' : 's2', mode: i % 3 ? 'x' : 'y', qa_status: (m === 'a' ? i % 10 < 8 : i % 10 < 3) ? 'passed' : 'failed' });
    });
    const fit = fitPassModel(runs, { model: 1, prompt_strategy: 1, mode: 0.5 })!;
    const eff = (f: string, l: string) => fit.factors.find((x) => x.factor === f)!.levels[l].effect;
    expect(fit.intercept).toBeCloseTo(0.4858880475888503, 9);
    expect(eff('model', 'a')).toBeCloseTo(0.4366312948517567, 9);
    expect(eff('prompt_strategy', 's2')).toBeCloseTo(-0.43663129485175695, 9);
    expect(eff('mode', 'x')).toBeCloseTo(0.00021831661463165078, 9);
  });
});
