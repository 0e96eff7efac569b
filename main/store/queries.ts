/** Named read queries behind the API: runs table, facets, run detail, quarantine, counts. */
import type { EventRecord, IngestCounts, QuarantineItem, RunDetail, RunRow } from '../../shared/domain';
import { runsQuerySchema, type RunsQuery } from '../../shared/operations';
import type { RunRecord } from '../../shared/run-record';
import { prefixMatches } from './file-fingerprint';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Db } from './db';

/** Projects that have at least one run. */
export function listProjectIds(db: Db): string[] {
  return db.prepare("SELECT project_id FROM agg_arm WHERE factor = '' AND arm = '' AND n > 0 ORDER BY project_id").pluck().all() as string[];
}

/** The analysis cache key of a project: bumped on every change to its runs (0 = never seen). */
export function projectVersion(db: Db, projectId: string): number {
  return (db.prepare('SELECT version FROM project_versions WHERE project_id = ?').pluck().get(projectId) as number | undefined) ?? 0;
}

const ROW_COLUMNS = `r.run_id, r.project_id, r.started_at, r.mode, r.prompt_strategy, r.prompt_version, r.model, r.rounds_completed,
  r.max_rounds, r.total_cost_usd, r.duration_s, r.qa_status, r.status, s.path AS file`;
const SORT_COLUMNS: Record<string, string> = {
  started_at: 'r.started_ms', total_cost_usd: 'r.total_cost_usd', duration_s: 'r.duration_s', rounds_completed: 'r.rounds_completed',
  mode: 'r.mode', prompt_strategy: 'r.prompt_strategy', model: 'r.model', qa_status: 'r.qa_status', status: 'r.status',
};

function dateMs(v: string | undefined, end: boolean): number | null {
  if (!v) return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const ms = Date.parse(dateOnly ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(ms)) return null;
  return dateOnly && end ? ms + 86_400_000 - 1 : ms; // a bare `to` date includes that whole day
}

/** One page of a project's runs, filtered and sorted as the runs table asks, with the total. */
export function listRuns(db: Db, query: RunsQuery): { total: number; rows: RunRow[] } {
  const q = runsQuerySchema.parse(query);
  const where = ['r.project_id = ?'];
  const args: unknown[] = [q.project_id];
  for (const k of ['mode', 'prompt_strategy', 'model', 'status', 'qa_status'] as const) {
    if (q[k] !== undefined) {
      where.push(`r.${k} = ?`);
      args.push(q[k]);
    }
  }
  const from = dateMs(q.from, false);
  const to = dateMs(q.to, true);
  if (from != null) {
    where.push('r.started_ms >= ?');
    args.push(from);
  }
  if (to != null) {
    where.push('r.started_ms <= ?');
    args.push(to);
  }
  const w = where.join(' AND ');
  const total = db.prepare(`SELECT count(*) FROM runs r WHERE ${w}`).pluck().get(...args) as number;
  const dir = q.dir === 'asc' ? 'ASC' : 'DESC';
  const rows = db
    .prepare(`SELECT ${ROW_COLUMNS} FROM runs r JOIN sources s ON s.id = r.source_id WHERE ${w} ORDER BY ${SORT_COLUMNS[q.sort]} ${dir}, r.id ${dir} LIMIT ? OFFSET ?`)
    .all(...args, q.limit, q.offset) as RunRow[];
  return { total, rows };
}

/** Distinct filter values of a project's runs. */
export function runFacets(db: Db, projectId: string): { mode: string[]; prompt_strategy: string[]; model: string[]; status: string[] } {
  const arms = (factor: string) =>
    db.prepare('SELECT arm FROM agg_arm WHERE project_id = ? AND factor = ? AND n > 0 ORDER BY arm').pluck().all(projectId, factor) as string[];
  const status = db.prepare('SELECT DISTINCT status FROM runs WHERE project_id = ? AND status IS NOT NULL ORDER BY status').pluck().all(projectId) as string[];
  return { mode: arms('mode'), prompt_strategy: arms('prompt_strategy'), model: arms('model'), status };
}

