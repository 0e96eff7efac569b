/**
 * Secondary indexes that a big load may build once at the end instead of row by row. A random
 * insert into `runs_project_started` costs about as much as the row itself; one sort at the end
 * costs a fraction of that. The runs table stays correct without them (queries only get
 * slower), and every ingest session restores any that a killed load left missing.
 */
import type { Db } from './db';

/**
 * Name → the statement that (re)creates it; identical to migration 1's definition. Not here:
 * runs_project_task, a partial index that costs nothing for runs without a task and would cost a
 * full scan to rebuild.
 */
const DEFERRABLE: Record<string, string> = {
  runs_project_started: 'CREATE INDEX IF NOT EXISTS runs_project_started ON runs(project_id, started_ms)',
};

/** Drops the deferrable indexes (own transaction). Call restoreIndexes when the load is done. */
export function deferIndexes(db: Db): void {
  db.transaction(() => {
    for (const name of Object.keys(DEFERRABLE)) db.exec(`DROP INDEX IF EXISTS ${name}`);
  }).immediate();
}

/** Creates any deferrable index that is missing (after a load, or a load that was killed). Cheap when none is. */
export function restoreIndexes(db: Db): void {
  const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs'").pluck().all() as string[]);
  const missing = Object.keys(DEFERRABLE).filter((n) => !present.has(n));
  if (missing.length === 0) return;
  db.transaction(() => {
    for (const name of missing) db.exec(DEFERRABLE[name]);
  }).immediate();
}
