/**
 * Reference values: scipy 1.17.1 (ttest_ind, ttest_1samp, fisher_exact, binomtest, chisquare,
 * gammaincc, gammaln) and statsmodels 0.13.5 (StratifiedTable.test_null_odds), computed once and
 * stored here; the tests never call Python.
 */
import { describe, expect, it } from 'vitest';
import { cochranMantelHaenszel } from './cmh';
import { alwaysValidP, confidenceSequence, csMultiplier } from './confidence-sequence';
import { chiSquareGof, fisherExact, gammaQ, lnGamma, mcnemarExact } from './exact-tests';
import { addMoment, emptyMoments, meanInterval, oneSampleT, welchTest, type MomentSums } from './moments';
import { seededRandom } from './sampling';

function sums(xs: number[]): MomentSums {
  const m = emptyMoments();
  for (const x of xs) addMoment(m, x);
  return m;
}

describe('Welch two-sided on dollars, from sums', () => {
  const a = [0.62, 0.71, 0.0, 0.8, 0.77, 0.69, 0.85, 1.4];
  const b = [1.02, 1.21, 0.95, 0.0, 1.3, 1.12];
  it('matches scipy.stats.ttest_ind(equal_var=False)', () => {
    const r = welchTest(sums(a), sums(b))!;
    expect(r.t).toBeCloseTo(-0.8619514589821289, 9);
    expect(r.p).toBeCloseTo(0.41008618761554666, 9);
    expect(r.df).toBeCloseTo(9.435086078285286, 8);
    expect(r.ci95[0]).toBeCloseTo(-0.7332458449948103, 8);
    expect(r.ci95[1]).toBeCloseTo(0.32657917832814376, 8);
  });
  it('t-interval of a mean matches scipy.stats.t.interval', () => {
    const [lo, hi] = meanInterval(sums(a))!;
    expect(lo).toBeCloseTo(0.41137056411423745, 9);
    expect(hi).toBeCloseTo(1.0486294358857626, 9);
  });
  it('gives no test, never p = 0, when every cost is the same', () => {
    // A cost spread evenly over cases: 0.1 + 0.2 is not exactly 0.3, the sums keep rounding noise.
    const even = sums(Array.from({ length: 40 }, () => 0.1 + 0.2));
    const other = sums(Array.from({ length: 40 }, () => 0.7));
    expect(welchTest(even, other)).toBeNull();
    expect(oneSampleT(sums([0.3, 0.3, 0.3]))).toBeNull();
    // One arm with spread still allows the test.
    expect(welchTest(even, sums([0.6, 0.7, 0.8]))!.p).toBeGreaterThan(0);
  });
});

describe('one-sample / paired t', () => {
  it('matches scipy.stats.ttest_1samp', () => {
    const r = oneSampleT(sums([0.1, -0.3, 0.25, 0.05, 0.4, -0.1, 0.2]))!;
    expect(r.t).toBeCloseTo(0.9765461505253914, 9);
    expect(r.p).toBeCloseTo(0.36650778567350906, 9);
    expect(r.ci95[0]).toBeCloseTo(-0.12905825874136834, 9);
    expect(r.ci95[1]).toBeCloseTo(0.3004868301699398, 9);
  });
});

describe('Fisher exact two-sided', () => {
  it.each([
    [7, 3, 2, 8, 0.06977851869492736],
    [12, 5, 29, 2, 0.08026855207410463],
    [0, 10, 10, 0, 1.082508822446903e-5],
    [180, 20, 160, 40, 0.0074192372767549215],
    [900, 100, 8700, 1300, 0.006153212349774084],
    [5, 0, 0, 5, 0.007936507936507938],
    [3, 3, 3, 3, 1],
  ])('[[%i, %i], [%i, %i]]', (a, b, c, d, ref) => {
    expect(Math.abs(fisherExact(a, b, c, d) - ref)).toBeLessThan(1e-6 * Math.max(ref, 1e-4));
  });
});

describe('McNemar exact (binomial test on discordant pairs)', () => {
  it.each([
    [3, 11, 0.057373046875], [0, 5, 0.0625], [7, 7, 1], [40, 62, 0.037066767438560584], [1, 0, 1],
  ])('b = %i, c = %i', (b, c, ref) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(ref, 10);
  });
  it('is null without discordant pairs', () => expect(mcnemarExact(0, 0)).toBeNull());
});

