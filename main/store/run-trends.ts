/**
 * Range reads for the dashboard's time series: per-UTC-day totals and per-factor totals of a
 * project's dated runs between two times, on the (project_id, started_ms) index.
 */
import type { BreakdownFactor } from '../../shared/trends';
import type { Db } from './db';

/** Sums of one group of runs, as the engine folds them. */
export interface RunTotalsRow {
  /** UTC day number (started_ms / 86 400 000), or the factor's value. */
  key: number | string | null;
  runs: number;
  cost_n: number;
  total_cost: number;
  qa_n: number;
  passes: number;
}

const SUMS = `COUNT(*) AS runs, COUNT(total_cost_usd) AS cost_n, COALESCE(SUM(total_cost_usd), 0) AS total_cost,
  COUNT(qa_status) AS qa_n, COALESCE(SUM(qa_status = 'passed'), 0) AS passes`;
const FACTOR_COLUMNS: Record<BreakdownFactor, string> = { model: 'model', prompt_version: 'prompt_version', prompt_strategy: 'prompt_strategy' };

/** Start time of the project's latest dated run, or null. */
export function latestStartedMs(db: Db, projectId: string): number | null {
  return (db.prepare('SELECT MAX(started_ms) FROM runs WHERE project_id = ? AND started_ms IS NOT NULL').pluck().get(projectId) as number | null) ?? null;
}

/** Start time of the project's first dated run, or null. */
export function earliestStartedMs(db: Db, projectId: string): number | null {
  return (db.prepare('SELECT MIN(started_ms) FROM runs WHERE project_id = ? AND started_ms IS NOT NULL').pluck().get(projectId) as number | null) ?? null;
}

/** Totals per UTC day of runs started in [fromMs, toMs). */
export function readDailyTotals(db: Db, projectId: string, fromMs: number, toMs: number): RunTotalsRow[] {
  return db
    .prepare(`SELECT started_ms / 86400000 AS key, ${SUMS} FROM runs WHERE project_id = ? AND started_ms >= ? AND started_ms < ? GROUP BY key ORDER BY key`)
    .all(projectId, fromMs, toMs) as RunTotalsRow[];
}

/** Totals per value of a factor of runs started in [fromMs, toMs). */
export function readFactorTotals(db: Db, projectId: string, factor: BreakdownFactor, fromMs: number, toMs: number): RunTotalsRow[] {
  const col = FACTOR_COLUMNS[factor];
  if (!col) throw new Error(`readFactorTotals: unknown factor ${String(factor)}`);
  return db
    .prepare(`SELECT ${col} AS key, ${SUMS} FROM runs WHERE project_id = ? AND started_ms >= ? AND started_ms < ? GROUP BY ${col} ORDER BY runs DESC, key`)
    .all(projectId, fromMs, toMs) as RunTotalsRow[];
}