type EventRow = { id: number; run_id: string | null; file: string; line: number; type: string; at: string | null; data: string };

function parseEvent(e: EventRow): EventRecord {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(e.data) as Record<string, unknown>;
  } catch {
    data = { text: e.data };
  }
  return { ...e, data };
}

type RefRow = { raw_offset: number; raw_length: number; kind: string; size: number; mtime_ms: number; ino: number; byte_offset: number; head_hash: string | null };

/**
 * Reads a record stored by reference: only its bytes, and only while the file is the one that
 * was ingested (a .json file unchanged; a JSONL file the same or only appended to). Returns the
 * parsed value or why it is unavailable.
 */
function readRawRef(path: string, ref: RefRow): { value: unknown } | { note: string } {
  const gone = 'Raw JSON unavailable: the file changed on disk since it was read (it is re-read on the next scan).';
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { note: `Raw JSON unavailable: cannot open the file (${(e as NodeJS.ErrnoException).code ?? String(e)}).` };
  }
  try {
    const st = fstatSync(fd);
    if (st.ino !== ref.ino) return { note: gone };
    const same = st.size === ref.size && st.mtimeMs === ref.mtime_ms;
    const appended = ref.kind === 'jsonl' && st.size >= ref.byte_offset && ref.byte_offset > 0 &&
      prefixMatches(fd, ref.byte_offset, ref.head_hash); // the same check the ingest makes
    if (!same && !appended) return { note: gone };
    if (ref.raw_offset + ref.raw_length > st.size) return { note: gone };
    const buf = Buffer.allocUnsafe(ref.raw_length);
    let n = 0;
    while (n < ref.raw_length) {
      const got = readSync(fd, buf, n, ref.raw_length - n, ref.raw_offset + n);
      if (got === 0) return { note: gone };
      n += got;
    }
    return { value: JSON.parse(buf.toString('utf8')) as unknown };
  } catch {
    return { note: gone };
  } finally {
    closeSync(fd);
  }
}

const bool = (v: number | null) => (v == null ? undefined : v === 1);
/** Drops null columns so the rebuilt record has the shape of a parsed one. */
function defined<T extends Record<string, unknown>>(o: T): T {
  for (const k in o) if (o[k] == null) delete o[k];
  return o;
}

/** The canonical record rebuilt from the stored columns and child rows (fields RunBrain does not know are not stored). */
function recordFromColumns(db: Db, pk: number): RunRecord {
  const r = db.prepare(`SELECT run_id, project_id, started_at, ended_at, duration_s, mode, prompt_strategy, prompt_version, model, recipe,
    max_rounds, rounds_completed, max_cost_usd, total_cost_usd, tokens_in, tokens_out, qa_status, status, auto_tuned FROM runs WHERE id = ?`).get(pk) as Record<string, unknown>;
  const rec: Record<string, unknown> = defined({ ...r, auto_tuned: bool(r.auto_tuned as number | null) });
  const rows = (t: string) => db.prepare(`SELECT * FROM ${t} WHERE run_pk = ? ORDER BY idx`).all(pk) as Array<Record<string, unknown>>;
  const steps = rows('steps').map((s) => defined({
    agent: s.agent, task_type: s.task_type, model: s.model, started_at: s.started_at, duration_s: s.duration_s, success: bool(s.success as number | null),
    retries: s.retries, tokens: s.tokens, cost_usd: s.cost_usd,
    error: s.error_type != null || s.error_message != null ? defined({ type: s.error_type, message: s.error_message }) : undefined,
    recovery: s.recovery_strategy != null || s.recovery_success != null ? defined({ strategy: s.recovery_strategy, success: bool(s.recovery_success as number | null) }) : undefined,
  }));
  const gates = rows('gates').map((g) => defined({ gate_id: g.gate_id, stage: g.stage, result: g.result, reason: g.reason, retry_attempt: g.retry_attempt,
    auto_fix_strategy: g.auto_fix_strategy, auto_fix_success: bool(g.auto_fix_success as number | null), human_override: bool(g.human_override as number | null) }));
  const decisions = rows('decisions').map((d) => defined({ decision_type: d.decision_type, agent_recommendation: d.agent_recommendation,
    human_decision: d.human_decision, aligned: bool(d.aligned as number | null), agent_confidence: d.agent_confidence }));
  const errors = rows('errors').map((e) => defined({ type: e.type, message: e.message, agent: e.agent }));
  if (steps.length) rec.steps = steps;
  if (gates.length) rec.gates = gates;
  if (decisions.length) rec.decisions = decisions;
  if (errors.length) rec.errors = errors;
  return rec as unknown as RunRecord;
}

