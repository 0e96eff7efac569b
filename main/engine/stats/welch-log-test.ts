/** "Is the alternative cheaper?": Welch's t-test on log cost, one-sided. */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { LogSummary } from './log-cost';

export interface WelchLogResult {
  /** mean log cost alternative − current (negative = alternative cheaper). */
  diff: number;
  se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  t: number;
  /** One-sided p-value of H1 "alternative has the lower mean log cost". */
  p_one_sided: number;
  /** Ratio of geometric means alternative/current and its two-sided 95 % interval. */
  ratio: number;
  ratio_ci: [number, number];
}

/**
 * Welch's unequal-variance t-test of mean log cost, alternative vs current. Needs ≥ 2 runs
 * with cost per arm. A difference of mean logs is the log of the ratio of geometric means,
 * so the interval is reported as a cost ratio.
 */
export function welchLogTest(alt: LogSummary, cur: LogSummary, level = 0.95): WelchLogResult | null {
  if (alt.n < 2 || cur.n < 2) return null;
  const va = (alt.sd * alt.sd) / alt.n;
  const vc = (cur.sd * cur.sd) / cur.n;
  const diff = alt.mean - cur.mean;
  const se = Math.sqrt(va + vc);
  const ratio = Math.exp(diff);
  if (se === 0) {
    // Every run in both arms cost the same: the difference, if any, is certain.
    return { diff, se, df: alt.n + cur.n - 2, t: diff < 0 ? -Infinity : diff > 0 ? Infinity : 0, p_one_sided: diff < 0 ? 0 : 1, ratio, ratio_ci: [ratio, ratio] };
  }
  const df = (va + vc) ** 2 / ((va * va) / (alt.n - 1) + (vc * vc) / (cur.n - 1));
  const t = diff / se;
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return { diff, se, df, t, p_one_sided: tCdf(t, df), ratio, ratio_ci: [Math.exp(diff - half), Math.exp(diff + half)] };
}
