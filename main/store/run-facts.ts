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

/** Rows per query of a facts stream (streams map rows lazily: a project of a million runs is never held as one array). */
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

/**
 * The same for a project's rows, in the order of its (project_id, started_ms) index: the undated
 * rows by id, then the dated ones by (started_ms, id), each batch one seek into the index. Paging
 * a project by id alone made SQLite sort all its rows again for every batch: a 1 000 000-run
 * project took 200 sorts of a million rows. `undated` (null: none wanted) ends with
 * `started_ms IS NULL AND id > ? ORDER BY id LIMIT ?`, `dated` with
 * `(started_ms, id) > (?, ?) ORDER BY started_ms, id LIMIT ?`; both select `id` first, then
 * RUN_FACTS_COLUMNS. The dated rows start at `fromMs` (after the key (fromMs, −1): ids are ≥ 0).
 */
export function* factsInIndexOrder(undated: Statement | null, dated: Statement, params: readonly unknown[], fromMs = Number.MIN_SAFE_INTEGER): Iterable<RunFacts> {
  if (undated) yield* factsInBatches(undated, params);
  for (let afterMs = fromMs, afterId = -1; ;) {
    const rows = dated.all(...params, afterMs, afterId, FACTS_BATCH) as [number, ...FactsRow][];
    for (const r of rows) yield factsOfRow(r.slice(1) as FactsRow);
    if (rows.length < FACTS_BATCH) return;
    const last = rows[rows.length - 1];
    afterMs = last[2] as number;
    afterId = last[0];
  }
}