/**
 * A run with its canonical record, raw record, line and events; null when unknown. A raw record
 * stored by reference is read from its file; when that file changed since it was read, `raw` is
 * null and `raw_note` says why (and a record that was the raw text itself is rebuilt from the
 * stored columns).
 */
export function getRunDetail(db: Db, projectId: string, runId: string): RunDetail | null {
  const row = db
    .prepare(`SELECT ${ROW_COLUMNS}, r.id AS pk, r.record, r.raw, r.raw_offset, r.raw_length, r.line, s.kind, s.size, s.mtime_ms, s.ino,
      s.byte_offset, s.head_hash FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ? AND r.run_id = ?`)
    .get(projectId, runId) as (RunRow & RefRow & { pk: number; record: string | null; raw: string | null; raw_offset: number | null; line: number }) | undefined;
  if (!row) return null;
  let rawValue: unknown = null;
  let rawNote: string | undefined;
  if (row.raw_offset != null) {
    const got = readRawRef(row.file, row);
    if ('value' in got && (row.record != null || (got.value as { run_id?: unknown } | null)?.run_id === row.run_id)) rawValue = got.value;
    else rawNote = 'note' in got ? got.note : 'Raw JSON unavailable: the file changed on disk since it was read (it is re-read on the next scan).';
  } else {
    try {
      rawValue = JSON.parse(row.raw ?? '') as unknown;
    } catch {
      rawNote = 'Raw JSON unavailable: the stored text is not valid JSON.';
    }
  }
  const events = (
    db.prepare(`SELECT e.id, e.run_id, s.path AS file, e.line, e.type, e.at, e.data FROM events e JOIN sources s ON s.id = e.source_id
      WHERE e.project_id = ? AND e.run_id = ? ORDER BY e.at, e.id`).all(projectId, runId) as EventRow[]
  ).map(parseEvent);
  // record NULL: the raw text is the canonical record (not stored twice).
  const record = row.record != null ? (JSON.parse(row.record) as RunRecord) : rawNote ? recordFromColumns(db, row.pk) : (rawValue as RunRecord);
  const runRow: RunRow = {
    run_id: row.run_id, project_id: row.project_id, started_at: row.started_at, mode: row.mode, prompt_strategy: row.prompt_strategy,
    prompt_version: row.prompt_version, model: row.model, rounds_completed: row.rounds_completed, max_rounds: row.max_rounds,
    total_cost_usd: row.total_cost_usd, duration_s: row.duration_s, qa_status: row.qa_status, status: row.status, file: row.file,
  };
  return { row: runRow, record, raw: rawValue, ...(rawNote ? { raw_note: rawNote } : {}), line: row.line, events };
}

/** A page of the quarantine, by file then line. */
export function listQuarantine(db: Db, offset = 0, limit = 200): { total: number; items: QuarantineItem[] } {
  const total = db.prepare('SELECT count(*) FROM quarantine').pluck().get() as number;
  const items = db
    .prepare('SELECT id, file, line, field, reason, excerpt, at FROM quarantine ORDER BY file, line, id LIMIT ? OFFSET ?')
    .all(limit, offset) as QuarantineItem[];
  return { total, items };
}

/** Files known, runs, events and quarantined records in the store. */
export function ingestCounts(db: Db): IngestCounts {
  const c = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return { files: c('sources'), runs: c('runs'), events: c('events'), quarantined: c('quarantine') };
}
