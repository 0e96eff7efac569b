import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { describe, expect, it } from 'vitest';
import { probAltWorse, probDiffBelow } from './beta-compare';
import { holmAdjust } from './holm';
import { geoMeanInterval, logSummaryFromSums } from './log-cost';
import { runsToSettle } from './power';
import { welchLogTest } from './welch-log-test';
import { newcombeDiffInterval, rateOf, wilsonInterval, zFor } from './wilson';

describe('Wilson score interval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat Med 17:857,
  // Table I, method 3 (score without continuity correction); also recomputed with scipy 1.17.
  it.each([
    [81, 263, 0.2552885198782742, 0.36620957698280004],
    [15, 148, 0.0623863995307363, 0.16048724172330803],
    [0, 20, 0, 0.16112515805281938],
    [1, 29, 0.006113214292762653, 0.17175521879320288],
    [29, 29, 0.8830302015002593, 1],
  ])('%i/%i', (s, n, lo, hi) => {
    const ci = wilsonInterval(s, n)!;
    expect(ci[0]).toBeCloseTo(lo, 10);
    expect(ci[1]).toBeCloseTo(hi, 10);
  });

  it('is null without runs and reports the rate with its interval', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(rateOf(0, 0)).toEqual({ successes: 0, n: 0, rate: null, ci_low: null, ci_high: null });
    const r = rateOf(81, 263);
    expect(r.rate).toBeCloseTo(81 / 263, 12);
    expect(r.ci_low).toBeCloseTo(0.2553, 4);
  });

  it('uses z = 1.959963984540054 for 95 %', () => {
    expect(zFor(0.95)).toBeCloseTo(1.959963984540054, 12);
  });
});

describe('Newcombe interval for a difference of rates', () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions",
  // Stat Med 17:873, Table II example (a) 56/70 − 48/80, method 10: 0.0524 to 0.3339.
  it('matches the published example', () => {
    const d = newcombeDiffInterval(56, 70, 48, 80)!;
    expect(d.estimate).toBeCloseTo(0.2, 12);
    expect(d.ci_low).toBeCloseTo(0.052431472402365065, 10);
    expect(d.ci_high).toBeCloseTo(0.333872654036906, 10);
  });
  it('stays inside [−1, 1] at the boundary', () => {
    const d = newcombeDiffInterval(10, 10, 0, 20)!;
    expect(d.ci_low).toBeCloseTo(0.6790860371419147, 10);
    expect(d.ci_high).toBe(1);
  });
});

describe('t distribution (stdlib) against printed tables', () => {
  // Values from any t table (2.228, 3.365, 12.706), full digits from scipy.stats.t.ppf.
  it('quantiles', () => {
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 10);
    expect(tQuantile(0.99, 5)).toBeCloseTo(3.3649299989072174, 10);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706204736174694, 9);
    expect(tQuantile(0.975, 7.5)).toBeCloseTo(2.333039626864974, 9);
  });
  it('cdf', () => {
    expect(tCdf(-2.5, 3)).toBeCloseTo(0.04385332350403278, 12);
    expect(tCdf(-1.2, 17.3)).toBeCloseTo(0.12315760183508011, 12);
    expect(normalCdf(1.959963984540054, 0, 1)).toBeCloseTo(0.975, 12);
  });
});

describe('Welch t-test on log cost', () => {
  // Reference: scipy.stats.ttest_ind(log a, log b, equal_var=False, alternative='less') on
  // a = [0.62, 0.71, 0.80, 0.77, 0.69, 0.85], b = [1.02, 1.21, 0.95, 1.30, 1.12]:
  // t = −5.654536820375751, df = 8.223787921000469, p = 0.00021670522103582054;
  // two-sided 95 % CI of the mean-log difference, exponentiated: 0.5592288934899027–0.7822311590893346.
  it('matches scipy on a worked example, from running sums', () => {
    const a = logSummaryFromSums(6, -1.838617036227, 0.6280230812222449)!;
    const b = logSummaryFromSums(5, 0.5348226422917732, 0.12103766577727162)!;
    const r = welchLogTest(a, b)!;
    expect(r.t).toBeCloseTo(-5.654536820375751, 8);
    expect(r.df).toBeCloseTo(8.223787921000469, 8);
    expect(r.p_one_sided).toBeCloseTo(0.00021670522103582054, 10);
    expect(r.ratio).toBeCloseTo(0.6613972070933265, 10);
    expect(r.ratio_ci[0]).toBeCloseTo(0.5592288934899027, 8);
    expect(r.ratio_ci[1]).toBeCloseTo(0.7822311590893346, 8);
  });
  it('handles arms whose runs all cost the same', () => {
    const same = { n: 4, mean: Math.log(0.8), sd: 0 };
    const dear = { n: 4, mean: Math.log(1.2), sd: 0 };
    expect(welchLogTest(same, dear)!.p_one_sided).toBe(0);
    expect(welchLogTest(dear, same)!.p_one_sided).toBe(1);
    expect(welchLogTest({ n: 1, mean: 0, sd: 0 }, dear)).toBeNull();
  });
  it('geometric-mean interval is the exponentiated t-interval', () => {
    const s = { n: 11, mean: Math.log(2), sd: 0.5 };
    const [lo, hi] = geoMeanInterval(s)!;
    const half = 2.228138851986274 * 0.5 / Math.sqrt(11);
    expect(lo).toBeCloseTo(2 * Math.exp(-half), 10);
    expect(hi).toBeCloseTo(2 * Math.exp(half), 10);
    expect(geoMeanInterval({ n: 1, mean: 0, sd: 0 })).toBeNull();
  });
});

