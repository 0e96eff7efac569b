/**
 * Histograms per arm that give the stored path its medians without a scan, kept by the
 * experiments' fold: cost for the factors the profile's aggregates do not cover (recipe and the
 * user-named factors), duration and tokens for every factor. The profile's bins (0.1 % wide in
 * relative terms, each with its exact sum; engine/aggregates.ts costBin), per (metric, factor,
 * arm). Stored as one agg_exp row per arm (dim BINS_DIM or BINS_DIM:metric), packed [bin, count, sum]….
 */
import { costBin, emptyArm, type ArmAggregate } from '../aggregates';
import { costQuantiles } from '../cost-quantiles';

/** The agg_exp `dim` of an arm's cost histogram; other metrics' are `${BINS_DIM}:metric`. */
export const BINS_DIM = '#bins';
/** The metrics with histograms besides cost. */
export const BINNED_METRICS = ['duration', 'tokens'] as const;

/** `binsKey(dim, factor key)` ('recipe', '@name', 'model'…) → arm → bin → [count, sum]. */
export type ArmCostBins = Map<string, Map<string, Map<number, [number, number]>>>;

/** The key of one (dim, factor) in ArmCostBins (a factor key never holds '|'). */
export const binsKey = (dim: string, factor: string) => `${dim}|${factor}`;

/** The (dim, factor) of a key. */
export function binsKeyParts(key: string): [dim: string, factor: string] {
  const i = key.indexOf('|');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Folds one run's value into its arm's histogram (sign −1 removes it); returns the arm's histogram when it changed. */
export function foldArmCost(all: ArmCostBins, factor: string, arm: string, cost: number | null | undefined, sign: 1 | -1): Map<number, [number, number]> | null {
  if (cost == null || !Number.isFinite(cost) || cost < 0) return null;
  let arms = all.get(factor);
  if (!arms) {
    arms = new Map();
    all.set(factor, arms);
  }
  let bins = arms.get(arm);
  if (!bins) {
    bins = new Map();
    arms.set(arm, bins);
  }
  const b = costBin(cost);
  const cell = bins.get(b);
  if (cell === undefined) bins.set(b, [sign, sign * cost]);
  else {
    cell[0] += sign;
    cell[1] += sign * cost;
    if (cell[0] === 0) bins.delete(b);
  }
  if (bins.size === 0) arms.delete(arm);
  return bins;
}

/** An arm's histogram as its stored blob. */
export function packArmBins(bins: Map<number, [number, number]>): Buffer {
  const f = new Float64Array(bins.size * 3);
  let i = 0;
  for (const [b, [n, s]] of bins) {
    f[i++] = b;
    f[i++] = n;
    f[i++] = s;
  }
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

/** Reads a stored histogram back into `all`. */
export function placeArmBins(all: ArmCostBins, factor: string, arm: string, packed: Float64Array): void {
  let arms = all.get(factor);
  if (!arms) {
    arms = new Map();
    all.set(factor, arms);
  }
  const bins = new Map<number, [number, number]>();
  for (let i = 0; i + 2 < packed.length; i += 3) bins.set(packed[i], [packed[i + 1], packed[i + 2]]);
  arms.set(arm, bins);
}

/** Each arm's median from its histogram (as the profile reads its p50: exact for one cost per bin, else within 0.1 %). */
export function armCostMedians(arms: ReadonlyMap<string, Map<number, [number, number]>> | undefined): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const [arm, bins] of arms ?? []) {
    let n = 0;
    for (const [c] of bins.values()) n += c;
    const agg: ArmAggregate = { ...emptyArm(), cost_n: n, cost_bins: bins };
    out.set(arm, costQuantiles(agg, [0.5])[0]);
  }
  return out;
}
