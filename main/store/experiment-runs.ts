/**
 * The per-run facts the experiments engine reads, for one project: the factor columns, cost, QA,
 * duration, tokens, retries (summed over steps), rating (feedback.overall_rating), whether a human
 * overrode a gate, and the task key — the `runs.task_id` column when the schema has it, else the
 * stored canonical record's `task_id` (or its `extra.task_id` / `instance_id` / `case_id` / `task`).
 * The row shape matches the engine's `ExperimentRun` structurally; the store imports no engine code.
 */
import type { Db } from './db';

export type ExperimentQa = 'passed' | 'warning' | 'failed';

/** One run's facts for experiments (structurally the engine's ExperimentRun). */
export interface ExperimentRunRow {
  run_id: string;
  started_ms: number | null;
  factors: Record<string, string | null>;
  task_id: string | null;
  cost_usd: number | null;
  qa: ExperimentQa | null;
  duration_s: number | null;
  tokens: number | null;
  retries: number | null;
  rating: number | null;
  human_override: boolean | null;
}

type Row = [string, number | null, string | null, string | null, string | null, string | null, string | null, string | null,
  number | null, string | null, number | null, number | null, number | null, number | null, number | null];

/** The stored JSON of a run, when it is valid JSON (raw may be NULL or '' when stored by reference). */
const STORED_JSON = "CASE WHEN json_valid(COALESCE(r.record, r.raw)) THEN COALESCE(r.record, r.raw) END";

function taskExpression(db: Db): string {
  const hasColumn = db.prepare("SELECT 1 FROM pragma_table_info('runs') WHERE name = 'task_id'").pluck().get() != null;
  const fromRecord = `COALESCE(${['$.task_id', '$.extra.task_id', '$.extra.instance_id', '$.extra.case_id', '$.extra.task']
    .map((p) => `json_extract(${STORED_JSON}, '${p}')`).join(', ')})`;
  // A numeric task key in JSON comes back as a number: keep keys as text so they compare alike.
  return hasColumn ? `COALESCE(r.task_id, CAST(${fromRecord} AS TEXT))` : `CAST(${fromRecord} AS TEXT)`;
}

const QA = new Set<string>(['passed', 'warning', 'failed']);

/** What the experiments engine reads from the store. */
export interface ExperimentStore {
  /** Every run of a project with the facts experiments need, oldest first. */
  runs(projectId: string): ExperimentRunRow[];
}

/** The SQLite implementation. */
export class SqliteExperimentStore implements ExperimentStore {
  constructor(private readonly db: Db) {}

  runs(projectId: string): ExperimentRunRow[] {
    return loadExperimentRuns(this.db, projectId);
  }
}

/** Every run of a project with the facts experiments need, oldest first. */
export function loadExperimentRuns(db: Db, projectId: string): ExperimentRunRow[] {
  const sql = `SELECT r.run_id, r.started_ms, r.mode, r.prompt_strategy, r.model, r.prompt_version, r.recipe, ${taskExpression(db)},
      r.total_cost_usd, r.qa_status, r.duration_s,
      CASE WHEN r.tokens_in IS NULL AND r.tokens_out IS NULL THEN (SELECT SUM(s.tokens) FROM steps s WHERE s.run_pk = r.id)
           ELSE COALESCE(r.tokens_in, 0) + COALESCE(r.tokens_out, 0) END,
      (SELECT SUM(s.retries) FROM steps s WHERE s.run_pk = r.id),
      json_extract(${STORED_JSON}, '$.feedback.overall_rating'),
      (SELECT MAX(g.human_override) FROM gates g WHERE g.run_pk = r.id)
    FROM runs r WHERE r.project_id = ? ORDER BY r.started_ms IS NULL, r.started_ms, r.id`;
  const rows = db.prepare(sql).raw().all(projectId) as Row[];
  return rows.map((r) => ({
    run_id: r[0], started_ms: r[1],
    factors: { mode: r[2], prompt_strategy: r[3], model: r[4], prompt_version: r[5], recipe: r[6] },
    task_id: r[7], cost_usd: r[8], qa: r[9] != null && QA.has(r[9]) ? (r[9] as ExperimentQa) : null, duration_s: r[10],
    tokens: r[11], retries: r[12], rating: typeof r[13] === 'number' ? r[13] : null, human_override: r[14] == null ? null : r[14] === 1,
  }));
}