describe('Holm adjustment', () => {
  // Holm (1979); the same numbers as R's p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm").
  it('adjusts in input order and keeps monotone', () => {
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    expect(adj.map((x) => +x.toFixed(10))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(holmAdjust([0.6, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([0.004])).toEqual([0.004]);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe('Beta posterior comparison', () => {
  it('two uniforms: P(X − Y < −0.05) = 0.95² / 2 exactly', () => {
    expect(probDiffBelow({ a: 1, b: 1 }, { a: 1, b: 1 }, -0.05)).toBeCloseTo(0.45125, 6);
  });
  it('P(X < Y) matches the closed form for integer parameters', () => {
    // X ~ Beta(6,1), Y ~ Beta(5,2): P(Y > X) = 1 − Σ formula (Evan Miller, "Formulas for
    // Bayesian A/B testing") = 5/22.
    expect(probDiffBelow({ a: 6, b: 1 }, { a: 5, b: 2 }, 0)).toBeCloseTo(5 / 22, 6);
  });
  // References: scipy.integrate.quad of beta.pdf(y; cur) · beta.cdf(y − 0.05; alt) over [0, 1].
  it.each([
    [{ a: 4, b: 2 }, { a: 1, b: 1 }, 0.2837196770833332],
    [{ a: 11, b: 3 }, { a: 19, b: 3 }, 0.5694077717100399],
    [{ a: 21, b: 21 }, { a: 37, b: 5 }, 0.9997270431052783],
    [{ a: 41, b: 41 }, { a: 38, b: 5 }, 0.9999691084118544],
    [{ a: 901, b: 101 }, { a: 9001, b: 1001 }, 3.637944500176561e-6],
  ])('Beta(%o) − Beta(%o) < −0.05', (x, y, ref) => {
    const p = probDiffBelow(x, y, -0.05);
    expect(Math.abs(p - ref)).toBeLessThan(1e-6);
  });
  it('probAltWorse maps counts to Beta(1 + s, 1 + n − s)', () => {
    // 10/12 vs 18/20 → Beta(11,3) vs Beta(19,3), as above.
    expect(probAltWorse(10, 12, 18, 20)).toBeCloseTo(0.5694077717100399, 4);
  });
});

describe('power: runs to settle a cost comparison', () => {
  const base = { diff: Math.log(0.8), sd_alt: 0.4, sd_cur: 0.4, n_alt: 4, n_cur: 4, alpha: 0.01 };
  it('gives the smallest number of added runs that reaches 80 % power', () => {
    const r = runsToSettle(base)!;
    // Normal approximation: 2·0.16·(2.326 + 0.842)² / ln(0.8)² ≈ 64.4 per arm; t adds a little.
    expect(r.runs_per_arm_needed).toBeGreaterThanOrEqual(65);
    expect(r.runs_per_arm_needed).toBeLessThan(70);
    expect(r.more_runs_per_arm).toBe(r.runs_per_arm_needed - 4);
    const reaches = (m: number): boolean => {
      const se = Math.sqrt(0.16 / (4 + m) + 0.16 / (4 + m));
      const df = 2 * (4 + m) - 2;
      return Math.abs(base.diff) / se >= tQuantile(0.99, df) + tQuantile(0.8, df);
    };
    expect(reaches(r.more_runs_per_arm)).toBe(true);
    expect(reaches(r.more_runs_per_arm - 1)).toBe(false);
  });
  it('is 0 when there is enough data and null with no difference', () => {
    expect(runsToSettle({ ...base, n_alt: 500, n_cur: 500 })!.more_runs_per_arm).toBe(0);
    expect(runsToSettle({ ...base, diff: 0 })).toBeNull();
  });
});
