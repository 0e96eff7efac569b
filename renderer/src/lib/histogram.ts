/**
 * Display helpers for the profile's cost histogram (`ProjectProfile.cost_histogram`, computed
 * exactly by the engine): bar positions on a numeric axis, axis ticks and edge labels.
 */
import type { ProjectProfile } from '../../../shared/domain';

export type CostBucket = ProjectProfile['cost_histogram'][number];

/** One bar: the bucket, where it is drawn ([x0, x1] on the axis) and its share of all runs. */
export interface HistogramBar extends CostBucket {
  x0: number;
  x1: number;
  mid: number;
  share: number;
}

export interface HistogramView {
  bars: HistogramBar[];
  /** Axis domain and tick positions (bucket edges, at most about 7 labels). */
  domain: [number, number];
  ticks: number[];
  /** Width of a regular bucket (0 when all costs are equal). */
  step: number;
  /** Total runs counted. */
  total: number;
  /** Lower edge of the overflow bucket ("≥ x"), or null. */
  overflowFrom: number | null;
}

/**
 * Places the buckets on a numeric axis. The overflow bucket ("≥ x", up to the dearest run) is
 * drawn one regular width wide, so one outlier does not squash every other bar.
 */
export function histogramView(buckets: readonly CostBucket[]): HistogramView {
  const total = buckets.reduce((s, b) => s + b.count, 0);
  if (buckets.length === 0) return { bars: [], domain: [0, 1], ticks: [], step: 0, total, overflowFrom: null };
  const first = buckets[0];
  const step = first.hi - first.lo;
  if (step <= 0) {
    // All runs cost the same: one bar centred on that cost.
    const w = first.lo > 0 ? first.lo * 0.1 : 0.01;
    const bar = { ...first, x0: first.lo - w / 2, x1: first.lo + w / 2, mid: first.lo, share: 1 };
    return { bars: [bar], domain: [bar.x0 - w, bar.x1 + w], ticks: [first.lo], step: 0, total, overflowFrom: null };
  }
  const bars = buckets.map((b) => {
    const x1 = b.overflow ? b.lo + step : b.hi;
    return { ...b, x0: b.lo, x1, mid: (b.lo + x1) / 2, share: total ? b.count / total : 0 };
  });
  const last = bars[bars.length - 1];
  const edges = bars.map((b) => b.x0).concat(last.overflow ? [] : [last.x1]);
  const every = Math.max(1, Math.ceil(edges.length / 7));
  const ticks = edges.filter((_, i) => i % every === 0);
  return { bars, domain: [first.lo, last.x1], ticks, step, total, overflowFrom: last.overflow ? last.lo : null };
}

/** Decimals that show a bucket width exactly: 2 for $0.05, 3 for $0.025 (at most 6). */
function decimalsFor(step: number): number {
  for (let d = 2; d < 6; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 6;
}

/** A bucket edge in dollars with the decimals its bucket width needs ($0.025 stays $0.025). */
export function formatEdge(v: number, step: number): string {
  const d = step > 0 ? decimalsFor(step) : 2;
  return `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: d })}`;
}
