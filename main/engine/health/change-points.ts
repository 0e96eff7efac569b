/**
 * Change points of one series: the restarted CUSUM (cusum.ts) finds when, the single-change
 * posterior where (with an interval), and each regime is summarised in natural units.
 */
import { batchSeriesChanges } from './batch-changes';
import { batchClusters } from './batch-times';
import { bernoulliChangeLocation, gaussianChangeLocation } from './change-posterior';
import { type RawChange, cusumChanges } from './cusum';
import { certaintyWorse, estimateOf } from './estimates';
import { type Series, transform } from './series';
import { severityOf } from './severity';
import type { AlphaLevel } from './thresholds';
import type { Estimate, Severity } from './types';

export const CHANGE_METHOD = 'cusum_self_starting+bayes_change_location';

export interface SeriesChange {
  metric: Series['metric'];
  scope: string;
  direction: 'worse' | 'better';
  /** Index of the first observation of the new regime, its 95 % interval, the alarm index. */
  k: number;
  kLo: number;
  kHi: number;
  detected: number;
  change_at_ms: number;
  /** (from, to]: from = time of the last observation surely before the change. */
  interval_ms: [number, number];
  /** The same from the 99 % credible interval: causes are linked within it. */
  link_interval_ms: [number, number];
  detected_at_ms: number;
  /** Regimes [previous change, k) and [k, next change). */
  before: Estimate;
  after: Estimate;
  relative_change: number | null;
  certainty: number;
  severity: Severity;
  /** Index where the regime after this change ends (exclusive). */
  end: number;
  /** How it was found: CHANGE_METHOD, or BATCH_CHANGE_METHOD for a batched series (batch-changes.ts). */
  method?: string;
}

/**
 * Where causes are linked: the 99 % credible interval when it adds at most half the 95 %
 * interval's width on either side (a bell-shaped posterior adds ~15 %) and stops short of the
 * series' first runs; else the 95 % one. A flat tail, or an interval that runs into the start
 * of the window (it then only says "early"), would link whatever happened weeks away.
 */
function linkInterval(times: Float64Array, c: { kLo: number; kHi: number; kLo99: number; kHi99: number }): [number, number] {
  const half = Math.max(1, c.kHi - c.kLo) / 2;
  const use99 = c.kLo99 >= 2 && c.kLo - c.kLo99 <= half && c.kHi99 - c.kHi <= half;
  const lo = use99 ? c.kLo99 : c.kLo;
  const hi = use99 ? c.kHi99 : c.kHi;
  return [lo > 0 ? times[lo - 1] : times[0] - 1, times[hi]];
}

/** Values oriented so that up is worse, on the detector's scale. */
function oriented(series: Series): Float64Array {
  const { family, bad } = series.spec;
  const y = new Float64Array(series.values.length);
  for (let i = 0; i < y.length; i++) {
    const v = transform(family, series.values[i]);
    y[i] = bad === 'up' ? v : family === 'bernoulli' ? 1 - v : -v;
  }
  return y;
}

/** Pooled within-segment sd of y over [from, k) and [k, end) (floored). */
function pooledSigma(y: Float64Array, from: number, k: number, end: number): number {
  const ss = (a: number, b: number): number => {
    let m = 0;
    for (let j = a; j < b; j++) m += y[j];
    m /= b - a;
    let q = 0;
    for (let j = a; j < b; j++) q += (y[j] - m) ** 2;
    return q;
  };
  return Math.max(Math.sqrt((ss(from, k) + ss(k, end)) / Math.max(1, end - from - 2)), 1e-9);
}

/**
 * Second pass, once every change is known: each change is located again on all the data between
 * its neighbours ([previous change, next change)), not only up to its alarm, so both regimes
 * inform where it happened (as binary segmentation refines its split points).
 */
function refine(y: Float64Array, family: Series['spec']['family'], raw: readonly RawChange[]): RawChange[] {
  const out: RawChange[] = [];
  for (let i = 0; i < raw.length; i++) {
    const from = i === 0 ? 0 : out[i - 1].k;
    const end = i + 1 < raw.length ? raw[i + 1].k : y.length;
    const c = raw[i];
    if (end - from < 4 || c.k <= from || c.k >= end) { out.push(c); continue; }
    const loc = family === 'bernoulli' ? bernoulliChangeLocation(y, from, end - 1) : gaussianChangeLocation(y, from, end - 1, pooledSigma(y, from, c.k, end));
    // A refined location outside the first credible interval means the data between the
    // neighbours do not look like one clean step (a drift, a start-up stretch): keep the first.
    if (loc.k < c.kLo || loc.k > c.kHi) out.push(c);
    else out.push({ ...c, k: loc.k, kLo: loc.kLo, kHi: loc.kHi, kLo99: loc.kLo99, kHi99: loc.kHi99 });
  }
  return out;
}

