/**
 * How many more runs would settle a cost comparison: the sample size at which the one-sided
 * Welch test on log cost would reach its significance level with 80 % power, if the true
 * difference were the one observed.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface PowerInput {
  /** Observed difference in mean log cost (alternative − current); must be ≠ 0. */
  diff: number;
  /** Log-cost standard deviations and run counts of the two arms. */
  sd_alt: number;
  sd_cur: number;
  n_alt: number;
  n_cur: number;
  /** One-sided significance level the test must reach (e.g. 0.01, or 0.01/k under Holm). */
  alpha: number;
  power?: number;
}

export interface PowerResult {
  /** Runs per arm a balanced design would need in total. */
  runs_per_arm_needed: number;
  /** Runs to add to each arm, given the runs already there (0 when already enough). */
  more_runs_per_arm: number;
}

const MAX_RUNS = 1_000_000;

/**
 * Normal-theory power with t quantiles: the test reaches `power` when
 * |diff| / se ≥ t(1 − alpha, df) + t(power, df), se² = s_a²/n_a + s_c²/n_c. Searches the
 * smallest number of runs to add to both arms. Null when the difference is 0 or undefined.
 */
export function runsToSettle(input: PowerInput): PowerResult | null {
  const { diff, sd_alt, sd_cur, n_alt, n_cur, alpha } = input;
  const power = input.power ?? 0.8;
  if (!(Math.abs(diff) > 0) || !Number.isFinite(diff)) return null;
  const va = sd_alt * sd_alt;
  const vc = sd_cur * sd_cur;
  if (va + vc === 0) return { runs_per_arm_needed: Math.max(2, Math.min(n_alt, n_cur)), more_runs_per_arm: 0 };
  // z-based critical values are below the t-based ones, so the normal answer is a lower bound.
  const z = normalQuantile(1 - alpha, 0, 1) + normalQuantile(power, 0, 1);
  const tCrit = (df: number): number => tQuantile(1 - alpha, df) + tQuantile(power, df);
  const meets = (na: number, nc: number, crit: number): boolean => Math.abs(diff) / Math.sqrt(va / na + vc / nc) >= crit;
  const enough = (na: number, nc: number): boolean => meets(na, nc, z) && meets(na, nc, tCrit(Math.max(1, na + nc - 2)));
  const start = Math.min(MAX_RUNS, Math.max(2, Math.ceil(((va + vc) * z * z) / (diff * diff))));
  const balanced = smallest((m) => enough(m, m), start);
  const more = smallest((m) => enough(n_alt + m, n_cur + m), smallest((m) => meets(n_alt + m, n_cur + m, z), 0));
  return { runs_per_arm_needed: balanced, more_runs_per_arm: more };
}

/**
 * Smallest m in [from, MAX_RUNS] with pred(m), for a monotone pred and `from` known not to be
 * above the answer: doubling steps, then bisection (few t-quantile evaluations).
 */
function smallest(pred: (m: number) => boolean, from: number): number {
  if (pred(from)) return from;
  let lo = from;
  let step = 1;
  let hi = from + step;
  while (hi < MAX_RUNS && !pred(hi)) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  if (hi >= MAX_RUNS) return MAX_RUNS;
  // Invariant: pred(lo) false, pred(hi) true.
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pred(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
