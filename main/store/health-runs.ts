/**
 * What project health reads from the store: the recent window (the last ≤ 2 000 dated runs with
 * the columns health needs and their steps), daily buckets of the whole history, and the changes
 * the store knows of (ledger entries, the first run of each mode / strategy / model / prompt
 * version from the aggregates).
 */
import { bucketsFromRuns } from '../engine/health/bucket-fold';
import { type DailyBucket, mergeBuckets } from '../engine/health/daily-buckets';
import type { ChangeEvent, HealthRun, HealthStep, ScopedBuckets } from '../engine/health/types';
import type { QaStatus, RunStatus } from '../../shared/run-record';
import type { Db } from './db';

type RunRow = [
  number, string, number, string | null, string | null, number | null, number | null, number | null, number | null,
  string | null, string | null, string | null, string | null, string | null, number | null,
];

const RUN_COLUMNS = `r.id, r.run_id, r.started_ms, r.qa_status, r.status, r.total_cost_usd, r.duration_s, r.tokens_in, r.tokens_out,
  r.model, r.prompt_version, r.prompt_strategy, r.mode, r.recipe,
  json_extract(COALESCE(r.record, r.raw), '$.feedback.overall_rating')`;

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

/** The last `limit` dated runs of a project (by start time), oldest first. */
export function readRecentHealthRuns(db: Db, projectId: string, limit = 2000): HealthRun[] {
  const runs = readRuns(
    db,
    `r.id IN (SELECT id FROM runs WHERE project_id = ? AND started_ms IS NOT NULL ORDER BY started_ms DESC, id DESC LIMIT ?)`,
    [projectId, limit],
  );
  return runs.sort((a, b) => a.started_ms - b.started_ms || (a.run_id < b.run_id ? -1 : 1));
}

/**
 * Daily buckets of a project's whole dated history (project, agents, task types), folded in
 * batches of runs. The fold is the one the store should keep at ingest (`runBucketFacts`);
 * until it does, this reads every run once.
 */
export function readHealthDailyBuckets(db: Db, projectId: string, batch = 20_000): ScopedBuckets[] {
  const count = (db.prepare('SELECT COUNT(*) FROM runs WHERE project_id = ? AND started_ms IS NOT NULL').pluck().get(projectId) as number) ?? 0;
  if (count <= batch) return bucketsFromRuns(readRuns(db, 'r.project_id = ? AND r.started_ms IS NOT NULL', [projectId]));
  // Large projects: fold pk ranges and merge per scope and day (buckets are sums).
  const parts: ScopedBuckets[][] = [];
  const pkRows = db.prepare('SELECT id FROM runs WHERE project_id = ? AND started_ms IS NOT NULL ORDER BY id').pluck().all(projectId) as number[];
  for (let i = 0; i < pkRows.length; i += batch) {
    const lo = pkRows[i];
    const hi = pkRows[Math.min(pkRows.length, i + batch) - 1];
    // `+r.project_id`: walk the primary-key range, not the project index (which would scan the
    // whole project once per batch).
    parts.push(bucketsFromRuns(readRuns(db, 'r.id BETWEEN ? AND ? AND +r.project_id = ? AND r.started_ms IS NOT NULL', [lo, hi, projectId])));
  }
  return mergeScoped(parts.flat());
}

function mergeScoped(list: readonly ScopedBuckets[]): ScopedBuckets[] {
  const out = new Map<string, ScopedBuckets[]>();
  for (const s of list) {
    const key = `${s.scope}\u0000${s.value ?? ''}`;
    const have = out.get(key) ?? [];
    have.push(s);
    out.set(key, have);
  }
  return [...out.values()].map((group) => {
    const days = new Map<string, DailyBucket[]>();
    for (const s of group) for (const b of s.buckets) days.set(b.day, [...(days.get(b.day) ?? []), b]);
    const merged = [...days.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([day, bs]) => mergeBuckets(day, bs));
    return { scope: group[0].scope, value: group[0].value, buckets: merged, total: mergeBuckets('all', merged) };
  });
}

/** Ledger entries of a project as changes ("field: before → after", undos named). */
export function readLedgerChanges(db: Db, projectId: string): ChangeEvent[] {
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
export function readFirstSeenChanges(db: Db, projectId: string): ChangeEvent[] {
  const rows = db
    .prepare(`SELECT factor, arm, first_ms FROM agg_arm WHERE project_id = ? AND factor IN ('mode', 'prompt_strategy', 'model', 'prompt_version') AND first_ms IS NOT NULL`)
    .raw()
    .all(projectId) as [ChangeEvent['kind'], string, number][];
  return rows.map(([kind, value, at]) => ({ kind, value, at_ms: at }));
}
