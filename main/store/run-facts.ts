/** The runs columns the aggregate fold reads, as one row shape for every query that hands facts out. */
import type { RunFacts } from '../../shared/aggregates';
import { parseCustomFactors } from '../../shared/custom-factors';
import type { Statement } from 'better-sqlite3';
import type { QaStatus } from '../../shared/run-record';

export const RUN_FACTS_COLUMNS =
  'project_id, started_ms, mode, prompt_strategy, model, prompt_version, total_cost_usd, duration_s, rounds_completed, max_rounds, qa_status, task_id, recipe, task_key, tokens_total, retries_total, rating, human_override, custom_factors, status, stop_reason';

/** A `.raw()` row of RUN_FACTS_COLUMNS. */
export type FactsRow = [string, number | null, string | null, string | null, string | null, string | null, number | null, number | null,
  number | null, number | null, QaStatus | null, string | null, string | null, string | null, number | null, number | null, number | null,
  number | null, string | null, string | null, string | null];

export function factsOfRow(r: FactsRow): RunFacts {
  return {
    project_id: r[0], started_ms: r[1], mode: r[2], prompt_strategy: r[3], model: r[4], prompt_version: r[5], total_cost_usd: r[6],
    duration_s: r[7], rounds_completed: r[8], max_rounds: r[9], qa_status: r[10], task_id: r[11],
    recipe: r[12], task_key: r[13], tokens: r[14], retries: r[15], rating: r[16], human_override: r[17] == null ? null : r[17] === 1,
    custom: parseCustomFactors(r[18]), status: r[19], stop_reason: r[20],
  };
}

/** Maps rows lazily: a project of a million runs is never held as one array. */
/** Rows per query of a facts stream. */
const FACTS_BATCH = 5000;

/**
 * The facts of the rows `stmt` selects, read FACTS_BATCH at a time by primary key (`stmt` selects
 * `id` first and ends with `id > ? ORDER BY id LIMIT ?`), so that no statement stays open between
 * pulls: the stream is read through the async boundary, where other units may run in between.
 */
export function* factsInBatches(stmt: Statement, params: readonly unknown[]): Iterable<RunFacts> {
  for (let after = -1; ;) {
    const rows = stmt.all(...params, after, FACTS_BATCH) as [number, ...FactsRow][];
    for (const r of rows) yield factsOfRow(r.slice(1) as FactsRow);
    if (rows.length < FACTS_BATCH) return;
    after = rows[rows.length - 1][0];
  }
}
