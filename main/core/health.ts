/**
 * A project's health from the store: the recent window, the daily buckets of the whole history,
 * the ledger and first-seen changes, through the pure engine (main/engine/health).
 */
import { computeHealth, RECENT_WINDOW_RUNS, type ProjectHealth } from '../engine/health';
import type { Db } from '../store/db';
import { readFirstSeenChanges, readHealthDailyBuckets, readLedgerChanges, readRecentHealthRuns } from '../store/health-runs';

/** Health of one project; `nowMs` only stamps `computed_at` (windows run from the latest run). */
export function projectHealth(db: Db, projectId: string, nowMs: number): ProjectHealth {
  const runs = readRecentHealthRuns(db, projectId, RECENT_WINDOW_RUNS);
  const buckets = readHealthDailyBuckets(db, projectId);
  const changes = [...readLedgerChanges(db, projectId), ...readFirstSeenChanges(db, projectId)];
  return computeHealth({ project_id: projectId, runs, buckets, changes, now_ms: nowMs, runs_complete: runs.length < RECENT_WINDOW_RUNS });
}
