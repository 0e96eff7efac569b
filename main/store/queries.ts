/** Named read queries behind the API: runs table, facets, run detail, quarantine, counts. */
import type { EventRecord, IngestCounts, QuarantineItem, RunDetail, RunRow } from '../../shared/domain';
import { runsQuerySchema, type RunsQuery } from '../../shared/operations';
import type { RunRecord } from '../../shared/run-record';
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

/** A run with its canonical record, raw record, line and events; null when unknown. */
export function getRunDetail(db: Db, projectId: string, runId: string): RunDetail | null {
  const row = db
    .prepare(`SELECT ${ROW_COLUMNS}, r.record, r.raw, r.line FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ? AND r.run_id = ?`)
    .get(projectId, runId) as (RunRow & { record: string | null; raw: string; line: number }) | undefined;
  if (!row) return null;
  const { record, raw, line, ...runRow } = row;
  const rawValue = JSON.parse(raw) as unknown;
  const events = (
    db.prepare(`SELECT e.id, e.run_id, s.path AS file, e.line, e.type, e.at, e.data FROM events e JOIN sources s ON s.id = e.source_id
      WHERE e.project_id = ? AND e.run_id = ? ORDER BY e.at, e.id`).all(projectId, runId) as EventRow[]
  ).map(parseEvent);
  return { row: runRow, record: (record != null ? JSON.parse(record) : rawValue) as RunRecord, raw: rawValue, line, events };
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
