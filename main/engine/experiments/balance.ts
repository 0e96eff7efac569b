/**
 * Balance between a variant and the control (§5): for every other factor, and the week, the
 * standardized difference of each level's share (Austin 2009/2011), and whether their time spans
 * overlap. Arms of a factor were not randomised, so a variant that mostly ran on another model
 * is compared with that model as much as with the control.
 */
import { fisherExact } from '../stats/exact-tests';
import { WEEK, type ArmSums, type FactorSums } from './sums';

/** Austin's usual flag for a standardized difference. */
export const STD_DIFF_FLAG = 0.1;
/**
 * At agent-run sample sizes a chance imbalance above 0.1 is common (with 100 runs per arm and
 * ten weeks, the sd of a week's standardized difference is ~0.14), so a level is flagged only
 * when its imbalance is also unlikely by chance: Fisher's exact p below this.
 */
export const IMBALANCE_P = 0.05;

/** Standardized difference of a share: (p_T − p_C) / sqrt((p_T(1 − p_T) + p_C(1 − p_C)) / 2). */
export function standardizedDifference(pT: number, pC: number): number {
  const v = (pT * (1 - pT) + pC * (1 - pC)) / 2;
  if (v === 0) return pT === pC ? 0 : Math.sign(pT - pC) * Infinity;
  return (pT - pC) / Math.sqrt(v);
}

export interface DimensionBalance {
  dimension: string;
  /** Level with the largest |standardized difference|, and that difference. */
  worst_level: string | null;
  max_abs_std_diff: number;
  flagged: boolean;
  /** Levels that ran in both arms. */
  shared_levels: number;
}

/** Balance of one stratifying dimension for control vs variant. */
export function dimensionBalance(dimension: string, strata: Map<string, Map<string, ArmSums>>, control: string, variant: string): DimensionBalance {
  const c = strata.get(control) ?? new Map<string, ArmSums>();
  const t = strata.get(variant) ?? new Map<string, ArmSums>();
  let nc = 0;
  let nt = 0;
  for (const s of c.values()) nc += s.n;
  for (const s of t.values()) nt += s.n;
  const levels = new Set([...c.keys(), ...t.keys()]);
  let worst: string | null = null;
  let max = 0;
  let flagged = false;
  let shared = 0;
  for (const l of levels) {
    const a = t.get(l)?.n ?? 0;
    const b = c.get(l)?.n ?? 0;
    if (a > 0 && b > 0) shared++;
    if (nc === 0 || nt === 0) continue;
    const d = Math.abs(standardizedDifference(a / nt, b / nc));
    if (d > max || worst == null) {
      max = Math.max(max, d);
      worst = l;
    }
    if (d > STD_DIFF_FLAG && levels.size > 1 && fisherExact(a, nt - a, b, nc - b) < IMBALANCE_P) flagged = true;
  }
  return { dimension, worst_level: worst, max_abs_std_diff: max, flagged, shared_levels: shared };
}

export interface TimeBalance {
  /** Overlap of the two arms' time spans as a share of the shorter span (null when undefined). */
  overlap: number | null;
  flagged: boolean;
  /** Every run of both arms has the same start time. */
  same_timestamp: boolean;
}

/** Whether the two arms ran at the same time: spans overlapping by less than half are flagged. */
export function timeBalance(c: ArmSums, t: ArmSums): TimeBalance {
  if (c.first_ms == null || c.last_ms == null || t.first_ms == null || t.last_ms == null) return { overlap: null, flagged: false, same_timestamp: false };
  const same = c.first_ms === c.last_ms && t.first_ms === t.last_ms && c.first_ms === t.first_ms;
  const shorter = Math.min(c.last_ms - c.first_ms, t.last_ms - t.first_ms);
  const overlapMs = Math.max(0, Math.min(c.last_ms, t.last_ms) - Math.max(c.first_ms, t.first_ms));
  if (shorter <= 0) {
    // A point-in-time arm: it overlaps when it lies inside the other's span.
    const inside = overlapMs > 0 || (Math.max(c.first_ms, t.first_ms) <= Math.min(c.last_ms, t.last_ms));
    return { overlap: same ? 1 : inside ? 1 : 0, flagged: !same && !inside, same_timestamp: same };
  }
  const overlap = overlapMs / shorter;
  return { overlap, flagged: overlap < 0.5, same_timestamp: false };
}

/** Balance of every dimension (single dimensions only; joint strata are for estimates). */
export function balanceAll(fs: FactorSums, control: string, variant: string): DimensionBalance[] {
  const out: DimensionBalance[] = [];
  for (const [dim, strata] of fs.strata) {
    if (dim.includes('×')) continue;
    out.push(dimensionBalance(dim, strata, control, variant));
  }
  return out;
}

/**
 * The confounders to stratify on: the flagged dimension with the largest imbalance, or the two
 * largest jointly when two or more are flagged (time counts as flagged on the week when the
 * spans barely overlap). Empty when nothing is flagged.
 */
export function chooseStrata(balance: readonly DimensionBalance[], time: TimeBalance, fs: FactorSums): string[] {
  const flagged = balance.filter((b) => b.flagged || (b.dimension === WEEK && time.flagged));
  flagged.sort((a, b) => b.max_abs_std_diff - a.max_abs_std_diff || a.dimension.localeCompare(b.dimension));
  if (flagged.length === 0) return [];
  if (flagged.length === 1) return [flagged[0].dimension];
  const [a, b] = [flagged[0].dimension, flagged[1].dimension];
  if (fs.strata.has(`${a}×${b}`)) return [a, b];
  if (fs.strata.has(`${b}×${a}`)) return [b, a];
  return [a];
}
