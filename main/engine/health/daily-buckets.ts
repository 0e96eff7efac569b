/**
 * Daily buckets: one row per UTC day (per project, agent or task type) that the store can keep
 * at ingest and merge, so the long history is read in O(days), not O(runs). Every field is a
 * sum, so buckets merge by addition and a run is removed by adding it with sign −1. Quantiles
 * come from a log-scale histogram (bins 2 % wide: any quantile within 1 % of an exact one,
 * DDSketch-style), stored sparsely as bin → count.
 */

/** Relative bin width of the histograms. */
export const BIN_GAMMA = 1.02;
const LOG_GAMMA = Math.log(BIN_GAMMA);
/** Bin key of the value 0 (log is undefined there). */
export const ZERO_BIN = -100_000;

/** Running sums of one metric (values ≥ 0); log sums over values > 0. */
export interface Moments {
  n: number;
  sum: number;
  sum2: number;
  log_n: number;
  sum_log: number;
  sum_log2: number;
  /** bin → count; bin = ceil(log(x)/log γ), ZERO_BIN for 0. */
  bins: Record<number, number>;
}

/** One UTC day of one scope. */
export interface DailyBucket {
  /** YYYY-MM-DD (UTC). */
  day: string;
  n: number;
  /** Runs with a QA outcome, and those `passed`. */
  qa_n: number;
  passes: number;
  /** Runs with status failed/aborted/timeout or a non-empty errors[]. */
  errors: number;
  cost: Moments;
  duration: Moments;
  tokens: Moments;
  steps: Moments;
  retries: Moments;
  rating: Moments;
}

/** Metrics a bucket keeps moments of. */
export const BUCKET_METRICS = ['cost', 'duration', 'tokens', 'steps', 'retries', 'rating'] as const;
export type BucketMetric = (typeof BUCKET_METRICS)[number];

/** The facts one observation adds to a bucket (nulls are not counted). */
export interface BucketFacts {
  passed: boolean | null;
  error: boolean;
  cost: number | null;
  duration: number | null;
  tokens: number | null;
  steps: number | null;
  retries: number | null;
  rating: number | null;
}

/** Zeroed moments. */
export function emptyMoments(): Moments {
  return { n: 0, sum: 0, sum2: 0, log_n: 0, sum_log: 0, sum_log2: 0, bins: {} };
}

/** An empty bucket for a day. */
export function emptyBucket(day: string): DailyBucket {
  return {
    day, n: 0, qa_n: 0, passes: 0, errors: 0,
    cost: emptyMoments(), duration: emptyMoments(), tokens: emptyMoments(), steps: emptyMoments(), retries: emptyMoments(), rating: emptyMoments(),
  };
}

/** UTC day of an epoch-ms time. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of 00:00 UTC of a YYYY-MM-DD day. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** Histogram bin of a value ≥ 0. */
export function binOf(x: number): number {
  return x <= 0 ? ZERO_BIN : Math.ceil(Math.log(x) / LOG_GAMMA);
}

/** Representative value of a bin: the midpoint (in relative terms) of (γ^(k−1), γ^k]. */
export function binValue(bin: number): number {
  return bin === ZERO_BIN ? 0 : (2 * BIN_GAMMA ** bin) / (1 + BIN_GAMMA);
}

/** Add (sign 1) or remove (sign −1) one value. */
export function addValue(m: Moments, x: number | null, sign: 1 | -1 = 1): void {
  if (x == null || !Number.isFinite(x)) return;
  m.n += sign;
  m.sum += sign * x;
  m.sum2 += sign * x * x;
  if (x > 0) {
    const l = Math.log(x);
    m.log_n += sign;
    m.sum_log += sign * l;
    m.sum_log2 += sign * l * l;
  }
  const b = binOf(x);
  const c = (m.bins[b] ?? 0) + sign;
  if (c === 0) delete m.bins[b];
  else m.bins[b] = c;
}

