/**
 * What the censoring-aware limit rules read: runs grouped by (rounds, their own max_rounds,
 * status, QA, whether stop_reason names the limit), and the ledger's applied max_rounds changes.
 * One GROUP BY over the project's runs; the fold does not keep these (a later fold version can).
 * `stop_reason` has no column: it is read from the stored canonical JSON; for records stored by
 * reference the store hands back their byte spans (only for runs where it can decide: at their
 * limit, not already stopped by status or QA) and the core reads them (`core/rounds-outcomes.ts`).
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
const NAMES_LIMIT = `CASE WHEN sr IS NULL THEN NULL WHEN lower(sr) LIKE '%round%' OR lower(sr) LIKE '%limit%' THEN 1 ELSE 0 END`;
/** Runs whose stop_reason lives only in the file and could decide: at their limit, not stopped by status or QA. */
const NEEDS_REF = `r.record IS NULL AND (r.raw IS NULL OR r.raw = '') AND r.raw_offset IS NOT NULL
  AND (r.max_rounds IS NULL OR r.rounds_completed >= r.max_rounds)
  AND (r.status IS NULL OR r.status NOT IN ('aborted', 'timeout', 'failed')) AND (r.qa_status IS NULL OR r.qa_status = 'passed')`;

/** A run whose stop_reason is only in its file: where its bytes are and what else is known. */
export interface RoundsRefRow {
  run_id: string;
  rounds: number;
  max_rounds: number | null;
  status: string | null;
  qa_status: string | null;
  path: string;
  offset: number;
  length: number;
  size: number;
  mtime_ms: number;
  ino: number;
}

/** Runs with rounds_completed, grouped by how they ended, and the runs whose stop_reason must be read from their files. */
export function loadRoundsOutcomes(db: Db, projectId: string): { rows: RoundsOutcomeRow[]; by_reference: RoundsRefRow[] } {
  const sql = `SELECT rounds_completed, max_rounds, status, qa_status, ${NAMES_LIMIT} AS lim, COUNT(*) FROM (
      SELECT r.rounds_completed, r.max_rounds, r.status, r.qa_status,
        -- Below its own limit a run was not stopped by it, whatever it says: skip the JSON.
        CASE WHEN r.max_rounds IS NULL OR r.rounds_completed >= r.max_rounds THEN json_extract(${STORED_JSON}, '$.stop_reason') END AS sr
      FROM runs r WHERE r.project_id = ? AND r.rounds_completed IS NOT NULL AND NOT (${NEEDS_REF}))
    GROUP BY 1, 2, 3, 4, 5`;
  const grouped = db.prepare(sql).raw().all(projectId) as [number, number | null, string | null, string | null, number | null, number][];
  const rows = grouped.map(([rounds, max, status, qa, lim, n]) => ({ rounds, max_rounds: max, status, qa_status: qa, stop_reason_limit: lim == null ? null : lim === 1, n }));
  const refs = db.prepare(`SELECT r.run_id, r.rounds_completed, r.max_rounds, r.status, r.qa_status, s.path, r.raw_offset, r.raw_length, s.size, s.mtime_ms, s.ino
      FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ? AND r.rounds_completed IS NOT NULL AND ${NEEDS_REF} ORDER BY s.path, r.raw_offset`)
    .raw().all(projectId) as [string, number, number | null, string | null, string | null, string, number, number, number, number, number][];
  const by_reference = refs.map(([run_id, rounds, max_rounds, status, qa_status, path, offset, length, size, mtime_ms, ino]) => ({
    run_id, rounds, max_rounds, status, qa_status, path, offset, length, size, mtime_ms, ino,
  }));
  return { rows, by_reference };
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
