/**
 * What the censoring-aware limit rules read: runs grouped by (rounds, their own max_rounds,
 * status, QA, whether stop_reason names the limit), and the ledger's applied max_rounds changes.
 * One GROUP BY over the project's runs (the fold does not keep these; a later fold version can).
 * `stop_reason` is the column written at ingest (migration 4), with the stored canonical JSON as
 * the fallback for rows written before it.
 */
import type { Db } from './db';

export interface RoundsOutcomeRow {
  rounds: number;
  max_rounds: number | null;
  status: string | null;
  qa_status: string | null;
  stop_reason_limit: boolean | null;
  n: number;
}

export interface LimitChangeRow {
  before: number | null;
  after: number;
  applied_ms: number;
}

const STORED_JSON = "CASE WHEN json_valid(COALESCE(r.record, NULLIF(r.raw, ''))) THEN COALESCE(r.record, NULLIF(r.raw, '')) END";
/** A stop_reason names the limit when it mentions rounds, max_rounds or a limit (case-insensitive). */
const NAMES_LIMIT = `CASE WHEN sr IS NULL THEN NULL WHEN lower(sr) LIKE '%round%' OR lower(sr) LIKE '%limit%' THEN 1 ELSE 0 END`;

/** Runs with rounds_completed, grouped by how they ended. */
export function loadRoundsOutcomes(db: Db, projectId: string): RoundsOutcomeRow[] {
  const sql = `SELECT rounds_completed, max_rounds, status, qa_status, ${NAMES_LIMIT} AS lim, COUNT(*) FROM (
      SELECT r.rounds_completed, r.max_rounds, r.status, r.qa_status,
        -- Below its own limit a run was not stopped by it, whatever it says: skip the JSON.
        CASE WHEN r.max_rounds IS NULL OR r.rounds_completed >= r.max_rounds
          THEN COALESCE(r.stop_reason, json_extract(${STORED_JSON}, '$.stop_reason')) END AS sr
      FROM runs r WHERE r.project_id = ? AND r.rounds_completed IS NOT NULL)
    GROUP BY 1, 2, 3, 4, 5`;
  const rows = db.prepare(sql).raw().all(projectId) as [number, number | null, string | null, string | null, number | null, number][];
  return rows.map(([rounds, max, status, qa, lim, n]) => ({ rounds, max_rounds: max, status, qa_status: qa, stop_reason_limit: lim == null ? null : lim === 1, n }));
}

function num(v: string | null): number | null {
  if (v == null) return null;
  try {
    const x = JSON.parse(v) as unknown;
    const n = typeof x === 'number' ? x : typeof x === 'string' ? Number(x) : NaN;
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** Applied (not undone, not undo rows) max_rounds changes of a project, oldest first. */
export function loadLimitChanges(db: Db, projectId: string): LimitChangeRow[] {
  const rows = db
    .prepare("SELECT before_value, after_value, applied_ms FROM ledger WHERE project_id = ? AND field = 'max_rounds' AND status = 'applied' AND undo_of IS NULL ORDER BY applied_ms, id")
    .raw()
    .all(projectId) as [string | null, string | null, number][];
  const out: LimitChangeRow[] = [];
  for (const [b, a, at] of rows) {
    const after = num(a);
    if (after != null) out.push({ before: num(b), after, applied_ms: at });
  }
  return out;
}
