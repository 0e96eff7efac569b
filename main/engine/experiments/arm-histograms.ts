/**
 * Histograms per arm that give the stored path its medians without a scan, kept by the
 * experiments' fold: cost for the factors the profile's aggregates do not cover (recipe and the
 * user-named factors), duration, tokens, retries and rating for every factor (values ≥ 0). The profile's bins (0.1 % wide in
 * relative terms, each with its exact sum; engine/aggregates.ts costBin), per (metric, factor,
 * arm). Stored as one agg_exp row per arm (dim BINS_DIM or BINS_DIM:metric), packed [bin, count, sum]….
 */
import { costBin, emptyArm, type ArmAggregate } from '../aggregates';
import { costQuantiles } from '../cost-quantiles';

/** The agg_exp `dim` of an arm's cost histogram; other metrics' are `${BINS_DIM}:metric`. */
export const BINS_DIM = '#bins';
/** The metrics with histograms besides cost. */
export const BINNED_METRICS = ['duration', 'tokens', 'retries', 'rating'] as const;

/** One arm's histogram: bin → [count, sum], or as loaded (packed [bin, count, sum]…) until the fold touches it. */
export type ArmBins = Map<number, [number, number]> | Float64Array;

/** `binsKey(dim, factor key)` ('recipe', '@name', 'model'…) → arm → its histogram. */
export type ArmCostBins = Map<string, Map<string, ArmBins>>;

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
  let have = arms.get(arm);
  if (have instanceof Float64Array) have = unpacked(have);
  const bins = have ?? new Map<number, [number, number]>();
  if (bins !== arms.get(arm)) arms.set(arm, bins);
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

function unpacked(packed: Float64Array): Map<number, [number, number]> {
  const bins = new Map<number, [number, number]>();
  for (let i = 0; i + 2 < packed.length; i += 3) bins.set(packed[i], [packed[i + 1], packed[i + 2]]);
  return bins;
}

/** An arm's histogram as its stored blob. */
export function packArmBins(bins: ArmBins): Buffer {
  if (bins instanceof Float64Array) return Buffer.from(bins.buffer, bins.byteOffset, bins.byteLength);
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
  // Kept packed: reading medians needs no map, and the fold unpacks an arm when a run touches it.
  arms.set(arm, packed);
}

/** The number of bins of an arm's histogram. */
export function binCount(bins: ArmBins): number {
  return bins instanceof Float64Array ? Math.floor(bins.length / 3) : bins.size;
}

/**
 * The median of a histogram, as the profile reads its p50 (`costQuantiles`: linear interpolation
 * between the two middle order statistics, each the mean of its bin — exact for one value per
 * bin, else within 0.1 %).
 */
export function binsMedian(bins: ArmBins): number | null {
  if (!(bins instanceof Float64Array)) {
    let n = 0;
    for (const [c] of bins.values()) n += c;
    const agg: ArmAggregate = { ...emptyArm(), cost_n: n, cost_bins: bins };
    return costQuantiles(agg, [0.5])[0];
  }
  const k = Math.floor(bins.length / 3);
  if (k === 0) return null;
  const order = new Uint32Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    order[i] = i;
    total += bins[3 * i + 1];
  }
  if (!(total > 0)) return null;
  order.sort((a, b) => bins[3 * a] - bins[3 * b]);
  const pos = 0.5 * (total - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  let seen = 0;
  let vLo = NaN;
  let vHi = NaN;
  for (let j = 0; j < k; j++) {
    const i = order[j];
    const n = bins[3 * i + 1];
    if (!(n > 0)) continue;
    seen += n;
    const mean = bins[3 * i + 2] / n;
    if (Number.isNaN(vLo) && lo < seen) vLo = mean;
    if (hi < seen) {
      vHi = mean;
      break;
    }
  }
  return lo === hi ? vLo : vLo + (pos - lo) * (vHi - vLo);
}

/** Each arm's median from its histogram (binsMedian). */
export function armCostMedians(arms: ReadonlyMap<string, ArmBins> | undefined): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const [arm, bins] of arms ?? []) out.set(arm, binsMedian(bins));
  return out;
}