/** Add (or remove, sign −1) one observation to a bucket. */
export function addToBucket(b: DailyBucket, f: BucketFacts, sign: 1 | -1 = 1): void {
  b.n += sign;
  if (f.passed != null) {
    b.qa_n += sign;
    if (f.passed) b.passes += sign;
  }
  if (f.error) b.errors += sign;
  addValue(b.cost, f.cost, sign);
  addValue(b.duration, f.duration, sign);
  addValue(b.tokens, f.tokens, sign);
  addValue(b.steps, f.steps, sign);
  addValue(b.retries, f.retries, sign);
  addValue(b.rating, f.rating, sign);
}

/** Add moments b into a (in place). */
export function addMoments(a: Moments, b: Moments): void {
  a.n += b.n;
  a.sum += b.sum;
  a.sum2 += b.sum2;
  a.log_n += b.log_n;
  a.sum_log += b.sum_log;
  a.sum_log2 += b.sum_log2;
  for (const k in b.bins) {
    const c = (a.bins[k] ?? 0) + b.bins[k];
    if (c === 0) delete a.bins[k];
    else a.bins[k] = c;
  }
}

/** Sum of buckets (any days) as one new bucket labelled `day`; inputs untouched. */
export function mergeBuckets(day: string, buckets: readonly DailyBucket[]): DailyBucket {
  const out = emptyBucket(day);
  for (const b of buckets) {
    out.n += b.n;
    out.qa_n += b.qa_n;
    out.passes += b.passes;
    out.errors += b.errors;
    for (const m of BUCKET_METRICS) addMoments(out[m], b[m]);
  }
  return out;
}

/** Buckets whose day lies in [fromDay, toDay] (YYYY-MM-DD compare as strings). */
export function bucketsBetween(buckets: readonly DailyBucket[], fromDay: string, toDay: string): DailyBucket[] {
  return buckets.filter((b) => b.day >= fromDay && b.day <= toDay);
}

/** Mean and sample sd from moments (null without values; sd null below 2). */
export function meanSd(m: Moments): { n: number; mean: number | null; sd: number | null } {
  if (m.n <= 0) return { n: 0, mean: null, sd: null };
  const mean = m.sum / m.n;
  const sd = m.n > 1 ? Math.sqrt(Math.max(0, (m.sum2 - m.n * mean * mean) / (m.n - 1))) : null;
  return { n: m.n, mean, sd };
}

/**
 * Quantile q from the histogram, by the "lower" rule on ranks (the value at rank ⌈q·n⌉,
 * 1-based); within 1 % of the exact sample quantile at that rank.
 */
export function binQuantile(m: Moments, q: number): number | null {
  if (m.n <= 0) return null;
  const keys = Object.keys(m.bins).map(Number).sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * m.n));
  let seen = 0;
  for (const k of keys) {
    seen += m.bins[k];
    if (seen >= rank) return binValue(k);
  }
  return binValue(keys[keys.length - 1]);
}

/**
 * Mean, sd and quantiles of one metric over many buckets, without building a merged bucket
 * (the baselines' "all time" reads a thousand days: a Map over bins is much cheaper there).
 */
export function momentsOver(buckets: readonly DailyBucket[], metric: BucketMetric): { n: number; sum: number; sum2: number; quantile: (q: number) => number | null } {
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  const bins = new Map<number, number>();
  for (const b of buckets) {
    const m = b[metric];
    if (m.n === 0) continue;
    n += m.n;
    sum += m.sum;
    sum2 += m.sum2;
    for (const k in m.bins) {
      const key = Number(k);
      bins.set(key, (bins.get(key) ?? 0) + m.bins[k]);
    }
  }
  const sorted = [...bins.entries()].sort((a, b) => a[0] - b[0]);
  const quantile = (q: number): number | null => {
    if (n <= 0) return null;
    const rank = Math.max(1, Math.ceil(q * n));
    let seen = 0;
    for (const [k, c] of sorted) {
      seen += c;
      if (seen >= rank) return binValue(k);
    }
    return binValue(sorted[sorted.length - 1][0]);
  };
  return { n, sum, sum2, quantile };
}
