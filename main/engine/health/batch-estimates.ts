/**
 * Before/after summaries when a series is batched (batch-times.ts `batchClusters`): runs of one
 * batch share their submission, machine and model build, so they are not independent, and an
 * interval that counts runs is far too narrow (on real benchmark logs every batch-to-batch
 * difference came out "certainty 1.0000"). Here the batch is the unit:
 * - the interval of a stretch is the cluster-robust (ratio-estimator, CR1) t-interval over its
 *   batches, G − 1 degrees of freedom, null with a single batch;
 * - `pooledCertaintyWorse`: the pooled two-sample t on the clusters' means, G_before + G_after − 2
 *   degrees of freedom (the seed rule's days, seed-rule.ts). Change points of batched series
 *   take their certainty from a permutation test instead (batch-changes.ts), which accounts for
 *   the cut having been chosen where the two sides differ most.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { SeriesFamily } from './series';
import type { Estimate } from './types';

/** Per batch of [from, to): its count and the sum of its values (a batch cut by `from`/`to` counts as its part). */
function batchSums(values: ArrayLike<number>, clusters: Int32Array, from: number, to: number): { n: number[]; sum: number[] } {
  const n: number[] = [];
  const sum: number[] = [];
  for (let i = from; i < to; i++) {
    if (i === from || clusters[i] !== clusters[i - 1]) {
      n.push(0);
      sum.push(0);
    }
    n[n.length - 1]++;
    sum[sum.length - 1] += values[i];
  }
  return { n, sum };
}

/** Rate or mean of values[from, to) with the cluster-robust interval over its batches. */
export function batchEstimateOf(family: SeriesFamily, values: ArrayLike<number>, clusters: Int32Array, from: number, to: number): Estimate {
  const b = batchSums(values, clusters, from, to);
  return clusteredEstimate(family === 'bernoulli', b.n, b.sum);
}

/**
 * The run-weighted mean of clusters (their counts and sums) with the cluster-robust
 * (ratio-estimator) t-interval, G − 1 degrees of freedom; no interval with one cluster. Rates are
 * kept within [0, 1], means at ≥ 0.
 */
export function clusteredEstimate(rate: boolean, n: readonly number[], sum: readonly number[]): Estimate {
  let N = 0;
  let total = 0;
  for (let g = 0; g < n.length; g++) {
    N += n[g];
    total += sum[g];
  }
  if (N === 0) return { value: null, ci95: null, n: 0 };
  const mean = total / N;
  const G = n.filter((x) => x > 0).length;
  if (G < 2) return { value: mean, ci95: null, n: N };
  let q = 0;
  for (let g = 0; g < n.length; g++) q += (sum[g] - n[g] * mean) ** 2;
  const half = tQuantile(0.975, G - 1) * (Math.sqrt((G / (G - 1)) * q) / N);
  return { value: mean, ci95: [Math.max(0, mean - half), rate ? Math.min(1, mean + half) : mean + half], n: N };
}

/** P(the clusters after are worse than those before): the pooled two-sample t on the cluster means. */
export function pooledCertaintyWorse(bad: 'up' | 'down', before: readonly number[], after: readonly number[]): number {
  const df = before.length + after.length - 2;
  if (df < 1 || before.length === 0 || after.length === 0) return 0.5;
  const avg = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const mb = avg(before);
  const ma = avg(after);
  let ss = 0;
  for (const x of before) ss += (x - mb) ** 2;
  for (const x of after) ss += (x - ma) ** 2;
  const diff = ma - mb; // after − before on a scale where up is up
  const sd = Math.sqrt(ss / df);
  let up: number; // P(after is higher)
  if (sd === 0) up = diff > 0 ? 1 : diff < 0 ? 0 : 0.5;
  else up = tCdf(diff / (sd * Math.sqrt(1 / before.length + 1 / after.length)), df);
  return bad === 'up' ? up : 1 - up;
}
