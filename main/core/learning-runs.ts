/**
 * Runs with their steps, gates, decisions and stored labels for the learning engine
 * (main/engine/learning), from the store's rows (store/learning-store.ts), read back by
 * ingest/stored-learning-run.ts (the canonical record, else the child tables).
 */
import type { LearningRun } from '../engine/learning/types';
import { learningRunOfRow, RefReader } from '../ingest/stored-learning-run';
import type { Store } from '../store';

export { canonical, RefReader } from '../ingest/stored-learning-run';
export { learningRunOfRecord } from '../engine/learning/record-run';

export interface LoadLearningRunsOptions {
  /** Only the latest N runs (by start time; undated runs count as oldest). */
  last?: number;
}

/** The project's runs in time order (undated last), with children, the optional learning fields and the stored labels. */
export function loadLearningRuns(store: Store, projectId: string, opts: LoadLearningRunsOptions = {}): LearningRun[] {
  const rows = store.learning.runRows(projectId, { last: opts.last });
  const refs = new RefReader();
  const children = (pk: number) => store.learning.children(pk);
  try {
    return rows.map((row) => learningRunOfRow(row, refs, children));
  } finally {
    refs.close();
  }
}

/** Projects that have runs, in name order. */
export function learningProjectIds(store: Store): string[] {
  return store.learning.projectIds();
}