/** All changes of a series, in time order, with their regimes summarised. */
export function seriesChanges(series: Series, cls: AlphaLevel): SeriesChange[] {
  // Batched runs (shared start times) are not independent: the batches are the observations.
  const clusters = batchClusters(series.times, series.batched);
  if (clusters) return batchSeriesChanges(series, cls, clusters);
  const y = oriented(series);
  const raw: RawChange[] = refine(y, series.spec.family, cusumChanges(y, series.spec.family, undefined, undefined, undefined, cls));
  const { times, values, spec } = series;
  const n = values.length;
  return raw.map((c, i) => {
    const from = i === 0 ? 0 : raw[i - 1].k;
    const end = i + 1 < raw.length ? raw[i + 1].k : n;
    const before = estimateOf(spec.family, values, from, c.k);
    const after = estimateOf(spec.family, values, c.k, end);
    const worseCertainty = certaintyWorse(spec.family, spec.bad, values, from, c.k, end);
    const certainty = c.direction === 'worse' ? worseCertainty : 1 - worseCertainty;
    const rel = before.value != null && after.value != null && before.value > 0 ? after.value / before.value - 1 : null;
    return {
      metric: series.metric,
      scope: series.scope,
      direction: c.direction,
      k: c.k, kLo: c.kLo, kHi: c.kHi, detected: c.detected,
      change_at_ms: times[c.k],
      interval_ms: [c.kLo > 0 ? times[c.kLo - 1] : times[0] - 1, times[c.kHi]],
      link_interval_ms: linkInterval(times, c),
      detected_at_ms: times[c.detected],
      before, after,
      relative_change: rel,
      certainty,
      severity: c.direction === 'worse' ? severityOf(spec.family, before.value, after.value, certainty) : 'info',
      end,
    };
  });
}

/** Fewest observations before a split (the episode) and after it (the recovery) for recoveryWithin. */
export const MIN_SPLIT_SIDE = 15;
export const MIN_RECOVERED_RUNS = 40;
/** How sure the split must be that the stretch before it is the worse one. */
export const SPLIT_CERTAINTY = 0.995;

/**
 * A return to normal inside the regime after a change for the worse that the chart cannot see:
 * after an alarm the chart restarts at the change and needs MIN_REF runs of reference, so an
 * episode shorter than that (a bad prompt version rolled back after 30 runs of a model) ends
 * inside the reference and is never flagged. Binary segmentation's next step finds it: the
 * regime [change, end) is split where the single-change posterior puts its mode, and the split
 * is a recovery when the later part is at least half-way back to `before` (checked by the
 * caller) and the earlier part is worse with certainty ≥ SPLIT_CERTAINTY (high, because the
 * split was chosen where the two parts differ most). Returns null when there is no such split.
 */
export function recoveryWithin(series: Series, change: SeriesChange): SeriesChange | null {
  const end = change.end;
  const y = oriented(series);
  const family = series.spec.family;
  const { times, values, spec } = series;
  // A batched series is cut by binary segmentation of its batches (batch-changes.ts), which
  // finds a return to normal as a change of its own.
  if (series.batched || batchClusters(times)) return null;
  // A split just after the start refines where the episode began (the first estimate of
  // change_at came from the data up to the alarm): move the start there and split again.
  let from = change.k;
  for (let step = 0; step < 3; step++) {
    if (end - from < MIN_SPLIT_SIDE + MIN_RECOVERED_RUNS) return null;
    const mid = from + Math.floor((end - from) / 2);
    const loc = family === 'bernoulli' ? bernoulliChangeLocation(y, from, end - 1) : gaussianChangeLocation(y, from, end - 1, pooledSigma(y, from, mid, end));
    const k = loc.k;
    if (k - from < MIN_SPLIT_SIDE) { from = k; continue; }
    if (end - k < MIN_RECOVERED_RUNS) return null;
    // certaintyWorse says how sure [k, end) is the worse part; here the earlier part must be.
    const certainty = 1 - certaintyWorse(spec.family, spec.bad, values, from, k, end);
    if (certainty < SPLIT_CERTAINTY) return null;
    const before = estimateOf(spec.family, values, from, k);
    const after = estimateOf(spec.family, values, k, end);
    return {
      metric: series.metric, scope: series.scope, direction: 'better',
      k, kLo: loc.kLo, kHi: loc.kHi, detected: end - 1,
      change_at_ms: times[k],
      interval_ms: [loc.kLo > 0 ? times[loc.kLo - 1] : times[0] - 1, times[loc.kHi]],
      link_interval_ms: linkInterval(times, loc),
      detected_at_ms: times[end - 1],
      before, after,
      relative_change: before.value != null && after.value != null && before.value > 0 ? after.value / before.value - 1 : null,
      certainty, severity: 'info', end,
    };
  }
  return null;
}
