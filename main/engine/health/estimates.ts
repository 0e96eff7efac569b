/** Before/after summaries of a stretch of a series, in natural units, with 95 % intervals. */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { probDiffBelow, passRatePosterior } from '../stats/beta-compare';
import { welchLogTest } from '../stats/welch-log-test';
import { wilsonInterval } from '../stats/wilson';
import { batchEstimateOf } from './batch-estimates';
import { type SeriesFamily, transform } from './series';
import type { Estimate } from './types';

/** Rate (Wilson interval) or mean (t-interval) of values[from, to); counting batches when `clusters` (batch-estimates.ts). */
export function estimateOf(family: SeriesFamily, values: ArrayLike<number>, from: number, to: number, clusters: Int32Array | null = null): Estimate {
  if (clusters) return batchEstimateOf(family, values, clusters, from, to);
  const n = Math.max(0, to - from);
  if (n === 0) return { value: null, ci95: null, n: 0 };
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  if (family === 'bernoulli') return { value: sum / n, ci95: wilsonInterval(sum, n), n };
  const mean = sum / n;
  if (n < 2) return { value: mean, ci95: null, n };
  let ss = 0;
  for (let i = from; i < to; i++) ss += (values[i] - mean) ** 2;
  const half = tQuantile(0.975, n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { value: mean, ci95: [Math.max(0, mean - half), mean + half], n };
}

function transformedSummary(family: SeriesFamily, values: ArrayLike<number>, from: number, to: number): { n: number; mean: number; sd: number } {
  const n = to - from;
  let s = 0;
  for (let i = from; i < to; i++) s += transform(family, values[i]);
  const mean = s / n;
  let ss = 0;
  for (let i = from; i < to; i++) ss += (transform(family, values[i]) - mean) ** 2;
  return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/**
 * How sure we are that [k, to) is worse than [from, k): for rates the posterior
 * P(p_after worse than p_before) under Beta(1,1) priors; for continuous metrics the one-sided
 * Welch t probability on the detector's scale (log, or √(x + 3/8) for counts).
 */
export function certaintyWorse(family: SeriesFamily, bad: 'up' | 'down', values: ArrayLike<number>, from: number, k: number, to: number): number {
  if (k - from < 2 || to - k < 2) return 0.5;
  if (family === 'bernoulli') {
    let b = 0;
    let a = 0;
    for (let i = from; i < k; i++) b += values[i];
    for (let i = k; i < to; i++) a += values[i];
    const before = passRatePosterior(b, k - from);
    const after = passRatePosterior(a, to - k);
    return bad === 'down' ? probDiffBelow(after, before, 0) : probDiffBelow(before, after, 0);
  }
  const r = welchLogTest(transformedSummary(family, values, k, to), transformedSummary(family, values, from, k));
  if (!r) return 0.5;
  // p_one_sided = P(T ≤ t), t = (after − before)/se: the certainty that after is higher.
  return bad === 'up' ? r.p_one_sided : 1 - r.p_one_sided;
}
