/**
 * Runs logged with the time of their batch (a benchmark submission, a nightly job's start) rather
 * than their own: many runs share one start time, so the run sequence is a sequence of batches and
 * a change point marks where one batch follows another. Health still reports what changed; this
 * says how to read it, and links an alert to the batch that started within its change interval.
 */
import type { ChangeEvent, HealthRun } from './types';

/** A start time shared by at least this many runs is a batch time. */
export const BATCH_MIN_RUNS = 20;
/** Said when at least this share of the window's runs carry a batch time. */
export const BATCH_SHARE = 0.5;

/** The batch times of the window (start time → runs), when most of its runs carry one; null otherwise. */
function batchTimes(runs: readonly HealthRun[]): { times: Map<number, number>; batched: number } | null {
  if (runs.length < BATCH_MIN_RUNS) return null;
  const byTime = new Map<number, number>();
  for (const r of runs) byTime.set(r.started_ms, (byTime.get(r.started_ms) ?? 0) + 1);
  const times = new Map<number, number>();
  let batched = 0;
  for (const [t, n] of byTime) {
    if (n >= BATCH_MIN_RUNS) {
      times.set(t, n);
      batched += n;
    }
  }
  return batched < BATCH_SHARE * runs.length ? null : { times, batched };
}

/**
 * The batches of a series (its observation times, in order), as a batch number per observation,
 * when at least BATCH_SHARE of the observations share their time with BATCH_MIN_RUNS − 1 others:
 * the observations at one such time are one batch, any other observation a batch of its own.
 * Null when the series is not batched. `knownBatched` (the project's runs are: isBatched): every
 * time is a batch, whatever its number of observations. Runs of one batch share more than their time (the same
 * submission, machine, model build), so health's intervals and certainties count batches, not
 * runs, there (estimates.ts).
 */
export function batchClusters(times: ArrayLike<number>, knownBatched = false): Int32Array | null {
  const n = times.length;
  if (knownBatched) return timeClusters(times);
  if (n < BATCH_MIN_RUNS) return null;
  let batched = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && times[j] === times[i]) j++;
    if (j - i >= BATCH_MIN_RUNS) batched += j - i;
    i = j;
  }
  if (batched < BATCH_SHARE * n) return null;
  const out = new Int32Array(n);
  let id = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && times[j] === times[i]) j++;
    if (j - i >= BATCH_MIN_RUNS) out.fill(id++, i, j);
    else for (let k = i; k < j; k++) out[k] = id++;
    i = j;
  }
  return out;
}

/** Observations sharing a time as one batch, whatever their number (a sub-series of a batched project: one model's share of each batch). */
function timeClusters(times: ArrayLike<number>): Int32Array {
  const out = new Int32Array(times.length);
  for (let i = 1, id = 0; i < times.length; i++) out[i] = times[i] === times[i - 1] ? id : ++id;
  return out;
}

/** Whether most of the window's runs carry batch times. */
export function isBatched(runs: readonly HealthRun[]): boolean {
  return batchTimes(runs) != null;
}

/** A note when most of the window's runs share their start time with many others; null otherwise. */
export function batchTimesNote(runs: readonly HealthRun[]): string | null {
  const b = batchTimes(runs);
  if (!b) return null;
  return `${b.batched} of ${runs.length} runs share their start time with at least ${BATCH_MIN_RUNS - 1} others (${b.times.size} distinct times): ` +
    'these look like batch or submission times, so a change point marks where one batch follows another, not a change within a batch.';
}

/**
 * Each batch's start as a change an alert can be linked to (kind `batch_start`), when the window's
 * runs carry batch times: a degradation between two batches is first of all "another batch".
 */
export function batchStarts(runs: readonly HealthRun[]): ChangeEvent[] {
  const b = batchTimes(runs);
  if (!b) return [];
  return [...b.times].sort((x, y) => x[0] - y[0]).map(([at_ms, n]) => ({ kind: 'batch_start' as const, value: `batch of ${n} runs started together`, at_ms }));
}
