/**
 * What the censoring-aware limit rules read: runs grouped by (rounds, their own max_rounds,
 * status, QA, whether stop_reason names the limit), and the ledger's applied max_rounds changes.
 * One GROUP BY over the project's runs; the ingest fold does not keep these yet (the fold is being
 * versioned on the store branch; this query moves there when it lands). `stop_reason` has no
 * column: it is read from the stored canonical JSON, and for records stored by reference it is
 * read back from the file only for the runs where it can decide (at their limit, not already
 * stopped by status or QA), at most REF_READS of them.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
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
export function namesLimit(reason: string): boolean {
  const s = reason.toLowerCase();
  return s.includes('round') || s.includes('limit');
}
const NAMES_LIMIT = `CASE WHEN sr IS NULL THEN NULL WHEN lower(sr) LIKE '%round%' OR lower(sr) LIKE '%limit%' THEN 1 ELSE 0 END`;
/** At most this many records are read back from their files for stop_reason per load. */
export const REF_READS = 20_000;
/** Runs whose stop_reason lives only in the file and could decide: at their limit, not stopped by status or QA. */
const NEEDS_REF = `r.record IS NULL AND (r.raw IS NULL OR r.raw = '') AND r.raw_offset IS NOT NULL
  AND (r.max_rounds IS NULL OR r.rounds_completed >= r.max_rounds)
  AND (r.status IS NULL OR r.status NOT IN ('aborted', 'timeout', 'failed')) AND (r.qa_status IS NULL OR r.qa_status = 'passed')`;

type Key = string;
const keyOf = (o: Omit<RoundsOutcomeRow, 'n'>): Key => JSON.stringify([o.rounds, o.max_rounds, o.status, o.qa_status, o.stop_reason_limit]);

/** Runs with rounds_completed, grouped by how they ended. */
export function loadRoundsOutcomes(db: Db, projectId: string): RoundsOutcomeRow[] {
  const sql = `SELECT rounds_completed, max_rounds, status, qa_status, ${NAMES_LIMIT} AS lim, COUNT(*) FROM (
      SELECT r.rounds_completed, r.max_rounds, r.status, r.qa_status,
        -- Below its own limit a run was not stopped by it, whatever it says: skip the JSON.
        CASE WHEN r.max_rounds IS NULL OR r.rounds_completed >= r.max_rounds THEN json_extract(${STORED_JSON}, '$.stop_reason') END AS sr
      FROM runs r WHERE r.project_id = ? AND r.rounds_completed IS NOT NULL AND NOT (${NEEDS_REF}))
    GROUP BY 1, 2, 3, 4, 5`;
  const rows = db.prepare(sql).raw().all(projectId) as [number, number | null, string | null, string | null, number | null, number][];
  const groups = new Map<Key, RoundsOutcomeRow>();
  const add = (o: Omit<RoundsOutcomeRow, 'n'>, n: number): void => {
    const k = keyOf(o);
    const g = groups.get(k);
    if (g) g.n += n;
    else groups.set(k, { ...o, n });
  };
  for (const [rounds, max, status, qa, lim, n] of rows) add({ rounds, max_rounds: max, status, qa_status: qa, stop_reason_limit: lim == null ? null : lim === 1 }, n);
  const refs = db.prepare(`SELECT r.run_id, r.rounds_completed, r.max_rounds, r.status, r.qa_status, r.raw_offset, r.raw_length, s.path, s.size, s.mtime_ms, s.ino
      FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ? AND r.rounds_completed IS NOT NULL AND ${NEEDS_REF} ORDER BY s.path, r.raw_offset`)
    .raw().iterate(projectId) as Iterable<[string, number, number | null, string | null, string | null, number, number, string, number, number, number]>;
  const reader = new RefReader();
  let reads = 0;
  try {
    for (const [runId, rounds, max, status, qa, off, len, path, size, mtime, ino] of refs) {
      const sr = reads++ < REF_READS ? reader.stopReason({ path, size, mtime, ino, off, len }, runId) : undefined;
      add({ rounds, max_rounds: max, status, qa_status: qa, stop_reason_limit: typeof sr === 'string' ? namesLimit(sr) : null }, 1);
    }
  } finally {
    reader.close();
  }
  return [...groups.values()];
}

interface Ref {
  path: string;
  size: number;
  mtime: number;
  ino: number;
  off: number;
  len: number;
}

/** Reads records by reference, each file opened once, only while it is the file that was ingested. */
class RefReader {
  private fds = new Map<string, number | null>();

  /** The record's stop_reason (undefined when unreadable or absent; the run id must match). */
  stopReason(ref: Ref, runId: string): string | undefined {
    let fd = this.fds.get(ref.path);
    if (fd === undefined) {
      try {
        fd = openSync(ref.path, 'r');
        const st = fstatSync(fd);
        // Same file, unchanged or only appended to: the stored spans still hold.
        if (st.ino !== ref.ino || st.size < ref.size || (st.size === ref.size && st.mtimeMs !== ref.mtime)) {
          closeSync(fd);
          fd = null;
        }
      } catch {
        fd = null;
      }
      this.fds.set(ref.path, fd);
    }
    if (fd == null) return undefined;
    try {
      const buf = Buffer.allocUnsafe(ref.len);
      let n = 0;
      while (n < ref.len) {
        const got = readSync(fd, buf, n, ref.len - n, ref.off + n);
        if (got === 0) return undefined;
        n += got;
      }
      const rec = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
      if (rec == null || typeof rec !== 'object' || rec.run_id !== runId) return undefined;
      const sr = rec.stop_reason ?? rec.exit_reason ?? rec.termination_reason;
      return typeof sr === 'string' ? sr : undefined;
    } catch {
      return undefined;
    }
  }

  close(): void {
    for (const fd of this.fds.values()) if (fd != null) closeSync(fd);
  }
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
