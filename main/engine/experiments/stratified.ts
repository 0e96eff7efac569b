/**
 * Stratified estimates over confounders (§5): Cochran–Mantel–Haenszel for pass rate and
 * inverse-variance weighted differences (Σ w_k Δ_k / Σ w_k, w_k = 1/Var Δ_k) for dollars per run
 * and for cost per passed run, from the (arm, stratum) sums.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { cochranMantelHaenszel } from '../stats/cmh';
import { meanVar } from '../stats/moments';
import { costEffect, costPerPassEffect, passEffect, type Effect } from './estimates';
import type { ArmSums } from './sums';
import type { DecisionMetric } from './types';

/**
 * Runs each arm needs in a stratum before that stratum's effect is pooled. With fewer, the
 * per-stratum variance is estimated from 2–4 runs and inverse-variance weights chase the noise
 * (a no-effect strategy riding on a cheaper model then "wins" in ~5 % of simulated projects).
 */
export const MIN_STRATUM_ARM_N = 5;

export interface StratifiedResult {
  by: string[];
  /** Levels where both arms ran. */
  shared_levels: number;
  /** Levels where both arms have ≥ MIN_STRATUM_ARM_N runs (those pooled for decisions). */
  used_levels: number;
  p_value_pass: number | null;
  cost_diff_usd: number | null;
  p_value_cost: number | null;
  cost_ratio: number | null;
  effects: Record<DecisionMetric, Effect | null>;
}

/** Inverse-variance pooling of per-stratum effects (strata without variance carry no weight). */
export function poolInverseVariance(effects: readonly (Effect | null)[]): Effect | null {
  let sw = 0;
  let swg = 0;
  let n = 0;
  for (const e of effects) {
    if (!e || !(e.variance > 0) || !Number.isFinite(e.gain)) continue;
    const w = 1 / e.variance;
    sw += w;
    swg += w * e.gain;
    n += e.n;
  }
  if (sw === 0) return null;
  return { gain: swg / sw, variance: 1 / sw, n };
}

/** Two-sided fixed-n z p-value of an effect. */
export function zP(e: Effect | null): number | null {
  if (!e || !(e.variance > 0)) return null;
  return Math.min(1, 2 * normalCdf(-Math.abs(e.gain) / Math.sqrt(e.variance), 0, 1));
}

/** Stratified comparison of variant vs control over the levels of `by` (already joined). */
export function stratifiedCompare(by: string[], control: Map<string, ArmSums> | undefined, variant: Map<string, ArmSums> | undefined): StratifiedResult {
  const c = control ?? new Map<string, ArmSums>();
  const t = variant ?? new Map<string, ArmSums>();
  const pairs: [ArmSums, ArmSums][] = [];
  for (const [level, cs] of c) {
    const ts = t.get(level);
    if (ts && ts.n > 0 && cs.n > 0) pairs.push([cs, ts]);
  }
  const used = pairs.filter(([cs, ts]) => cs.n >= MIN_STRATUM_ARM_N && ts.n >= MIN_STRATUM_ARM_N);
  const tables = pairs.map(([cs, ts]) => ({ a: ts.passes, b: ts.qa_n - ts.passes, c: cs.passes, d: cs.qa_n - cs.passes }));
  const cmh = cochranMantelHaenszel(tables);
  // Dollars: Δ_k = mean_T − mean_C, Var = s²_T/n_T + s²_C/n_C.
  const usd = poolInverseVariance(used.map(([cs, ts]) => {
    const a = meanVar(ts.cost);
    const b = meanVar(cs.cost);
    if (!a || !b || a.n < 2 || b.n < 2) return null;
    return { gain: a.mean - b.mean, variance: a.variance / a.n + b.variance / b.n, n: a.n + b.n };
  }));
  const cpp = poolInverseVariance(used.map(([cs, ts]) => costPerPassEffect(cs, ts)));
  return {
    by,
    shared_levels: pairs.length,
    used_levels: used.length,
    p_value_pass: cmh ? cmh.p : null,
    cost_diff_usd: usd ? usd.gain : null,
    p_value_cost: zP(usd),
    cost_ratio: cpp ? Math.exp(-cpp.gain) : null,
    effects: {
      pass_rate: poolInverseVariance(used.map(([cs, ts]) => passEffect(cs, ts))),
      cost: poolInverseVariance(used.map(([cs, ts]) => costEffect(cs, ts))),
      cost_per_pass: cpp,
    },
  };
}
