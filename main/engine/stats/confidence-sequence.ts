/**
 * Asymptotic confidence sequences (Waudby-Smith, Arnold, Wu, Howard, Ramdas, "Time-uniform
 * central limit theory and asymptotic confidence sequences", arXiv:2103.06476; GrowthBook's
 * sequential mode): an interval that may be re-checked after every run and still covers the
 * true effect at all looks at once with probability ≥ 1 − α (asymptotically).
 *
 * For an estimate θ̂ with variance V after N observations the half-width is
 *   sqrt(V·N) · sqrt( 2(Nρ² + 1) / (N²ρ²) · ln( sqrt(Nρ² + 1) / α ) ),
 * tightest near the planned total N*: ρ² = (−2 ln α + ln(−2 ln α + 1)) / N*.
 * The always-valid p-value at a look is the α at which the sequence just touches 0; it equals
 * the mSPRT statistic 1/Λ (Johari et al. 2022) with a normal mixing prior τ² = V·N·ρ².
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Planned total N* the sequence is tuned for. Agent-run experiments decide in the hundreds, not
 * GrowthBook's default 5 000: 200 (about 100 runs per arm) gives a multiplier of 3.26 × se at 50
 * runs, 3.04 at 200 and 3.15 at 1 000, where N* = 5 000 would give 9.1, 5.1 and 3.4: decisions at
 * agent-run sample sizes come 2–3 times sooner, at a small cost past a few thousand runs.
 */
export const CS_PLANNED_N = 200;

/** ρ² of the sequence tuned for N* at level α. */
export function csRho2(alpha: number, plannedN = CS_PLANNED_N): number {
  const l = -2 * Math.log(alpha);
  return (l + Math.log(l + 1)) / plannedN;
}

/** Multiplier of se = sqrt(V) at N observations: half-width / sqrt(V). */
export function csMultiplier(n: number, alpha: number, plannedN = CS_PLANNED_N): number {
  const r2 = csRho2(alpha, plannedN);
  const nr = n * r2;
  return Math.sqrt(n * ((2 * (nr + 1)) / (n * n * r2)) * Math.log(Math.sqrt(nr + 1) / alpha));
}

/** The always-valid interval θ̂ ± multiplier · sqrt(V). */
export function confidenceSequence(estimate: number, variance: number, n: number, alpha: number, plannedN = CS_PLANNED_N): [number, number] {
  const half = csMultiplier(n, alpha, plannedN) * Math.sqrt(variance);
  return [estimate - half, estimate + half];
}

/**
 * Always-valid p at this look: sqrt(Nρ² + 1) · exp(−θ̂² Nρ² / (2V(Nρ² + 1))), capped at 1, with ρ
 * tuned at `designAlpha`. The running minimum over looks is the sequential p of Johari et al.;
 * a decision rule "p < α at some look" has type-I error ≤ α at any look.
 */
export function alwaysValidP(estimate: number, variance: number, n: number, designAlpha = 0.05, plannedN = CS_PLANNED_N): number {
  if (!(variance > 0) || !(n > 0)) return 1;
  const nr = n * csRho2(designAlpha, plannedN);
  return Math.min(1, Math.sqrt(nr + 1) * Math.exp((-estimate * estimate * nr) / (2 * variance * (nr + 1))));
}

/** Two-sided fixed-n z for level α (1.96 at 0.05). */
export function zTwoSided(alpha: number): number {
  return normalQuantile(1 - alpha / 2, 0, 1);
}