describe('χ² goodness of fit and the incomplete gamma', () => {
  it.each([
    [[52, 48], [1, 1], 0.16, 0.6891565167793516],
    [[620, 380], [0.5, 0.5], 57.6, 3.212255932012357e-14],
    [[30, 40, 50], [1, 1, 1], 5.0, 0.0820849986238988],
    [[100, 210, 190], [0.2, 0.4, 0.4], 1.0, 0.6065306597126334],
  ])('%o vs %o', (obs, planned, stat, p) => {
    const r = chiSquareGof(obs, planned)!;
    expect(r.statistic).toBeCloseTo(stat, 10);
    expect(Math.abs(r.p - p)).toBeLessThan(1e-9 * Math.max(p, 1e-12) + 1e-15);
  });
  it.each([
    [0.5, 0.3, 0.4385780260809997], [1.5, 4.0, 0.04601170568923136], [10, 3, 0.9988975118698845],
    [3, 30, 4.501016648012131e-11], [100, 90, 0.84177901081357],
  ])('Q(%d, %d) = scipy.special.gammaincc', (s, x, ref) => {
    expect(Math.abs(gammaQ(s, x) - ref)).toBeLessThan(1e-10 * ref + 1e-16);
  });
  it('ln Γ matches scipy.special.gammaln', () => {
    expect(lnGamma(0.3)).toBeCloseTo(1.0957979948180756, 12);
    expect(lnGamma(171.5)).toBeCloseTo(709.1431630309283, 10);
    expect(lnGamma(1e6) / 12815504.569147611).toBeCloseTo(1, 13);
  });
});

describe('Cochran–Mantel–Haenszel', () => {
  it('matches statsmodels StratifiedTable.test_null_odds(correction=False)', () => {
    const r = cochranMantelHaenszel([
      { a: 20, b: 5, c: 30, d: 12 }, { a: 8, b: 7, c: 5, d: 9 }, { a: 40, b: 2, c: 18, d: 3 },
    ])!;
    expect(r.statistic).toBeCloseTo(2.6447747382377025, 10);
    expect(r.p).toBeCloseTo(0.1038908823565119, 10);
    expect(r.odds_ratio).toBeCloseTo(1.983905900153132, 10);
  });
  it('skips one-armed strata as statsmodels does', () => {
    const r = cochranMantelHaenszel([{ a: 3, b: 1, c: 0, d: 0 }, { a: 5, b: 5, c: 6, d: 4 }, { a: 2, b: 0, c: 1, d: 3 }])!;
    expect(r.statistic).toBeCloseTo(0.14683153013910355, 10);
    expect(r.p).toBeCloseTo(0.701581838770327, 10);
    expect(r.odds_ratio).toBeCloseTo(1.3333333333333333, 10);
    expect(cochranMantelHaenszel([{ a: 3, b: 1, c: 0, d: 0 }])).toBeNull();
  });
});

describe('asymptotic confidence sequence', () => {
  // Multiplier of sqrt(V) by the formula of Waudby-Smith et al. (numpy, N* = 200, α = 0.05).
  it.each([[20, 3.8550546335303104], [100, 3.08356871436835], [200, 3.035208990376253], [400, 3.0614772188674166], [1000, 3.1530304386729058]])(
    'N = %i', (n, ref) => expect(csMultiplier(n, 0.05)).toBeCloseTo(ref, 10),
  );
  it('always-valid p equals the mSPRT 1/Λ with τ² = V·N·ρ², and touches α at the sequence edge', () => {
    expect(alwaysValidP(0.3, 0.01, 150)).toBeCloseTo(0.055955865200490465, 12);
    expect(alwaysValidP(0.05, 0.01, 150)).toBe(1);
    const [lo] = confidenceSequence(0.1 * csMultiplier(150, 0.05), 0.01, 150, 0.05);
    expect(lo).toBeCloseTo(0, 12);
    expect(alwaysValidP(0.1 * csMultiplier(150, 0.05), 0.01, 150)).toBeCloseTo(0.05, 12);
  });
});

describe('seeded sampling', () => {
  it('is reproducible and draws Beta with the right mean and variance', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    expect(a.beta(3, 7)).toBe(b.beta(3, 7));
    const r = seededRandom(11);
    let s = 0;
    let s2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = r.beta(0.7, 2.5);
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    // Beta(0.7, 2.5): mean 0.21875, variance 0.0395...; 5 sd of the MC error ≈ 0.0022.
    expect(Math.abs(mean - 0.7 / 3.2)).toBeLessThan(0.0025);
    expect(Math.abs(s2 / n - mean * mean - (0.7 * 2.5) / (3.2 * 3.2 * 4.2))).toBeLessThan(0.002);
  });
});
