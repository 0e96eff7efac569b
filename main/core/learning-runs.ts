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
export async function loadLearningRuns(store: Store, projectId: string, opts: LoadLearningRunsOptions = {}): Promise<LearningRun[]> {
  const rows = await store.learning.runRows(projectId, { last: opts.last });
  const refs = new RefReader();
  const children = (pk: number) => store.learning.children(pk);
  try {
    const runs: LearningRun[] = [];
    for (const row of rows) runs.push(await learningRunOfRow(row, refs, children));
    return runs;
  } finally {
    refs.close();
  }
}

/** Projects that have runs, in name order. */
export async function learningProjectIds(store: Store): Promise<string[]> {
  return store.learning.projectIds();
}
