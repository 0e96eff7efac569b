/**
 * The per-run facts the experiments engine reads, for one project: the factor columns, cost, QA,
 * duration, tokens, retries (summed over steps), rating (feedback.overall_rating), whether a human
 * overrode a gate, and the task key (`task_id`, else `extra.task_id` / `instance_id` / `case_id` /
 * `task`): columns the writer derives at insert (shared/experiment-facts.ts, migration 7).
 * The row shape matches the engine's `ExperimentRun` structurally; the store imports no engine code.
 */
import { parseCustomFactors } from '../../shared/custom-factors';
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
  number | null, string | null, number | null, number | null, number | null, number | null, number | null, string | null];

const QA = new Set<string>(['passed', 'warning', 'failed']);

/**
 * Every run of a project with the facts experiments need, oldest first (the columns of migration
 * 7); with `sinceMs`, only the dated runs started at or after it.
 */
export function loadExperimentRuns(db: Db, projectId: string, sinceMs?: number): ExperimentRunRow[] {
  const since = sinceMs === undefined ? '' : ' AND r.started_ms >= ?';
  const sql = `SELECT r.run_id, r.started_ms, r.mode, r.prompt_strategy, r.model, r.prompt_version, r.recipe, r.task_key,
      r.total_cost_usd, r.qa_status, r.duration_s, r.tokens_total, r.retries_total, r.rating, r.human_override, r.custom_factors
    FROM runs r WHERE r.project_id = ?${since} ORDER BY r.started_ms IS NULL, r.started_ms, r.id`;
  const stmt = db.prepare(sql).raw();
  const rows = (sinceMs === undefined ? stmt.all(projectId) : stmt.all(projectId, sinceMs)) as Row[];
  return rows.map((r) => ({
    run_id: r[0], started_ms: r[1],
    // The user-named factors' values (as stored at ingest) beside the columns; a name never shadows a column.
    factors: r[15] == null ? { mode: r[2], prompt_strategy: r[3], model: r[4], prompt_version: r[5], recipe: r[6] }
      : { ...parseCustomFactors(r[15]), mode: r[2], prompt_strategy: r[3], model: r[4], prompt_version: r[5], recipe: r[6] },
    task_id: r[7], cost_usd: r[8], qa: r[9] != null && QA.has(r[9]) ? (r[9] as ExperimentQa) : null, duration_s: r[10],
    tokens: r[11], retries: r[12], rating: r[13], human_override: r[14] == null ? null : r[14] === 1,
  }));
}
