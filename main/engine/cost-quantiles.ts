/**
 * Several cost quantiles of one arm from a single sort of its histogram bins (the aggregates'
 * `costQuantile` sorts per call; an arm can hold thousands of bins).
 */
import type { ArmAggregate } from './aggregates';

/**
 * The q-quantiles of an arm's costs, same definition as `costQuantile` in aggregates.ts:
 * linear interpolation between order statistics (numpy/pandas default), each order statistic
 * read as the mean of its bin (exact when the bin's runs share one cost, else within 0.1 %).
 */
export function costQuantiles(arm: ArmAggregate, qs: readonly number[]): Array<number | null> {
  const total = arm.cost_n;
  if (total <= 0 || arm.cost_bins.size === 0) return qs.map(() => null);
  // Bin keys are int32 (ZERO_COST_BIN is −2^31): a typed-array sort is native and numeric.
  const keys = Int32Array.from(arm.cost_bins.keys()).sort();
  const counts = new Float64Array(keys.length);
  const means = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const [n, sum] = arm.cost_bins.get(keys[i])!;
    counts[i] = n;
    means[i] = sum / n;
  }
  // Ranks asked for, ascending, answered in one walk over the cumulative counts.
  const wanted: Array<{ rank: number; value: number }> = [];
  for (const q of qs) {
    const pos = q * (total - 1);
    wanted.push({ rank: Math.floor(pos), value: NaN }, { rank: Math.ceil(pos), value: NaN });
  }
  const byRank = [...wanted].sort((a, b) => a.rank - b.rank);
  let bin = 0;
  let seen = counts[0];
  for (const w of byRank) {
    while (w.rank >= seen && bin < keys.length - 1) seen += counts[++bin];
    w.value = means[bin];
  }
  return qs.map((q, i) => {
    const pos = q * (total - 1);
    const lo = wanted[2 * i];
    const hi = wanted[2 * i + 1];
    return lo.rank === hi.rank ? lo.value : lo.value + (pos - lo.rank) * (hi.value - lo.value);
  });
}
