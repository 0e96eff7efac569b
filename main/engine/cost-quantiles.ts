/**
 * Several cost quantiles of one arm from one pass over its histogram bins (an arm can hold
 * thousands of bins: sorting them once per arm, not once per quantile).
 */
import { type ArmAggregate, ZERO_COST_BIN, costBin } from './aggregates';

/** Bins in cost order: parallel arrays of run counts and bin sums; zero-count slots are skipped. */
interface OrderedBins {
  counts: Float64Array;
  sums: Float64Array;
}

/**
 * The q-quantiles of an arm's costs, same definition as the one-q reference in profile.test.ts:
 * linear interpolation between order statistics (numpy/pandas default), each order statistic
 * read as the mean of its bin (exact when the bin's runs share one cost, else within 0.1 %).
 */
export function costQuantiles(arm: ArmAggregate, qs: readonly number[]): Array<number | null> {
  const total = arm.cost_n;
  if (total <= 0 || arm.cost_bins.size === 0) return qs.map(() => null);
  const { counts, sums } = orderedBins(arm);
  // Ranks asked for, answered in one ascending walk over the cumulative counts.
  const wanted: Array<{ rank: number; value: number }> = [];
  for (const q of qs) {
    const pos = q * (total - 1);
    wanted.push({ rank: Math.floor(pos), value: NaN }, { rank: Math.ceil(pos), value: NaN });
  }
  const byRank = [...wanted].sort((a, b) => a.rank - b.rank);
  let slot = -1;
  let seen = 0;
  let last = -1;
  for (const w of byRank) {
    while (w.rank >= seen && slot < counts.length - 1) {
      slot++;
      if (counts[slot] > 0) {
        seen += counts[slot];
        last = slot;
      }
    }
    w.value = sums[last] / counts[last];
  }
  return qs.map((q, i) => {
    const pos = q * (total - 1);
    const lo = wanted[2 * i];
    const hi = wanted[2 * i + 1];
    return lo.rank === hi.rank ? lo.value : lo.value + (pos - lo.rank) * (hi.value - lo.value);
  });
}

/**
 * Bins in cost order. The arm's min and max cost give the key range, so one pass fills a dense
 * array indexed by key (±4 σ of log cost is a few thousand keys; cheaper than sorting). A range
 * far wider than the bin count, or keys outside it, fall back to sorting the keys.
 */
function orderedBins(arm: ArmAggregate): OrderedBins {
  const bins = arm.cost_bins;
  const size = bins.size;
  const zero = bins.get(ZERO_COST_BIN);
  const positiveMin = arm.min_cost != null && arm.min_cost > 0 ? arm.min_cost : null;
  if (positiveMin != null && arm.max_cost != null && !zero) {
    const lo = costBin(positiveMin);
    const hi = costBin(arm.max_cost);
    const span = hi - lo + 1;
    if (span > 0 && span <= 8 * size + 4096) {
      const counts = new Float64Array(span);
      const sums = new Float64Array(span);
      let inRange = true;
      bins.forEach((cell, k) => {
        const i = k - lo;
        if (i < 0 || i >= span) inRange = false;
        else {
          counts[i] = cell[0];
          sums[i] = cell[1];
        }
      });
      if (inRange) return { counts, sums };
    }
  }
  // Keys are int32 (ZERO_COST_BIN is −2^31, so it sorts first): a typed-array sort is numeric.
  const keys = new Int32Array(size);
  let i = 0;
  bins.forEach((_, k) => {
    keys[i++] = k;
  });
  keys.sort();
  const counts = new Float64Array(size);
  const sums = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const cell = bins.get(keys[j])!;
    counts[j] = cell[0];
    sums[j] = cell[1];
  }
  return { counts, sums };
}
