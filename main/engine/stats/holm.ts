/** Holm's step-down adjustment for several p-values tested together. */

/**
 * Holm (1979) adjusted p-values, in the input order: sort ascending, multiply the i-th smallest
 * by (m − i), keep them monotone, cap at 1. Controls the family-wise error rate like Bonferroni
 * under any dependence, but never less powerful.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(m);
  let running = 0;
  for (let rank = 0; rank < m; rank++) {
    const [p, i] = order[rank];
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  }
  return out;
}
