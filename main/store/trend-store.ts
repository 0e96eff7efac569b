/**
 * Range reads for the dashboard's time series (`getTrends`): per-UTC-day totals and per-factor
 * totals of a project's dated runs between two times, on the (project_id, started_ms) index.
 * Sums only; the folding into days / weeks and the intervals are in engine/trends.ts.
 */
import type { BreakdownFactor } from '../../shared/trends';
import type { Db } from './db';
import type { Async } from './async-boundary';

/** Sums of one group of runs. */
export interface RunTotalsRow {
  /** UTC day number (started_ms / 86 400 000), or the factor's value. */
  key: number | string | null;
  runs: number;
  cost_n: number;
  total_cost: number;
  qa_n: number;
  passes: number;
}

/** TrendStore as the SQLite implementation has it: synchronous. */
export interface TrendStoreSync {
  /** Start times of the project's first and latest dated runs (null without dated runs). */
  span(projectId: string): { first_ms: number | null; last_ms: number | null };
  /** Totals per UTC day of runs started in [fromMs, toMs), in day order. */
  dailyTotals(projectId: string, fromMs: number, toMs: number): RunTotalsRow[];
  /** Totals per value of a factor of runs started in [fromMs, toMs). */
  factorTotals(projectId: string, factor: BreakdownFactor, fromMs: number, toMs: number): RunTotalsRow[];
}

/** The boundary interface: each method one asynchronous unit of work. */
export type TrendStore = Async<TrendStoreSync>;

const SUMS = `COUNT(*) AS runs, COUNT(total_cost_usd) AS cost_n, COALESCE(SUM(total_cost_usd), 0) AS total_cost,
  COUNT(qa_status) AS qa_n, COALESCE(SUM(qa_status = 'passed'), 0) AS passes`;
const FACTOR_COLUMNS: Record<BreakdownFactor, string> = { model: 'model', prompt_version: 'prompt_version', prompt_strategy: 'prompt_strategy' };

export class SqliteTrendStore implements TrendStoreSync {
  private readonly s;
  constructor(db: Db) {
    const byFactor = (col: string) =>
      db.prepare(`SELECT ${col} AS key, ${SUMS} FROM runs WHERE project_id = ? AND started_ms >= ? AND started_ms < ? GROUP BY ${col} ORDER BY runs DESC, key`);
    this.s = {
      span: db.prepare('SELECT MIN(started_ms) AS first_ms, MAX(started_ms) AS last_ms FROM runs WHERE project_id = ? AND started_ms IS NOT NULL'),
      daily: db.prepare(`SELECT started_ms / 86400000 AS key, ${SUMS} FROM runs WHERE project_id = ? AND started_ms >= ? AND started_ms < ? GROUP BY key ORDER BY key`),
      factor: Object.fromEntries(Object.entries(FACTOR_COLUMNS).map(([f, col]) => [f, byFactor(col)])) as Record<BreakdownFactor, ReturnType<typeof byFactor>>,
    };
  }

  span(projectId: string): { first_ms: number | null; last_ms: number | null } {
    return this.s.span.get(projectId) as { first_ms: number | null; last_ms: number | null };
  }

  dailyTotals(projectId: string, fromMs: number, toMs: number): RunTotalsRow[] {
    return this.s.daily.all(projectId, fromMs, toMs) as RunTotalsRow[];
  }

  factorTotals(projectId: string, factor: BreakdownFactor, fromMs: number, toMs: number): RunTotalsRow[] {
    const stmt = this.s.factor[factor];
    if (!stmt) throw new Error(`factorTotals: unknown factor ${String(factor)}`);
    return stmt.all(projectId, fromMs, toMs) as RunTotalsRow[];
  }
}
