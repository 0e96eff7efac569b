/**
 * What project health reads from the store: the recent window (the last ≤ 2 000 dated runs with
 * the columns health needs and their steps), the whole dated history in batches of runs (the
 * core folds them into daily buckets), and the changes the store knows of (ledger entries, the
 * first run of each mode / strategy / model / prompt version from the aggregates). Rows only:
 * the run shape lives in shared/health-runs.ts, which the health engine takes as it is.
 */
import type { HealthRun, HealthStep } from '../../shared/health-runs';
import type { QaStatus, RunStatus } from '../../shared/run-record';
import type { Db } from './db';
import type { Async } from './async-boundary';

/** One step and one dated run with the columns health reads (shared with the health engine). */
export type HealthStepRow = HealthStep;
export type HealthRunRow = HealthRun;

/** A change the store knows of: a ledger entry, or the first run of a factor's value. */
export interface ChangeRow {
  kind: 'config_change' | 'prompt_version' | 'model' | 'mode' | 'prompt_strategy';
  value: string;
  at_ms: number;
  ref?: number;
}

/** HealthStore as the SQLite implementation has it: synchronous. */
export interface HealthStoreSync {
  /** The last `limit` dated runs of a project (by start time), oldest first. */
  recentRuns(projectId: string, limit?: number): HealthRunRow[];
  /** Every dated run of a project, in batches of at most `batch` runs (by primary-key range: each run once). */
  datedRunBatches(projectId: string, batch?: number): Iterable<HealthRunRow[]>;
  /** Ledger entries of a project as changes ("field: before → after", undos named). */
  ledgerChanges(projectId: string): ChangeRow[];
  /** First run of each mode / strategy / model / prompt version over the whole history (from the aggregates). */
  firstSeenChanges(projectId: string): ChangeRow[];
  /** Dated runs of a project that started in [fromMs, toMs), oldest first (days to refold after a removal). */
  runsBetween(projectId: string, fromMs: number, toMs: number): HealthRunRow[];
  /** The daily buckets kept at ingest (JSON, opaque here), by scope, value and day. */
  buckets(projectId: string): HealthBucketRow[];
  writeBucket(projectId: string, row: HealthBucketRow): void;
  deleteBucket(projectId: string, scope: string, value: string, day: string): void;
  deleteBuckets(projectId: string): void;
  deleteAllBuckets(): void;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type HealthStore = Async<HealthStoreSync>;

/** One stored daily bucket. */
export interface HealthBucketRow {
  scope: string;
  /** '' for the project scope. */
  value: string;
  day: string;
  bucket: string;
}

type ChangeEvent = ChangeRow;

type RunRow = [
  number, string, number, string | null, string | null, number | null, number | null, number | null, number | null,
  string | null, string | null, string | null, string | null, string | null, number | null,
];

const RUN_COLUMNS = `r.id, r.run_id, r.started_ms, r.qa_status, r.status, r.total_cost_usd, r.duration_s, r.tokens_in, r.tokens_out,
  r.model, r.prompt_version, r.prompt_strategy, r.mode, r.recipe, r.rating`;

/** The runs of one query, with steps and error counts, oldest first. */
function readRuns(db: Db, where: string, params: unknown[]): HealthRun[] {
  const rows = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs r WHERE ${where}`).raw().all(...params) as RunRow[];
  if (rows.length === 0) return [];
  const byPk = new Map<number, HealthRun>();
  const out: HealthRun[] = [];
  for (const [pk, runId, started, qa, status, cost, dur, tin, tout, model, pv, ps, mode, recipe, rating] of rows) {
    const run: HealthRun = {
      run_id: runId, started_ms: started, qa_status: qa as QaStatus | null, status: status as RunStatus | null, error_count: 0,
      cost_usd: cost, duration_s: dur, tokens: tin == null && tout == null ? null : (tin ?? 0) + (tout ?? 0),
      retries: null, steps: null, rating: typeof rating === 'number' ? rating : null,
      model, prompt_version: pv, prompt_strategy: ps, mode, recipe, step_list: [],
    };
    byPk.set(pk, run);
    out.push(run);
  }
  // Children of exactly these runs (SQLite builds the IN list once from the same condition).
  const ofRuns = `run_pk IN (SELECT r.id FROM runs r WHERE ${where})`;
  const steps = db
    .prepare(`SELECT run_pk, agent, task_type, duration_s, cost_usd, tokens, retries, success, error_type, error_message
              FROM steps WHERE ${ofRuns} ORDER BY run_pk, idx`)
    .raw()
    .iterate(...params) as Iterable<[number, string | null, string | null, number | null, number | null, number | null, number | null, number | null, string | null, string | null]>;
  for (const [pk, agent, task, dur, cost, tokens, retries, success, et, em] of steps) {
    const run = byPk.get(pk);
    if (!run) continue;
    const step: HealthStep = {
      agent, task_type: task, duration_s: dur, cost_usd: cost, tokens, retries,
      success: success == null ? null : success === 1, has_error: et != null || em != null,
    };
    run.step_list.push(step);
    run.steps = (run.steps ?? 0) + 1;
    if (retries != null) run.retries = (run.retries ?? 0) + retries;
  }
  const errors = db.prepare(`SELECT run_pk, COUNT(*) FROM errors WHERE ${ofRuns} GROUP BY run_pk`).raw().iterate(...params) as Iterable<[number, number]>;
  for (const [pk, n] of errors) {
    const run = byPk.get(pk);
    if (run) run.error_count = n;
  }
  return out;
}

function readRecentHealthRuns(db: Db, projectId: string, limit = 2000): HealthRun[] {
  const runs = readRuns(
    db,
    `r.id IN (SELECT id FROM runs WHERE project_id = ? AND started_ms IS NOT NULL ORDER BY started_ms DESC, id DESC LIMIT ?)`,
    [projectId, limit],
  );
  return runs.sort((a, b) => a.started_ms - b.started_ms || (a.run_id < b.run_id ? -1 : 1));
}

/** Every dated run of a project in pk-range batches. */
function* readDatedBatches(db: Db, projectId: string, batch = 20_000): Iterable<HealthRun[]> {
  const count = (db.prepare('SELECT COUNT(*) FROM runs WHERE project_id = ? AND started_ms IS NOT NULL').pluck().get(projectId) as number) ?? 0;
  if (count <= batch) {
    yield readRuns(db, 'r.project_id = ? AND r.started_ms IS NOT NULL', [projectId]);
    return;
  }
  const pkRows = db.prepare('SELECT id FROM runs WHERE project_id = ? AND started_ms IS NOT NULL ORDER BY id').pluck().all(projectId) as number[];
  for (let i = 0; i < pkRows.length; i += batch) {
    const lo = pkRows[i];
    const hi = pkRows[Math.min(pkRows.length, i + batch) - 1];
    // `+r.project_id`: walk the primary-key range, not the project index (which would scan the
    // whole project once per batch).
    yield readRuns(db, 'r.id BETWEEN ? AND ? AND +r.project_id = ? AND r.started_ms IS NOT NULL', [lo, hi, projectId]);
  }
}

/** Ledger entries of a project as changes ("field: before → after", undos named). */
function readLedgerChanges(db: Db, projectId: string): ChangeEvent[] {
  const rows = db
    .prepare('SELECT id, field, before_value, after_value, applied_ms, undo_of FROM ledger WHERE project_id = ? ORDER BY applied_ms, id')
    .raw()
    .all(projectId) as [number, string, string | null, string | null, number, number | null][];
  const show = (v: string | null): string => (v == null ? '(absent)' : v);
  return rows.map(([id, field, before, after, at, undoOf]) => ({
    kind: 'config_change' as const,
    value: `${field}: ${show(before)} → ${show(after)}${undoOf != null ? ` (undo of #${undoOf})` : ''}`,
    at_ms: at,
    ref: id,
  }));
}

/** First run of each mode / strategy / model / prompt version over the whole history (aggregates). */
function readFirstSeenChanges(db: Db, projectId: string): ChangeEvent[] {
  const rows = db
    .prepare(`SELECT factor, arm, first_ms FROM agg_arm WHERE project_id = ? AND factor IN ('mode', 'prompt_strategy', 'model', 'prompt_version') AND first_ms IS NOT NULL`)
    .raw()
    .all(projectId) as [ChangeEvent['kind'], string, number][];
  return rows.map(([kind, value, at]) => ({ kind, value, at_ms: at }));
}

export class SqliteHealthStore implements HealthStoreSync {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      buckets: db.prepare('SELECT scope, value, day, bucket FROM agg_health WHERE project_id = ? ORDER BY scope, value, day'),
      write: db.prepare('INSERT OR REPLACE INTO agg_health (project_id, scope, value, day, bucket) VALUES (?,?,?,?,?)'),
      delete: db.prepare('DELETE FROM agg_health WHERE project_id = ? AND scope = ? AND value = ? AND day = ?'),
      deleteProject: db.prepare('DELETE FROM agg_health WHERE project_id = ?'),
      deleteAll: db.prepare('DELETE FROM agg_health'),
    };
  }

  runsBetween(projectId: string, fromMs: number, toMs: number): HealthRunRow[] {
    return readRuns(this.db, 'r.project_id = ? AND r.started_ms >= ? AND r.started_ms < ?', [projectId, fromMs, toMs]);
  }

  buckets(projectId: string): HealthBucketRow[] {
    return this.s.buckets.all(projectId) as HealthBucketRow[];
  }

  writeBucket(p: string, r: HealthBucketRow): void {
    this.s.write.run(p, r.scope, r.value, r.day, r.bucket);
  }

  deleteBucket(p: string, scope: string, value: string, day: string): void {
    this.s.delete.run(p, scope, value, day);
  }

  deleteBuckets(p: string): void {
    this.s.deleteProject.run(p);
  }

  deleteAllBuckets(): void {
    this.s.deleteAll.run();
  }

  recentRuns(projectId: string, limit = 2000): HealthRunRow[] {
    return readRecentHealthRuns(this.db, projectId, limit);
  }

  datedRunBatches(projectId: string, batch = 20_000): Iterable<HealthRunRow[]> {
    return readDatedBatches(this.db, projectId, batch);
  }

  ledgerChanges(projectId: string): ChangeRow[] {
    return readLedgerChanges(this.db, projectId);
  }

  firstSeenChanges(projectId: string): ChangeRow[] {
    return readFirstSeenChanges(this.db, projectId);
  }
}
