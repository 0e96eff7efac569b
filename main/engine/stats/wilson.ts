/**
 * Proportions with honest intervals: the Wilson score interval for one rate and Newcombe's
 * hybrid score interval for the difference of two independent rates.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { Rate } from '../../../shared/domain';

/** z for a two-sided interval at `level`, e.g. 1.959963984540054 for 95 %. */
export function zFor(level: number): number {
  return normalQuantile(1 - (1 - level) / 2, 0, 1);
}

const Z95 = zFor(0.95);

/**
 * Wilson score interval (Wilson 1927). Unlike the textbook p ± z·se it never leaves [0, 1]
 * and keeps close to its nominal coverage at small n and at rates near 0 or 1.
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): [number, number] | null {
  if (!(n > 0)) return null;
  const z = level === 0.95 ? Z95 : zFor(level);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // 0/n and n/n give exactly 0 and 1 in exact arithmetic; don't show the rounding noise.
  return [successes <= 0 ? 0 : Math.max(0, centre - half), successes >= n ? 1 : Math.min(1, centre + half)];
}

/** A rate with its 95 % Wilson interval (all null when n is 0). */
export function rateOf(successes: number, n: number): Rate {
  const ci = wilsonInterval(successes, n);
  return { successes, n, rate: n > 0 ? successes / n : null, ci_low: ci ? ci[0] : null, ci_high: ci ? ci[1] : null };
}

/**
 * Newcombe's hybrid score interval (1998, method 10) for p1 − p2, built from the two Wilson
 * intervals. Well behaved at small n and at 0 or 100 %, where the Wald interval collapses.
 */
export function newcombeDiffInterval(
  s1: number, n1: number, s2: number, n2: number, level = 0.95,
): { estimate: number; ci_low: number; ci_high: number } | null {
  const w1 = wilsonInterval(s1, n1, level);
  const w2 = wilsonInterval(s2, n2, level);
  if (!w1 || !w2) return null;
  const p1 = s1 / n1;
  const p2 = s2 / n2;
  const d = p1 - p2;
  const lo = d - Math.sqrt((p1 - w1[0]) ** 2 + (w2[1] - p2) ** 2);
  const hi = d + Math.sqrt((w1[1] - p1) ** 2 + (p2 - w2[0]) ** 2);
  return { estimate: d, ci_low: Math.max(-1, lo), ci_high: Math.min(1, hi) };
}
