/**
 * Fixed-n figures of one arm and of one variant vs the control (§2): Wilson interval and
 * Fisher's exact test on pass rate, dollars per run with a t-interval and Welch's test ($0 runs
 * included), the ratio of geometric means of paid runs (secondary), cost per passed run with a
 * delta-method interval, and Welch on duration, tokens, retries and rating.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { fisherExact } from '../stats/exact-tests';
import { logSummaryFromSums } from '../stats/log-cost';
import { meanInterval, meanVar, welchTest, type MomentSums } from '../stats/moments';
import { welchLogTest } from '../stats/welch-log-test';
import { wilsonInterval } from '../stats/wilson';
import { costPerPass, costPerPassEffect } from './estimates';
import type { ArmSums } from './sums';
import type { OtherMetric } from './types';

const Z95 = 1.959963984540054;

export type OtherName = 'duration' | 'tokens' | 'retries' | 'rating';
export const OTHER_METRICS: readonly OtherName[] = ['duration', 'tokens', 'retries', 'rating'];

/** Medians per metric, when the runs themselves are at hand (the runs-array path). */
export type ArmMedians = Partial<Record<'cost' | OtherName, number | null>>;

export interface ArmFigures {
  pass_rate: number | null;
  pass_ci95: [number, number] | null;
  cost_mean: number | null;
  cost_ci95: [number, number] | null;
  cost_per_pass: number | null;
  /** exp(ln R ± 1.96·sd(ln R)): the delta-method interval on the log scale, kept positive. */
  cost_per_pass_ci95: [number, number] | null;
}

/** Figures of one arm on its own. */
export function armFigures(s: ArmSums): ArmFigures {
  const cm = meanVar(s.cost);
  const r = costPerPass(s.cp);
  const half = r ? Z95 * Math.sqrt(r.log_variance) : 0;
  return {
    pass_rate: s.qa_n > 0 ? s.passes / s.qa_n : null,
    pass_ci95: wilsonInterval(s.passes, s.qa_n),
    cost_mean: cm ? cm.mean : null,
    cost_ci95: meanInterval(s.cost),
    cost_per_pass: r ? r.ratio : null,
    cost_per_pass_ci95: r && Number.isFinite(half) ? [r.ratio * Math.exp(-half), r.ratio * Math.exp(half)] : null,
  };
}

export interface VsControl {
  p_value_pass: number | null;
  p_value_cost: number | null;
  geo_mean_ratio: number | null;
  geo_mean_ratio_ci95: [number, number] | null;
  cost_per_pass_ratio: number | null;
  cost_per_pass_ratio_ci95: [number, number] | null;
  p_value_cost_per_pass: number | null;
  other_p: Record<OtherName, number | null>;
  /** Metrics that had no spread in both arms (no test possible). */
  degenerate: string[];
}

/** Fixed-n tests of a variant against the control. */
export function vsControl(c: ArmSums, t: ArmSums): VsControl {
  const degenerate: string[] = [];
  const welch = (a: MomentSums, b: MomentSums, name: string): number | null => {
    const w = welchTest(a, b);
    if (!w && a.n >= 2 && b.n >= 2) degenerate.push(name);
    return w ? w.p : null;
  };
  const lt = logSummaryFromSums(t.log_cost.n, t.log_cost.sum, t.log_cost.sum2);
  const lc = logSummaryFromSums(c.log_cost.n, c.log_cost.sum, c.log_cost.sum2);
  const geo = lt && lc && (lt.sd > 0 || lc.sd > 0) ? welchLogTest(lt, lc) : null;
  const cpp = costPerPassEffect(c, t);
  const cppOk = cpp && cpp.variance > 0;
  const half = cppOk ? Z95 * Math.sqrt(cpp.variance) : 0;
  const other_p = {} as Record<OtherName, number | null>;
  for (const m of OTHER_METRICS) other_p[m] = welch(t[m], c[m], m);
  return {
    p_value_pass: c.qa_n > 0 && t.qa_n > 0 ? fisherExact(t.passes, t.qa_n - t.passes, c.passes, c.qa_n - c.passes) : null,
    p_value_cost: welch(t.cost, c.cost, 'cost'),
    geo_mean_ratio: geo ? geo.ratio : null,
    geo_mean_ratio_ci95: geo ? geo.ratio_ci : null,
    cost_per_pass_ratio: cpp ? Math.exp(-cpp.gain) : null,
    cost_per_pass_ratio_ci95: cppOk ? [Math.exp(-cpp.gain - half), Math.exp(-cpp.gain + half)] : null,
    p_value_cost_per_pass: cppOk ? Math.min(1, 2 * normalCdf(-Math.abs(cpp.gain) / Math.sqrt(cpp.variance), 0, 1)) : null,
    other_p,
    degenerate,
  };
}

/** Mean, median, interval and Welch p of one of the other metrics (null without values). */
export function otherMetric(m: MomentSums, median: number | null | undefined, p: number | null): OtherMetric | null {
  const s = meanVar(m);
  if (!s) return null;
  return { n: s.n, mean: s.mean, median: median ?? null, ci95: meanInterval(m), p_value: p };
}

/** Median with linear interpolation (numpy's default); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const h = (v.length - 1) / 2;
  const lo = Math.floor(h);
  return v[lo] + (h - lo) * (v[Math.ceil(h)] - v[lo]);
}
