/**
 * Cost on the log scale. Run costs are right-skewed (a few runs cost many times the typical
 * one), so means and tests are taken on log cost, where the spread is roughly symmetric and
 * a difference is a ratio: exp(mean log cost) is the geometric mean.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { ArmAggregate } from '../aggregates';

/** Mean and sample standard deviation of log cost over the runs with cost > 0. */
export interface LogSummary {
  n: number;
  mean: number;
  sd: number;
}

/** Log-cost summary from running sums (null when no run has a cost > 0). */
export function logSummaryFromSums(n: number, sumLog: number, sumLog2: number): LogSummary | null {
  if (!(n > 0)) return null;
  const mean = sumLog / n;
  // Sums of squares lose digits when the spread is tiny; a negative variance is rounding noise.
  const variance = n > 1 ? Math.max(0, (sumLog2 - n * mean * mean) / (n - 1)) : 0;
  return { n, mean, sd: Math.sqrt(variance) };
}

/** Log-cost summary of one arm of the aggregates. */
export function logSummary(arm: ArmAggregate): LogSummary | null {
  return logSummaryFromSums(arm.log_n, arm.sum_log_cost, arm.sum_log_cost2);
}

/** Geometric mean cost, exp(mean log cost). */
export function geoMean(s: LogSummary | null): number | null {
  return s ? Math.exp(s.mean) : null;
}

/**
 * 95 % interval for the geometric mean: the t-interval on mean log cost, exponentiated.
 * Null with fewer than 2 runs (no spread to judge from).
 */
export function geoMeanInterval(s: LogSummary | null, level = 0.95): [number, number] | null {
  if (!s || s.n < 2) return null;
  const half = tQuantile(1 - (1 - level) / 2, s.n - 1) * (s.sd / Math.sqrt(s.n));
  return [Math.exp(s.mean - half), Math.exp(s.mean + half)];
}
