/**
 * Runs logged with the time of their batch (a benchmark submission, a nightly job's start) rather
 * than their own: many runs share one start time, so the run sequence is a sequence of batches and
 * a change point marks where one batch follows another. Health still reports what changed; this
 * says how to read it.
 */
import type { HealthRun } from './types';

/** A start time shared by at least this many runs is a batch time. */
export const BATCH_MIN_RUNS = 20;
/** Said when at least this share of the window's runs carry a batch time. */
export const BATCH_SHARE = 0.5;

/** A note when most of the window's runs share their start time with many others; null otherwise. */
export function batchTimesNote(runs: readonly HealthRun[]): string | null {
  if (runs.length < BATCH_MIN_RUNS) return null;
  const byTime = new Map<number, number>();
  for (const r of runs) byTime.set(r.started_ms, (byTime.get(r.started_ms) ?? 0) + 1);
  let batched = 0;
  let batches = 0;
  for (const n of byTime.values()) {
    if (n >= BATCH_MIN_RUNS) {
      batched += n;
      batches++;
    }
  }
  if (batched < BATCH_SHARE * runs.length) return null;
  return `${batched} of ${runs.length} runs share their start time with at least ${BATCH_MIN_RUNS - 1} others (${batches} distinct times): ` +
    'these look like batch or submission times, so a change point marks where one batch follows another, not a change within a batch.';
}
