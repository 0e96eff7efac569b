/**
 * Reads of the runs table: pages for the runs view, facets, one stored run (its record, or
 * where its raw bytes sit: reading them is the caller's), the run history the config and the
 * ledger ask about, and run facts for the aggregate fold's rebuild.
 */
import type { RunFacts } from '../../shared/aggregates';
import type { EventRecord, RunRow } from '../../shared/domain';
import { TUNABLE_FIELDS, type RunRecord, type TunableField } from '../../shared/run-record';
import type { Db } from './db';
import { loadRoundsOutcomes, type RoundsOutcomeRow } from './limit-outcomes';
import { RUN_FACTS_COLUMNS, factsInIndexOrder } from './run-facts';
import type { Async } from './async-boundary';

/** A page request of the runs view (defaults: newest first, 200 rows). */
export interface RunsPage {
  project_id: string;
  mode?: string;
  prompt_strategy?: string;
  model?: string;
  status?: string;
  qa_status?: string;
  /** ISO date-time or YYYY-MM-DD (a bare `to` date includes that whole day). */
  from?: string;
  to?: string;
  sort?: 'started_at' | 'total_cost_usd' | 'duration_s' | 'rounds_completed' | 'mode' | 'prompt_strategy' | 'model' | 'qa_status' | 'status';
  dir?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/** Where a record stored by reference sits, and the file state it was read from. */
export interface RawRef {
  path: string;
  offset: number;
  length: number;
  kind: string;
  size: number;
  mtime_ms: number;
  ino: number;
  byte_offset: number;
  head_hash: string | null;
}

/** One run as stored: its row, its record (or how to get it), its raw text or reference, its events. */
export interface StoredRun {
  row: RunRow;
  line: number;
  /** The canonical record's JSON; null: the raw text is the canonical record. */
  recordText: string | null;
  /** The raw text kept by value; null when stored by reference. */
  rawText: string | null;
  rawRef: RawRef | null;
  events: EventRecord[];
  /** The canonical record rebuilt from the stored columns (for when the raw text is unavailable). */
  recordFromColumns(): RunRecord;
}

export type TunableValues = Partial<Record<TunableField, string | number>>;

/** Reads of runs. */
/** RunStore as the SQLite implementation has it: synchronous. */
export interface RunStoreSync {
  /** One page of a project's runs, filtered and sorted as the runs view asks, with the total. */
  list(query: RunsPage): { total: number; rows: RunRow[] };
  /** Distinct filter values of a project's runs. */
  facets(projectId: string): { mode: string[]; prompt_strategy: string[]; model: string[]; status: string[] };
  /** One stored run; null when unknown. */
  get(projectId: string, runId: string): StoredRun | null;
  /** For each tunable field its value in the project's most recent run that recorded it; null without runs. */
  latestSettings(projectId: string): TunableValues | null;
  /** Facts of the project's runs started at or after `sinceMs` whose `field` equals `value` (the ledger's realised effect). */
  factsSince(projectId: string, sinceMs: number, field: TunableField, value: string | number): Iterable<RunFacts>;
  /** Facts of every run of a project (the fold's rebuild path). */
  factsOfProject(projectId: string): Iterable<RunFacts>;
  /** Projects with runs in the runs table itself (not the aggregates). */
  projectsWithRuns(): string[];
  /** Runs with rounds, grouped by (rounds, own max_rounds, status, QA, stop_reason names the limit): the rounds rule's censoring. */
  roundsOutcomes(projectId: string): RoundsOutcomeRow[];
  /** Number of runs stored. */
  count(): number;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type RunStore = Async<RunStoreSync>;

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

function listRuns(db: Db, q: RunsPage): { total: number; rows: RunRow[] } {
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
  const sort = SORT_COLUMNS[q.sort ?? 'started_at'];
  if (!sort) throw new Error(`listRuns: unknown sort ${String(q.sort)}`);
  const rows = db
    .prepare(`SELECT ${ROW_COLUMNS} FROM runs r JOIN sources s ON s.id = r.source_id WHERE ${w} ORDER BY ${sort} ${dir}, r.id ${dir} LIMIT ? OFFSET ?`)
    .all(...args, q.limit ?? 200, q.offset ?? 0) as RunRow[];
  return { total, rows };
}

function runFacets(db: Db, projectId: string): { mode: string[]; prompt_strategy: string[]; model: string[]; status: string[] } {
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

const bool = (v: number | null) => (v == null ? undefined : v === 1);
/** Drops null columns so the rebuilt record has the shape of a parsed one. */
function defined<T extends Record<string, unknown>>(o: T): T {
  for (const k in o) if (o[k] == null) delete o[k];
  return o;
}

/** The canonical record rebuilt from the stored columns and child rows (fields RunBrain does not know are not stored). */
function recordFromColumns(db: Db, pk: number): RunRecord {
  const r = db.prepare(`SELECT run_id, project_id, started_at, ended_at, duration_s, mode, prompt_strategy, prompt_version, model, recipe,
    max_rounds, rounds_completed, max_cost_usd, total_cost_usd, tokens_in, tokens_out, qa_status, status, task_id, stop_reason, auto_tuned
    FROM runs WHERE id = ?`).get(pk) as Record<string, unknown>;
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

function getRun(db: Db, projectId: string, runId: string): StoredRun | null {
  const row = db
    .prepare(`SELECT ${ROW_COLUMNS}, r.id AS pk, r.record, r.raw, r.raw_offset, r.raw_length, r.line, s.kind, s.size, s.mtime_ms, s.ino,
      s.byte_offset, s.head_hash FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ? AND r.run_id = ?`)
    .get(projectId, runId) as (RunRow & Omit<RawRef, 'path' | 'offset' | 'length'> & { pk: number; record: string | null; raw: string | null;
      raw_offset: number | null; raw_length: number | null; line: number }) | undefined;
  if (!row) return null;
  const events = (
    db.prepare(`SELECT e.id, e.run_id, s.path AS file, e.line, e.type, e.at, e.data FROM events e JOIN sources s ON s.id = e.source_id
      WHERE e.project_id = ? AND e.run_id = ? ORDER BY e.at, e.id`).all(projectId, runId) as EventRow[]
  ).map(parseEvent);
  const runRow: RunRow = {
    run_id: row.run_id, project_id: row.project_id, started_at: row.started_at, mode: row.mode, prompt_strategy: row.prompt_strategy,
    prompt_version: row.prompt_version, model: row.model, rounds_completed: row.rounds_completed, max_rounds: row.max_rounds,
    total_cost_usd: row.total_cost_usd, duration_s: row.duration_s, qa_status: row.qa_status, status: row.status, file: row.file,
  };
  const rawRef: RawRef | null = row.raw_offset == null ? null : {
    path: row.file, offset: row.raw_offset, length: row.raw_length ?? 0, kind: row.kind, size: row.size, mtime_ms: row.mtime_ms, ino: row.ino,
    byte_offset: row.byte_offset, head_hash: row.head_hash,
  };
  return { row: runRow, line: row.line, recordText: row.record, rawText: rawRef ? null : row.raw, rawRef, events, recordFromColumns: () => recordFromColumns(db, row.pk) };
}

/**
 * The settings the project's runs use now: for each tunable field, its value in the most
 * recent run (by started_at, then by ingest order) that recorded it. Null when the project has no runs.
 */
function latestRunSettings(db: Db, projectId: string): TunableValues | null {
  const any = db.prepare('SELECT 1 FROM runs WHERE project_id = ? LIMIT 1').get(projectId);
  if (!any) return null;
  const out: TunableValues = {};
  for (const f of TUNABLE_FIELDS) {
    // Dated runs first, walking the (project_id, started_ms) index backwards so the newest run
    // that recorded the field is found without sorting the project; undated runs only as a fallback.
    const dated = db
      .prepare(`SELECT ${f} FROM runs WHERE project_id = ? AND started_ms IS NOT NULL AND ${f} IS NOT NULL ORDER BY started_ms DESC, id DESC LIMIT 1`)
      .pluck()
      .get(projectId) as string | number | undefined;
    const v =
      dated ??
      (db
        .prepare(`SELECT ${f} FROM runs WHERE project_id = ? AND started_ms IS NULL AND ${f} IS NOT NULL ORDER BY id DESC LIMIT 1`)
        .pluck()
        .get(projectId) as string | number | undefined);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

export class SqliteRunStore implements RunStoreSync {
  constructor(private readonly db: Db) {}

  list(query: RunsPage): { total: number; rows: RunRow[] } {
    return listRuns(this.db, query);
  }

  facets(projectId: string) {
    return runFacets(this.db, projectId);
  }

  get(projectId: string, runId: string): StoredRun | null {
    return getRun(this.db, projectId, runId);
  }

  latestSettings(projectId: string): TunableValues | null {
    return latestRunSettings(this.db, projectId);
  }

  factsSince(projectId: string, sinceMs: number, field: TunableField, value: string | number): Iterable<RunFacts> {
    if (!(TUNABLE_FIELDS as readonly string[]).includes(field)) throw new Error(`factsSince: unknown field ${String(field)}`);
    const dated = this.db.prepare(`SELECT id, ${RUN_FACTS_COLUMNS} FROM runs WHERE project_id = ? AND ${field} = ? AND (started_ms, id) > (?, ?) ORDER BY started_ms, id LIMIT ?`).raw();
    return factsInIndexOrder(null, dated, [projectId, value], sinceMs);
  }

  roundsOutcomes(projectId: string): RoundsOutcomeRow[] {
    return loadRoundsOutcomes(this.db, projectId);
  }

  factsOfProject(projectId: string): Iterable<RunFacts> {
    const undated = this.db.prepare(`SELECT id, ${RUN_FACTS_COLUMNS} FROM runs WHERE project_id = ? AND started_ms IS NULL AND id > ? ORDER BY id LIMIT ?`).raw();
    const dated = this.db.prepare(`SELECT id, ${RUN_FACTS_COLUMNS} FROM runs WHERE project_id = ? AND (started_ms, id) > (?, ?) ORDER BY started_ms, id LIMIT ?`).raw();
    return factsInIndexOrder(undated, dated, [projectId]);
  }

  projectsWithRuns(): string[] {
    return this.db.prepare('SELECT DISTINCT project_id FROM runs ORDER BY project_id').pluck().all() as string[];
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM runs').pluck().get() as number;
  }
}
