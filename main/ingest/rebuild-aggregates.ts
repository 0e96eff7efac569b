/**
 * The rebuild path of the aggregates: recompute every project's rows from its runs. Runs when
 * the stored fold version is not the code's (a new database, a database from before the
 * version was kept, or a fold whose definition changed), so old rows are never mixed with new.
 */
import { AGGREGATE_FOLD_VERSION, aggregateRuns } from '../engine/aggregates';
import type { Store } from '../store';

/** Rebuilds the aggregates when their fold version is stale; returns the projects rebuilt (none when current). */
export function ensureAggregates(store: Store): string[] {
  if (store.aggregates.foldVersion() === AGGREGATE_FOLD_VERSION) return [];
  return rebuildAggregates(store);
}

/** Recomputes every project's aggregate rows from the runs, in one unit of work; returns the projects. */
export function rebuildAggregates(store: Store): string[] {
  return store.ingestUnit(() => {
    const projects = store.runs.projectsWithRuns();
    store.aggregates.deleteAll();
    for (const p of projects) {
      store.aggregates.replaceProject(aggregateRuns(p, store.runs.factsOfProject(p)));
      store.aggregates.bumpVersion(p);
    }
    store.aggregates.setFoldVersion(AGGREGATE_FOLD_VERSION);
    return projects;
  });
}
