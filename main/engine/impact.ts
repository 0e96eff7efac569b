/** Expected effect of a change on cost per run, as numbers and as a sentence. */
import type { Impact } from '../../shared/domain';
import { usd } from './recommend/common';

/**
 * Impact of switching from the current arm to one whose geometric-mean cost is `ratio` times
 * the current one: Δ$/run = current mean cost × (ratio − 1), interval from the ratio's interval.
 * This assumes the switch scales every run's cost by the same factor (a shift on the log
 * scale), so the mean scales like the geometric mean; the current mean's own noise is ignored.
 */
export function impactFromRatio(currentAvgCost: number | null, ratio: number, ratioCi: [number, number]): Impact | null {
  if (currentAvgCost == null || !Number.isFinite(currentAvgCost)) return null;
  const delta = currentAvgCost * (ratio - 1);
  return {
    cost_per_run_usd: delta,
    ci_low: currentAvgCost * (ratioCi[0] - 1),
    ci_high: currentAvgCost * (ratioCi[1] - 1),
    per_100_runs_usd: delta * 100,
  };
}

/** "+$x more" / "$x less" for a signed change in $ (negative = saving). */
function change(x: number): string {
  return x <= 0 ? `${usd(-x)} less` : `${usd(x)} more`;
}

function range(lo: number, hi: number): string {
  // Both ends savings: "$0.21–$0.44 less"; otherwise spell both ends out.
  if (hi <= 0) return `${usd(-hi)}–${usd(-lo)} less`;
  if (lo >= 0) return `${usd(lo)}–${usd(hi)} more`;
  return `from ${change(lo)} to ${change(hi)}`;
}

/** The estimated_impact sentence: per run and per 100 runs, each with its 95 % interval. */
export function impactText(impact: Impact): string {
  const { cost_per_run_usd: d, ci_low: lo, ci_high: hi } = impact;
  if (d == null || lo == null || hi == null) return 'Cost effect unknown';
  const head = d < 0 ? `~${usd(-d)} savings per run` : `~${usd(d)} extra per run`;
  return `${head} (95% CI ${range(lo, hi)}); ~${change(d * 100)} per 100 runs (95% CI ${range(lo * 100, hi * 100)})`;
}
