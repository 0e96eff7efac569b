/**
 * The rebuild path of the aggregates: recompute every project's rows from its runs. Runs when
 * the stored fold version is not the code's (a new database, a database from before the
 * version was kept, or a fold whose definition changed), so old rows are never mixed with new.
 * The experiments' sums (agg_exp) are rebuilt in the same pass over the runs, health's daily
 * buckets (agg_health) from the dated runs with their steps.
 */
import { AGGREGATE_FOLD_VERSION, emptyProject, foldRun } from '../engine/aggregates';
import type { Store } from '../store';
import { bucketsFromRuns, mergeScopedBuckets } from '../engine/health/bucket-fold';
import { replaceHealthBuckets } from './health-fold';
import { experimentAccumulator, replaceExperimentSums } from './experiment-fold';

/** Rebuilds the aggregates when their fold version is stale; returns the projects rebuilt (none when current). */
export async function ensureAggregates(store: Store): Promise<string[]> {
  if ((await store.aggregates.foldVersion()) === AGGREGATE_FOLD_VERSION) return [];
  return rebuildAggregates(store);
}

/** Recomputes every project's aggregate rows from the runs, in one unit of work; returns the projects. */
export function rebuildAggregates(store: Store): Promise<string[]> {
  return store.ingestUnit(async () => {
    const projects = await store.runs.projectsWithRuns();
    await store.aggregates.deleteAll();
    await store.experiments.deleteAll();
    await store.health.deleteAllBuckets();
    for (const p of projects) {
      const exp = experimentAccumulator();
      const agg = emptyProject(p);
      for await (const f of store.runs.factsOfProject(p)) foldRun(agg, exp.add(f), 1);
      await store.aggregates.replaceProject(agg);
      await replaceExperimentSums(store.experiments, p, exp.done());
      const parts: ReturnType<typeof bucketsFromRuns>[] = [];
      for await (const runs of store.health.datedRunBatches(p)) parts.push(bucketsFromRuns(runs));
      await replaceHealthBuckets(store.health, p, parts.length === 1 ? parts[0] : mergeScopedBuckets(parts.flat()));
      await store.aggregates.bumpVersion(p);
    }
    await store.aggregates.setFoldVersion(AGGREGATE_FOLD_VERSION);
    return projects;
  });
}
