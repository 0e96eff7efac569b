/**
 * Reference values: numpy/scipy 1.17.1 (delta method written out with np.cov, ttest_rel,
 * binomtest, norm.sf), computed once and stored here.
 */
import { describe, expect, it } from 'vitest';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { allocation } from './allocation';
import { epsilonGreedyShares, passRateDist, posteriorFigures, topTwoShares } from './bayes';
import { costPerPass, costPerPassEffect } from './estimates';
import { armFigures } from './fixed-n';
import { pairedCompare } from './pairing';
import { fixedRunsPerArm, requiredRunsPerArm } from './required';
import { stratifiedCompare } from './stratified';
import { addRun, emptyArm, type ArmSums } from './sums';
import { armOf, xrun } from './test-runs';

function armSums(costs: number[], passes: number[]): ArmSums {
  const s = emptyArm();
  for (const r of armOf({}, costs, passes)) addRun(s, r);
  return s;
}

describe('cost per passed run (delta method with the cost–pass covariance)', () => {
  const costs = [0.5, 1.2, 0.8, 0.0, 2.1, 0.9, 1.1, 0.7, 1.6, 0.4];
  const passes = [1, 1, 0, 1, 1, 0, 1, 1, 1, 0];
  it('matches the numpy computation', () => {
    const r = costPerPass(armSums(costs, passes).cp)!;
    expect(r.ratio).toBeCloseTo(1.3285714285714287, 12);
    expect(r.variance).toBeCloseTo(0.11778425655976682, 12);
    expect(r.log_variance).toBeCloseTo(0.06672943197396893, 12);
    const f = armFigures(armSums(costs, passes));
    expect(f.cost_per_pass_ci95![0]).toBeCloseTo(0.8007596491401467, 10);
    expect(f.cost_per_pass_ci95![1]).toBeCloseTo(2.204284447538894, 10);
    expect(f.cost_mean).toBeCloseTo(0.93, 12);
  });
  it('is undefined without passes', () => {
    expect(costPerPass(armSums([1, 2], [0, 0]).cp)).toBeNull();
  });
});

describe('paired comparison on shared tasks', () => {
  const m = 25;
  const task = (i: number): string => `t${i}`;
  const cc = (i: number): number => 0.5 + 0.05 * i + (i % 3) * 0.1;
  const tc = (i: number): number => cc(i) * 0.8 + (i % 5) * 0.02;
  function tasks(make: (i: number) => { cost: number; pass: boolean }[]): Map<string, ArmSums> {
    const out = new Map<string, ArmSums>();
    for (let i = 0; i < m; i++) {
      const s = emptyArm();
      for (const r of make(i)) addRun(s, xrun({ task_id: task(i), cost_usd: r.cost, qa: r.pass ? 'passed' : 'failed' }));
      out.set(task(i), s);
    }
    return out;
  }
  const control = tasks((i) => [{ cost: cc(i), pass: i % 4 !== 0 }]);
  const variant = tasks((i) => [{ cost: tc(i), pass: i % 5 !== 0 }]);
  it('one run per task: McNemar exact, paired t on dollars and on log cost', () => {
    const r = pairedCompare(control, variant)!;
    expect(r.paired_n).toBe(25);
    expect(r.p_value_pass).toBeCloseTo(0.7265625, 12);
    expect(r.p_value_cost_usd).toBeCloseTo(2.0611324017693134e-12, 20);
    expect(r.p_value_cost_log! / 2.349176980388014e-19).toBeCloseTo(1, 6);
    expect(r.cost_diff_usd).toBeCloseTo(-0.19919999999999993, 12);
    expect(r.effects.cost_per_pass!.gain).toBeCloseTo(0.28754830213521465, 12);
    expect(r.effects.cost_per_pass!.variance).toBeCloseTo(0.02240271307304409, 12);
    expect(r.effects.cost!.gain).toBeCloseTo(0.18218778647738817, 12);
    expect(r.effects.cost!.variance).toBeCloseTo(3.4653180558213565e-5, 14);
  });
  it('several runs per task: per-task means, paired t on them', () => {
    const dup = tasks((i) => (i < 10 ? [{ cost: cc(i), pass: i % 4 !== 0 }, { cost: cc(i) + 0.2, pass: true }] : [{ cost: cc(i), pass: i % 4 !== 0 }]));
    const r = pairedCompare(dup, variant)!;
    expect(r.p_value_pass).toBeCloseTo(0.8519132681210572, 10);
    expect(r.p_value_cost_usd! / 1.6659124868829142e-19).toBeCloseTo(1, 6);
    expect(r.p_value_cost_log! / 4.460743228662211e-16).toBeCloseTo(1, 6);
  });
});

