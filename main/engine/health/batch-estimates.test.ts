/**
 * Batch-level estimates and certainty (batch-estimates.ts) against reference values:
 * statsmodels 0.13.5 OLS on a constant with cov_type='cluster' (use_correction: G/(G−1)) and
 * scipy.stats.t.ppf(0.975, G − 1); scipy 1.10/1.17 ttest_ind(after, before, equal_var=True,
 * alternative='greater') for the pooled t.
 */
import { describe, expect, it } from 'vitest';
import { batchEstimateOf, clusteredEstimate, pooledCertaintyWorse } from './batch-estimates';

const CLUSTERS = [[1.0, 2.0, 0.5, 1.5], [3.0, 2.5, 4.0], [0.2, 0.4, 0.3, 0.1, 0.6]];
const sum = (x: number[]) => x.reduce((a, b) => a + b, 0);

describe('batch-level estimates', () => {
  it('the cluster-robust interval of a mean equals statsmodels CR1 with t(G − 1)', () => {
    const e = clusteredEstimate(false, CLUSTERS.map((c) => c.length), CLUSTERS.map(sum));
    expect(e.value).toBeCloseTo(1.3416666666666668, 14);
    expect(e.n).toBe(12);
    // statsmodels: se 0.7651602425369863; mean ± t(0.975, 2)·se = [−1.9506, 4.6339], the lower end kept at 0.
    expect(e.ci95![0]).toBe(0);
    expect(e.ci95![1]).toBeCloseTo(4.633885473038005, 9);
  });
  it('one batch gives no interval; a series cut by batch numbers reads the same batches', () => {
    expect(clusteredEstimate(false, [5], [10]).ci95).toBeNull();
    const values = CLUSTERS.flat();
    const clusters = Int32Array.from(CLUSTERS.flatMap((c, g) => c.map(() => g)));
    expect(batchEstimateOf('lognormal', values, clusters, 0, values.length)).toEqual(clusteredEstimate(false, CLUSTERS.map((c) => c.length), CLUSTERS.map(sum)));
    // Rates stay within [0, 1].
    const rate = clusteredEstimate(true, [10, 10, 10], [10, 10, 2]);
    expect(rate.ci95![1]).toBeLessThanOrEqual(1);
  });
  it('the pooled t on batch means equals scipy, one batch after the change included', () => {
    expect(pooledCertaintyWorse('up', [1.0, 1.2, 0.8], [1.5, 1.9])).toBeCloseTo(0.9774795418343873, 12);
    expect(pooledCertaintyWorse('down', [1.0, 1.2, 0.8], [1.5, 1.9])).toBeCloseTo(1 - 0.9774795418343873, 12);
    expect(pooledCertaintyWorse('up', [0.1, 0.4, 0.25, 0.3], [0.9])).toBeCloseTo(0.9901228124532456, 12);
    // No degrees of freedom (one batch each side): no evidence either way.
    expect(pooledCertaintyWorse('up', [1], [2])).toBe(0.5);
    expect(pooledCertaintyWorse('up', [1, 2, 3], [])).toBe(0.5);
  });
});
