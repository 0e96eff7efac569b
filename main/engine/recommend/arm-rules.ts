/**
 * The thresholds of the arm rules and the tiers they give: cost confidence from the always-valid
 * p, QA confidence from the posterior probability that the pass rate is worse by more than the
 * margin (and, for high and medium, by twice the margin).
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { Confidence } from '../../../shared/domain';
import type { VariantRow } from '../experiments/types';
import { probAltWorse } from '../stats/beta-compare';

export const ARM_RULES = {
  /** Seed: ≥ 3 runs in each arm. */
  minRunsPerArm: 3,
  /** Seed: the other arm costs ≥ 15 % less per run, in dollars. */
  minSaving: 0.15,
  /** Cost confidence from the always-valid p after Holm. */
  highAlpha: 0.001,
  mediumAlpha: 0.05,
  /**
   * QA tier from P(pass rate worse by more than the margin): high ≤ 0.2, medium ≤ 0.4, low ≤ 0.6,
   * above → not recommended. At 100 runs per arm with equal QA 0.9, P ≤ 0.4 holds in 83 % of
   * samples (a 0.3 cut-off would give 75 %: below the 80 % power target).
   */
  qaTier: { high: 0.2, medium: 0.4, low: 0.6 },
  /**
   * High and medium also need P(worse by > 2 × margin) ≤ 0.05 / 0.15. Without it 0.75 vs 0.90 at
   * 20 runs per arm passes medium in 14 % (end to end ~10 %, the Done-means limit); with it 7 %,
   * while equal QA 0.9 at 100 runs per arm still passes in 83 % (scipy, simulation.test.ts).
   */
  qaTail: { high: 0.05, medium: 0.15 },
  /** Default QA margin (a setting): 5 points of pass rate. */
  qaMargin: 0.05,
} as const;

export interface ArmSettings {
  /** P(pass rate worse by more than this) decides the QA tier (0.05 = 5 points). */
  qa_margin: number;
  /** Dollars per extra passed run the user will pay (null: not set). */
  willingness_to_pay_usd: number | null;
}

/** Cost confidence from an always-valid p (Holm-adjusted) on a gain in the right direction. */
export function costTier(p: number | null): Confidence {
  if (p == null) return 'low';
  return p < ARM_RULES.highAlpha ? 'high' : p < ARM_RULES.mediumAlpha ? 'medium' : 'low';
}

/**
 * QA tier from P(pass rate worse by more than the margin) and, for high and medium, the tail
 * P(worse by more than twice the margin); null above the low cut-off. The tail check keeps a wide
 * posterior (few runs) from reading as "probably within 5 points" while a 10-point drop is still
 * quite possible.
 */
export function qaTier(pWorse: number | null, pWorse2 = 0): Confidence | null {
  if (pWorse == null) return 'low';
  const t = ARM_RULES.qaTier;
  if (pWorse <= t.high && pWorse2 <= ARM_RULES.qaTail.high) return 'high';
  if (pWorse <= t.medium && pWorse2 <= ARM_RULES.qaTail.medium) return 'medium';
  return pWorse <= t.low ? 'low' : null;
}

/**
 * P(variant's pass rate < control's − margin) on the experiment's deciding estimate: the Beta
 * posteriors on the raw counts, a normal on the paired or stratified difference (so a drop on the
 * same tasks is seen even when task difficulty hides it from raw counts). Null without QA data.
 */
export function pQaWorse(v: VariantRow, c: VariantRow, margin: number): number | null {
  return pWorseBy(v, c, margin);
}

/** P(variant's pass rate < control's − m) on the deciding estimate (see pQaWorse). */
export function pWorseBy(v: VariantRow, c: VariantRow, margin: number): number | null {
  const e = v.decision_effects.pass_rate;
  if (v.decision_basis !== 'raw' && e && e.variance > 0) return normalCdf((-margin - e.gain) / Math.sqrt(e.variance), 0, 1);
  if (v.qa_n === 0 || c.qa_n === 0) return null;
  return probAltWorse(v.passes, v.qa_n, c.passes, c.qa_n, margin);
}