describe('stratified estimates', () => {
  const level = (costs: number[], passes: number[]): ArmSums => armSums(costs, passes);
  const control = new Map([['A', level([1.0, 1.2, 0.9, 1.1, 1.05], [1, 1, 0, 1, 1])], ['B', level([2.0, 2.4, 1.8, 2.2, 2.1, 1.9], [1, 0, 1, 1, 1, 1])]]);
  const variant = new Map([['A', level([0.8, 0.9, 1.0, 0.7, 0.85, 0.95], [1, 1, 1, 0, 1, 1])], ['B', level([1.9, 2.0, 2.3, 2.1, 1.8], [1, 0, 1, 1, 1])]]);
  it('inverse-variance weighted differences in dollars and in log cost per passed run', () => {
    const r = stratifiedCompare(['model'], control, variant);
    expect(r.shared_levels).toBe(2);
    expect(r.used_levels).toBe(2);
    expect(r.cost_diff_usd).toBeCloseTo(-0.1523782559456399, 12);
    expect(r.p_value_cost).toBeCloseTo(0.009353167334437938, 10);
    expect(r.effects.cost_per_pass!.gain).toBeCloseTo(0.13589818742018303, 12);
    expect(r.effects.cost_per_pass!.variance).toBeCloseTo(0.045492645002100145, 12);
    expect(r.cost_ratio).toBeCloseTo(0.8729315033729175, 12);
    // The pooled (raw) gain differs: the model mix matters.
    const rc = armSums([1.0, 1.2, 0.9, 1.1, 1.05, 2.0, 2.4, 1.8, 2.2, 2.1, 1.9], [1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1]);
    const rt = armSums([0.8, 0.9, 1.0, 0.7, 0.85, 0.95, 1.9, 2.0, 2.3, 2.1, 1.8], [1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1]);
    const raw = costPerPassEffect(rc, rt)!;
    expect(raw.gain).toBeCloseTo(0.14288295498091602, 12);
    expect(raw.variance).toBeCloseTo(0.07336714408203482, 12);
  });
  it('a stratum where an arm has < 5 runs is not pooled', () => {
    const thin = new Map([['A', level([0.8, 0.9], [1, 1])], ['B', variant.get('B')!]]);
    const r = stratifiedCompare(['model'], control, thin);
    expect(r.shared_levels).toBe(2);
    expect(r.used_levels).toBe(1);
  });
  it('no shared level: nothing to estimate', () => {
    const r = stratifiedCompare(['model'], new Map([['A', control.get('A')!]]), new Map([['B', variant.get('B')!]]));
    expect(r.shared_levels).toBe(0);
    expect(r.effects.cost_per_pass).toBeNull();
    expect(r.p_value_pass).toBeNull();
  });
});

describe('required runs per arm under the always-valid design', () => {
  // Brute-force search in numpy over n with the same criterion; fixed-n from z quantiles.
  it.each([
    [0.57, Math.log(1.1), 0.05, 1050, 493],
    [0.18, 0.05, 0.05, 1217, 566],
    [0.3, 0.2, 0.025, 128, 72],
  ])('u = %d, MDE = %d, α = %d', (u, mde, alpha, ref, fixed) => {
    expect(requiredRunsPerArm(u, mde, alpha)).toBe(ref);
    expect(fixedRunsPerArm(u, mde, alpha)).toBe(fixed);
  });
  it('is null without spread', () => expect(requiredRunsPerArm(0, 0.1, 0.05)).toBeNull());
});

describe('posterior figures and allocation', () => {
  // numpy default_rng Beta draws, 2 000 000 per arm (MC error < 1e-3): the quadrature agrees
  // within the Monte Carlo error (posterior-max.test.ts pins it to scipy's quad at 1e-6).
  const arms: [number, number][] = [[45, 50], [40, 50], [30, 40]];
  const ref = [
    [0, 0.895602, 0.0034733299523111772],
    [0.0860835, 0.080847, 0.09965419919181975],
    [0.0311415, 0.023551, 0.15007502950666177],
  ];
  it('matches Monte Carlo references within 1e-3', () => {
    const f = posteriorFigures(arms.map(([s, n]) => passRateDist(s, n)), 0);
    f.forEach((x, i) => {
      expect(Math.abs(x.prob_beat_control - ref[i][0])).toBeLessThan(1e-3);
      expect(Math.abs(x.prob_best - ref[i][1])).toBeLessThan(1e-3);
      expect(Math.abs(x.expected_loss - ref[i][2])).toBeLessThan(1e-3);
    });
  });
  it('Thompson shares on cost per passed run: P(best) of the normal posteriors on −ln R', () => {
    const a = armSums([1.0, 1.2, 0.8, 1.1, 0.9, 1.3, 1.0, 0.7], [1, 1, 0, 1, 1, 1, 0, 1]);
    const b = armSums([0.8, 0.9, 0.7, 1.0, 0.6, 0.85, 0.75, 0.9], [1, 0, 1, 1, 1, 1, 1, 0]);
    const ra = costPerPass(a.cp)!;
    const rb = costPerPass(b.cp)!;
    const shares = allocation('cost_per_pass', [['a', a], ['b', b]]);
    // Two arms: P(b best) = Φ((ln R_a − ln R_b) / √(Var ln R_a + Var ln R_b)).
    const exact = normalCdf((Math.log(ra.ratio) - Math.log(rb.ratio)) / Math.sqrt(ra.log_variance + rb.log_variance), 0, 1);
    expect(Math.abs(shares.thompson.b - exact)).toBeLessThan(1e-8);
    expect(shares.thompson.a + shares.thompson.b).toBeCloseTo(1, 12);
    expect(shares.epsilon_greedy.b).toBeCloseTo(0.95, 12);
  });
  it('top-two shares follow Russo’s formula and sum to 1', () => {
    const p = [0.7, 0.2, 0.1];
    const s = topTwoShares(p);
    // share_1 = 0.5·0.2 + 0.5·(0.7·0.2/0.3 + 0.1·0.2/0.9)
    expect(s[1]).toBeCloseTo(0.1 + 0.5 * (0.7 * 0.2 / 0.3 + 0.1 * 0.2 / 0.9), 12);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(topTwoShares([1, 0])).toEqual([0.5, 0.5]);
  });
  it('ε-greedy gives 1 − ε + ε/k to the best point estimate', () => {
    expect(epsilonGreedyShares([0.8, 0.9, null], 0.1).map((x) => +x.toFixed(12))).toEqual([0.033333333333, 0.933333333333, 0.033333333333]);
    expect(epsilonGreedyShares([null, null])).toEqual([0.5, 0.5]);
  });
});
