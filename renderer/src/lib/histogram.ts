/** Binning for the cost histogram: "nice" bin edges so axis labels read like $0.05, $0.10, … */

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** Rounds a raw step up to 1, 2, 2.5 or 5 × 10^k. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  const f = raw / base;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * base;
}

/**
 * Histogram of non-negative values with about `target` equal-width bins. Values above the 99th
 * percentile go into the last bin so one outlier does not squash the rest into one bar.
 */
export function histogram(values: readonly number[], target = 20): { bins: Bin[]; clippedAbove: number | null } {
  const xs = values.filter((v) => Number.isFinite(v) && v >= 0).sort((a, b) => a - b);
  if (xs.length === 0) return { bins: [], clippedAbove: null };
  const min = xs[0];
  const p99 = xs[Math.min(xs.length - 1, Math.floor(0.99 * (xs.length - 1)))];
  const max = xs[xs.length - 1];
  const hi = xs.length >= 100 && max > p99 * 1.5 ? p99 : max;
  if (hi === min) return { bins: [{ from: min, to: min, count: xs.length }], clippedAbove: null };
  const step = niceStep((hi - min) / target);
  const start = Math.floor(min / step) * step;
  const n = Math.max(1, Math.ceil((hi - start) / step + 1e-9));
  const bins: Bin[] = Array.from({ length: n }, (_, i) => ({ from: start + i * step, to: start + (i + 1) * step, count: 0 }));
  for (const x of xs) {
    const i = Math.min(n - 1, Math.max(0, Math.floor((x - start) / step)));
    bins[i].count++;
  }
  return { bins, clippedAbove: hi < max ? hi : null };
}
