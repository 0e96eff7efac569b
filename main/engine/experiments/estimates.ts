/**
 * Per-arm figures and variant-vs-control effect estimates from sums. An `Effect` is oriented as
 * a gain (positive = the variant is better), so decisions treat every metric alike: for pass
 * rate the difference of rates, for cost metrics minus the log of the variant/control ratio.
 */
import { meanVar, type MomentSums } from '../stats/moments';
import type { ArmSums, CostPassSums } from './sums';
import type { DecisionMetric } from './types';

/** An estimate of a gain with its variance, from `n` runs in all. */
export interface Effect {
  /** Gain: positive means the variant is better than the control. */
  gain: number;
  variance: number;
  n: number;
}

/** Cost per passed run R = Σcost / Σpass with its delta-method variance (Deng et al. 2018). */
export interface RatioEstimate {
  ratio: number;
  /** Var(R) ≈ (1/X̄²)(Var(Ȳ) − 2R·Cov(Ȳ, X̄) + R²·Var(X̄)). */
  variance: number;
  /** Var(ln R) = Var(R)/R². */
  log_variance: number;
  n: number;
}

/** Cost per passed run with its delta-method variance; null without passes or < 2 runs. */
export function costPerPass(cp: CostPassSums): RatioEstimate | null {
  const n = cp.n;
  if (n < 2 || cp.passes <= 0) return null;
  const y = cp.sum_cost / n;
  const x = cp.passes / n;
  const sy2 = Math.max(0, (cp.sum_cost2 - n * y * y) / (n - 1));
  const sx2 = Math.max(0, (cp.passes - n * x * x) / (n - 1));
  const sxy = (cp.sum_cost_pass - n * x * y) / (n - 1);
  const r = y / x;
  const variance = Math.max(0, (sy2 / n - 2 * r * (sxy / n) + r * r * (sx2 / n)) / (x * x));
  // The same rounding floor as for means: an all-equal-cost, all-pass arm has no spread.
  const v = variance <= 1e-12 * r * r ? 0 : variance;
  return { ratio: r, variance: v, log_variance: r > 0 ? v / (r * r) : Infinity, n };
}

/**
 * Variance of a pass rate for decisions: the Beta(1 + s, 1 + f) posterior variance. Unlike
 * p̂(1 − p̂)/n it is never 0, so 10 of 10 passes in both arms do not look infinitely precise.
 */
export function passRateVariance(passes: number, qaN: number): number {
  const a = 1 + passes;
  const b = 1 + qaN - passes;
  return (a * b) / ((a + b) ** 2 * (a + b + 1));
}

/** Gain in pass rate, variant − control. Null when an arm has no QA outcome. */
export function passEffect(c: ArmSums, t: ArmSums): Effect | null {
  if (c.qa_n === 0 || t.qa_n === 0) return null;
  return {
    gain: t.passes / t.qa_n - c.passes / c.qa_n,
    variance: passRateVariance(t.passes, t.qa_n) + passRateVariance(c.passes, c.qa_n),
    n: c.qa_n + t.qa_n,
  };
}

/** Gain in cost per passed run: −ln(R_T / R_C). Null when either ratio is undefined. */
export function costPerPassEffect(c: ArmSums, t: ArmSums): Effect | null {
  const rc = costPerPass(c.cp);
  const rt = costPerPass(t.cp);
  if (!rc || !rt || !(rc.ratio > 0) || !(rt.ratio > 0)) return null;
  return { gain: -Math.log(rt.ratio / rc.ratio), variance: rc.log_variance + rt.log_variance, n: rc.n + rt.n };
}

/**
 * Gain in dollars per run as a relative effect: −ln(mean_T / mean_C), variance by the delta
 * method (s²/(n·mean²) per arm). Decisions use dollars ($0 runs included), never the geometric
 * mean.
 */
export function costEffect(c: ArmSums, t: ArmSums): Effect | null {
  return relativeMeanEffect(c.cost, t.cost);
}

function relativeMeanEffect(cm: MomentSums, tm: MomentSums): Effect | null {
  const c = meanVar(cm);
  const t = meanVar(tm);
  if (!c || !t || c.n < 2 || t.n < 2 || !(c.mean > 0) || !(t.mean > 0)) return null;
  return {
    gain: -Math.log(t.mean / c.mean),
    variance: t.variance / (t.n * t.mean * t.mean) + c.variance / (c.n * c.mean * c.mean),
    n: c.n + t.n,
  };
}

/** The raw (unpaired, unstratified) gain on a decision metric. */
export function rawEffect(metric: DecisionMetric, c: ArmSums, t: ArmSums): Effect | null {
  if (metric === 'pass_rate') return passEffect(c, t);
  if (metric === 'cost') return costEffect(c, t);
  return costPerPassEffect(c, t);
}
