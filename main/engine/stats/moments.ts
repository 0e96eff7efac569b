/**
 * Means, variances and Welch's two-sided test from running sums (n, Σx, Σx²), the mergeable form
 * the store can keep at ingest. Degenerate spreads are detected, never divided by.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Running sums of one variable: count, sum, sum of squares. */
export interface MomentSums {
  n: number;
  sum: number;
  sum2: number;
}

/** Empty sums. */
export function emptyMoments(): MomentSums {
  return { n: 0, sum: 0, sum2: 0 };
}

/** Add one value (sign −1 removes it). */
export function addMoment(m: MomentSums, x: number, sign = 1): void {
  m.n += sign;
  m.sum += sign * x;
  m.sum2 += sign * x * x;
}

/** Sum of two sums (a new object). */
export function mergeMoments(a: MomentSums, b: MomentSums): MomentSums {
  return { n: a.n + b.n, sum: a.sum + b.sum, sum2: a.sum2 + b.sum2 };
}

/**
 * Relative size below which a variance from sums is rounding noise: Σx² − n·x̄² loses about
 * 16 digits of Σx²/n, so anything below 1e-12 · x̄² cannot be told from 0. Without this, arms
 * whose runs all cost the same give t = −1e9 and p = 0 instead of "no test possible".
 */
const DEGENERATE_REL = 1e-12;

/** Sample mean and variance (n − 1); variance 0 when it is indistinguishable from 0. */
export function meanVar(m: MomentSums): { n: number; mean: number; variance: number } | null {
  if (!(m.n > 0)) return null;
  const mean = m.sum / m.n;
  if (m.n < 2) return { n: m.n, mean, variance: 0 };
  const raw = (m.sum2 - m.n * mean * mean) / (m.n - 1);
  const floor = DEGENERATE_REL * Math.max(mean * mean, m.sum2 / m.n);
  return { n: m.n, mean, variance: raw <= floor ? 0 : raw };
}

/** t-interval for the mean at `level` (null with < 2 values; zero-width when all are equal). */
export function meanInterval(m: MomentSums, level = 0.95): [number, number] | null {
  const s = meanVar(m);
  if (!s || s.n < 2) return null;
  const half = tQuantile(1 - (1 - level) / 2, s.n - 1) * Math.sqrt(s.variance / s.n);
  return [s.mean - half, s.mean + half];
}

export interface WelchResult {
  /** mean(a) − mean(b). */
  diff: number;
  se: number;
  df: number;
  t: number;
  /** Two-sided p-value. */
  p: number;
  ci95: [number, number];
}

/**
 * Welch's unequal-variance t-test, two-sided, a vs b. Null when an arm has < 2 values or both
 * arms have zero spread: then no test is possible (the caller says why).
 */
export function welchTest(a: MomentSums, b: MomentSums): WelchResult | null {
  const sa = meanVar(a);
  const sb = meanVar(b);
  if (!sa || !sb || sa.n < 2 || sb.n < 2) return null;
  const va = sa.variance / sa.n;
  const vb = sb.variance / sb.n;
  if (va + vb === 0) return null;
  const diff = sa.mean - sb.mean;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / ((va * va) / (sa.n - 1) + (vb * vb) / (sb.n - 1));
  const t = diff / se;
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const half = tQuantile(0.975, df) * se;
  return { diff, se, df, t, p, ci95: [diff - half, diff + half] };
}

export interface OneSampleT {
  mean: number;
  se: number;
  df: number;
  t: number;
  p: number;
  ci95: [number, number];
}

/** One-sample t-test of mean 0 (a paired t-test on differences); null when degenerate. */
export function oneSampleT(d: MomentSums): OneSampleT | null {
  const s = meanVar(d);
  if (!s || s.n < 2 || s.variance === 0) return null;
  const se = Math.sqrt(s.variance / s.n);
  const df = s.n - 1;
  const t = s.mean / se;
  const half = tQuantile(0.975, df) * se;
  return { mean: s.mean, se, df, t, p: Math.min(1, 2 * tCdf(-Math.abs(t), df)), ci95: [s.mean - half, s.mean + half] };
}
