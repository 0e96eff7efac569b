/** A provisional-fold worker: folds the byte ranges it is sent (range-fold.ts) and posts each result back. */
import { parentPort } from 'node:worker_threads';
import type { Mapping } from './mapping';
import { foldJsonlRange, type FoldRange } from './range-fold';

/** A job: one range, with the clock and mapping of the ingest. */
export interface RangeJob {
  range: FoldRange;
  now: number;
  mapping: Mapping | null;
}

parentPort?.on('message', (job: RangeJob) => {
  try {
    parentPort?.postMessage({ ok: true, fold: foldJsonlRange(job.range, job.now, job.mapping) });
  } catch (e) {
    parentPort?.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
