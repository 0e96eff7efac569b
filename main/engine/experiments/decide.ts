/**
 * Peeking-safe status of one variant on the primary metric, from always-valid inference: the
 * asymptotic confidence sequence on the deciding estimate and its always-valid p, Holm-adjusted
 * across the variants of the experiment.
 */
import { alwaysValidP, confidenceSequence } from '../stats/confidence-sequence';
import type { Effect } from './estimates';
import type { DecisionMetric, ExperimentStatus } from './types';

/** Fewest runs per arm (with the metric recorded) before any decision. */
export const MIN_RUNS_PER_ARM = 10;

/** Default minimum detectable effects: 10 % relative on cost metrics, 5 points on pass rate. */
export const DEFAULT_MDE: Record<DecisionMetric, number> = { cost_per_pass: 0.1, cost: 0.1, pass_rate: 0.05 };

/** The MDE in gain units: ln(1 + m) for a relative cost effect, m itself for a pass rate. */
export function mdeGain(metric: DecisionMetric, mde: number): number {
  return metric === 'pass_rate' ? mde : Math.log(1 + mde);
}

export interface DecisionInput {
  primary: Effect | null;
  guardrail: Effect | null;
  /** Holm-adjusted always-valid p of the primary and the guardrail for this variant. */
  p_primary: number | null;
  p_guardrail: number | null;
  /** Runs per arm that count (the smaller of control and variant). */
  min_arm_n: number;
  /** MDE of the primary in gain units. */
  mde_gain: number;
  alpha: number;
  /** Variants compared in the experiment (the no-difference interval is taken at α/k). */
  variants: number;
  /** Per-arm planned sample (required runs), when known: reaching it without a decision is inconclusive. */
  planned_n: number | null;
  /**
   * Posterior probability that the guardrail is worse by more than its margin (5 points of pass
   * rate; 10 % on cost per passed run); at or above GUARDRAIL_BLOCK a variant is not a winner.
   * A function: it is a numerical integral, evaluated only for would-be winners.
   */
  p_guardrail_worse?: () => number | null;
  /** The guardrail's name and margin, for the reason. */
  guardrail_label?: string;
}

/**
 * A variant better on the primary metric is still not a winner when its guardrail is probably
 * worse by more than the margin (P ≥ 0.4, the recommendations' medium QA tier; docs/statistics.md),
 * so "cheaper per pass but 8 points fewer passes" is shown, not crowned.
 */
export const GUARDRAIL_BLOCK = 0.4;

export interface Decision {
  status: ExperimentStatus;
  reason: string;
  /** Always-valid interval of the primary gain at α/k. */
  ci: [number, number] | null;
}

/**
 * collecting → winner / harmful / no_difference / inconclusive, in that precedence: harmful
 * (primary or guardrail worse with always-valid confidence) before winner, so a winner whose
 * guardrail got significantly worse is never silently a winner.
 */
export function decideVariant(d: DecisionInput): Decision {
  if (d.min_arm_n < MIN_RUNS_PER_ARM) return { status: 'collecting', reason: `fewer than ${MIN_RUNS_PER_ARM} runs in an arm`, ci: null };
  const p = d.primary;
  if (!p || !(p.variance > 0)) return { status: 'collecting', reason: 'no test possible on the primary metric (no spread or no passes)', ci: null };
  const ci = confidenceSequence(p.gain, p.variance, p.n, d.alpha / Math.max(1, d.variants));
  const pP = d.p_primary ?? 1;
  const pG = d.p_guardrail ?? 1;
  const g = d.guardrail;
  if (pP < d.alpha && p.gain < 0) return { status: 'harmful', reason: 'primary metric worse with always-valid confidence', ci };
  if (g && pG < d.alpha && g.gain < 0) return { status: 'harmful', reason: 'guardrail worse with always-valid confidence', ci };
  if (pP < d.alpha && p.gain > 0) {
    const worse = d.p_guardrail_worse?.() ?? null;
    if (worse != null && worse >= GUARDRAIL_BLOCK) {
      return { status: 'collecting', reason: `primary metric better with always-valid confidence, but ${d.guardrail_label ?? 'the guardrail'} ${worse >= 0.5 ? 'is probably worse' : 'may be worse'} (P = ${worse.toFixed(2)}): not a winner`, ci };
    }
    return { status: 'winner', reason: 'primary metric better with always-valid confidence, guardrail not worse', ci };
  }
  if (ci[0] > -d.mde_gain && ci[1] < d.mde_gain) return { status: 'no_difference', reason: 'the always-valid interval excludes effects larger than the MDE', ci };
  if (d.planned_n != null && d.min_arm_n >= d.planned_n) return { status: 'inconclusive', reason: 'planned sample reached without a decision', ci };
  return { status: 'collecting', reason: 'the interval still spans both a gain and a loss larger than the MDE', ci };
}

/** Always-valid p of an effect (1 when it has no variance: no test possible). */
export function effectP(e: Effect | null, alpha: number): number | null {
  if (!e || !(e.variance > 0)) return null;
  return alwaysValidP(e.gain, e.variance, e.n, alpha);
}
