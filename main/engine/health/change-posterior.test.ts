import { describe, expect, it } from 'vitest';
import { bernoulliChangeLocation, gaussianChangeLocation, logFactorial } from './change-posterior';
import { certaintyWorse, estimateOf } from './estimates';

// References: scipy 1.17 — the posterior computed by brute force with scipy.special.betaln
// (Bernoulli) and numpy sums of squares (Gaussian, σ = 1), normalised, equal-tailed 95 %.
describe('single change-point posterior', () => {
  const y = [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0];
  it('Bernoulli with Beta(1,1) priors matches scipy', () => {
    const loc = bernoulliChangeLocation(y, 0, y.length - 1);
    expect(loc.k).toBe(17);
    expect(loc.kLo).toBe(7);
    expect(loc.kHi).toBe(25);
    // Equal-tailed 99 % (what causes are linked within): scipy, the same brute-force posterior.
    expect([loc.kLo99, loc.kHi99]).toEqual([2, 28]);
    expect(loc.pMode).toBeCloseTo(0.31248900473023006, 10);
  });
  it('works on a sub-range [s, t]', () => {
    const shifted = [1, 1, 1, ...y];
    const loc = bernoulliChangeLocation(shifted, 3, shifted.length - 1);
    expect([loc.k, loc.kLo, loc.kHi]).toEqual([20, 10, 28]);
    expect(loc.pMode).toBeCloseTo(0.31248900473023006, 10);
  });
  it('Gaussian with known σ matches numpy', () => {
    const g = [-0.802, -1.324, -0.248, 0.42, 1.136, 0.11, -0.553, -0.785, 0.749, 1.635, 0.273, -1.233, -0.958, 1.6, 0.203,
      -0.232, 1.416, 0.337, 0.871, 1.012, 0.787, 2.053, 1.437, 0.911, 1.91];
    const loc = gaussianChangeLocation(g, 0, g.length - 1, 1);
    expect([loc.k, loc.kLo, loc.kHi]).toEqual([16, 2, 23]);
    expect([loc.kLo99, loc.kHi99]).toEqual([1, 24]);
    expect(loc.pMode).toBeCloseTo(0.13516854187220334, 10);
  });
  it('log factorial is exact', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(10)).toBeCloseTo(Math.log(3628800), 12);
    expect(logFactorial(3000)).toBeCloseTo(21024.024853045546, 6); // scipy.special.gammaln(3001)
  });
});

describe('before/after estimates and certainty', () => {
  const before = [0.62, 0.71, 0.8, 0.77, 0.69, 0.85, 0.74, 0.66];
  const after = [1.02, 1.21, 0.95, 1.3, 1.12, 0.99];
  it('mean with its t-interval (scipy.stats.t.interval)', () => {
    const e = estimateOf('lognormal', [...before, ...after], 8, 14);
    expect(e.value).toBeCloseTo(1.0983333333333334, 12);
    expect(e.ci95![0]).toBeCloseTo(0.9548379588985876, 10);
    expect(e.ci95![1]).toBeCloseTo(1.2418287077680792, 10);
    expect(e.n).toBe(6);
  });
  it('rate with its Wilson interval', () => {
    const e = estimateOf('bernoulli', [1, 1, 1, 0], 0, 4);
    expect(e.value).toBe(0.75);
    expect(e.ci95![0]).toBeCloseTo(0.30064184258240184, 10);
  });
  it('cost certainty is the one-sided Welch probability on log cost (scipy ttest_ind)', () => {
    expect(certaintyWorse('lognormal', 'up', [...before, ...after], 0, 8, 14)).toBeCloseTo(0.9999644657056909, 10);
    expect(certaintyWorse('lognormal', 'down', [...before, ...after], 0, 8, 14)).toBeCloseTo(1 - 0.9999644657056909, 10);
  });
  it('pass-rate certainty is the Beta posterior P(after < before) (scipy quad)', () => {
    const v = [...Array(45).fill(1), ...Array(5).fill(0), ...Array(12).fill(1), ...Array(8).fill(0)];
    expect(certaintyWorse('bernoulli', 'down', v, 0, 50, 70)).toBeCloseTo(0.9973685759672641, 6);
  });
});
