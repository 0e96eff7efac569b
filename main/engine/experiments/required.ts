/**
 * Runs per arm needed to detect the minimum detectable effect at 80 % power under the
 * always-valid design: the smallest n per arm with MDE / se(n) ≥ m_CS(2n) + z_power, where
 * se(n)² = (u_C + u_T)/n for per-run variances u and m_CS is the confidence sequence's
 * multiplier at that total (≈ 3.0 at the planned N*, versus 1.96 fixed-n). This is the fixed-n
 * figure inflated by the interval's width ratio at that n. From the MDE, never the observed effect.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { csMultiplier } from '../stats/confidence-sequence';

const MAX_RUNS = 10_000_000;

/** Runs per arm for the always-valid design; null when the per-run variance is unknown or 0. */
export function requiredRunsPerArm(unitVariance: number, mdeGain: number, alpha: number, power = 0.8): number | null {
  if (!(unitVariance > 0) || !(mdeGain > 0) || !Number.isFinite(unitVariance)) return null;
  const zp = normalQuantile(power, 0, 1);
  const ok = (n: number): boolean => mdeGain / Math.sqrt(unitVariance / n) >= csMultiplier(2 * n, alpha) + zp;
  let lo = 1;
  let hi = 2;
  while (!ok(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > MAX_RUNS) return MAX_RUNS;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return Math.max(2, hi);
}

/** The fixed-n answer, for comparison: 2-sided z at α plus z at the power. */
export function fixedRunsPerArm(unitVariance: number, mdeGain: number, alpha: number, power = 0.8): number | null {
  if (!(unitVariance > 0) || !(mdeGain > 0)) return null;
  const z = normalQuantile(1 - alpha / 2, 0, 1) + normalQuantile(power, 0, 1);
  return Math.ceil((unitVariance * z * z) / (mdeGain * mdeGain));
}
