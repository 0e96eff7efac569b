/**
 * Cochran–Mantel–Haenszel test over 2×2 tables (statsmodels StratifiedTable.test_null_odds
 * without continuity correction) and the Mantel–Haenszel common odds ratio.
 */
import { chiSquareSf } from './exact-tests';

/** One stratum: a, b = passes, fails of the treatment; c, d = passes, fails of the control. */
export interface Table2x2 {
  a: number;
  b: number;
  c: number;
  d: number;
}

export interface CmhResult {
  statistic: number;
  p: number;
  /** Σ a_k d_k / n_k ÷ Σ b_k c_k / n_k (null when undefined). */
  odds_ratio: number | null;
  strata_used: number;
}

/**
 * CMH χ² (1 df): (Σ a_k − Σ E a_k)² / Σ Var a_k with E a_k = r1 c1 / n, Var a_k =
 * r1 r2 c1 c2 / (n² (n − 1)). Strata with < 2 runs carry no information and are skipped. Null
 * when no stratum has variance (every stratum one-armed or without spread in the outcome).
 */
export function cochranMantelHaenszel(tables: readonly Table2x2[]): CmhResult | null {
  let obs = 0;
  let exp = 0;
  let v = 0;
  let num = 0;
  let den = 0;
  let used = 0;
  for (const { a, b, c, d } of tables) {
    const n = a + b + c + d;
    if (n < 2) continue;
    const r1 = a + b;
    const r2 = c + d;
    const c1 = a + c;
    const c2 = b + d;
    const vk = (r1 * r2 * c1 * c2) / (n * n * (n - 1));
    if (!(vk > 0)) continue;
    used++;
    obs += a;
    exp += (r1 * c1) / n;
    v += vk;
    num += (a * d) / n;
    den += (b * c) / n;
  }
  if (used === 0 || !(v > 0)) return null;
  const statistic = (obs - exp) ** 2 / v;
  return { statistic, p: chiSquareSf(statistic, 1), odds_ratio: den > 0 ? num / den : null, strata_used: used };
}
