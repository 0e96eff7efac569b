/**
 * Folds a folder's JSONL files in parallel worker threads (range-fold-worker.ts), one byte range
 * at a time, and merges the ranges' aggregates (mergeAggregates): the provisional profile of a
 * first ingest, ready before the ingest has stored the rows (issue 7 §6). The ingest thread goes
 * on writing meanwhile; duplicates are only resolved when the rows land.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProjectAggregates } from '../../shared/aggregates';
import { mergeAggregates } from '../engine/aggregates';
import type { Mapping } from './mapping';
import type { FoldRange, RangeFold } from './range-fold';
import type { RangeJob } from './range-fold-worker';

/** The built worker sits in out/main; from sources (tests, tsx) it registers tsx's loader in its own thread first. */
function startWorker(): Worker {
  // The bench runs the sources but times the app's built worker (set by bench/phases.mjs).
  const built = process.env.RUNBRAIN_RANGE_FOLD_WORKER;
  if (built && existsSync(built)) return new Worker(built);
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'range-fold-worker.js'), join(here, '..', 'range-fold-worker.js')]) {
    if (existsSync(candidate)) return new Worker(candidate);
  }
  const source = join(here, 'range-fold-worker.ts');
  if (!existsSync(source)) throw new Error(`range-fold-worker not found next to ${here}; run "npm run build" first.`);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(source).href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * How the provisional fold runs by default: with three cores or more, one worker per core but
 * one (at most 8) beside the ingest, which goes on storing rows; with fewer, one per core and the
 * ingest waits for them (they would otherwise share one core with it, and the first profile would
 * come little earlier than the stored one).
 */
export function defaultFoldPlan(cores = availableParallelism()): { workers: number; concurrent: boolean } {
  return cores >= 3 ? { workers: Math.min(8, cores - 1), concurrent: true } : { workers: Math.max(1, cores), concurrent: false };
}

/** A provisional fold under way: `done` resolves with the merged aggregates, or rejects (a worker failed, or cancel()). */
export interface ProvisionalFold {
  done: Promise<RangeFold>;
  cancel(): void;
}

/** Folds `ranges` in `workers` threads (each takes the next range when it finishes one). */
export function foldInWorkers(ranges: readonly FoldRange[], opts: { workers: number; now: number; mapping: Mapping | null }): ProvisionalFold {
  const pool: Worker[] = [];
  let cancelled = false;
  const stop = () => {
    for (const w of pool) void w.terminate();
    pool.length = 0;
  };
  const done = new Promise<RangeFold>((resolve, reject) => {
    const merged = new Map<string, ProjectAggregates>();
    let runs = 0;
    let next = 0;
    let finished = 0;
    const fail = (e: Error) => {
      stop();
      reject(e);
    };
    if (ranges.length === 0) return resolve({ aggregates: [], runs: 0 });
    const give = (w: Worker) => {
      if (next >= ranges.length) return;
      const job: RangeJob = { range: ranges[next++], now: opts.now, mapping: opts.mapping };
      w.postMessage(job);
    };
    const n = Math.max(1, Math.min(opts.workers, ranges.length));
    for (let k = 0; k < n; k++) {
      let w: Worker;
      try {
        w = startWorker();
      } catch (e) {
        return fail(e as Error);
      }
      pool.push(w);
      w.on('message', (m: { ok: true; fold: RangeFold } | { ok: false; error: string }) => {
        if (cancelled) return;
        if (!m.ok) return fail(new Error(`provisional fold: ${m.error}`));
        runs += m.fold.runs;
        for (const a of m.fold.aggregates) {
          const into = merged.get(a.project_id);
          if (into === undefined) merged.set(a.project_id, a);
          else mergeAggregates(into, a);
        }
        if (++finished === ranges.length) {
          stop();
          resolve({ aggregates: [...merged.values()], runs });
        } else give(w);
      });
      w.on('error', (e) => fail(e));
      give(w);
    }
  });
  return {
    done,
    cancel() {
      cancelled = true;
      stop();
    },
  };
}
