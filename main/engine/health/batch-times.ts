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
