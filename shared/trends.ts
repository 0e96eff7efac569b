/**
 * The dashboard's time series for a date range (issue 11 §5): per-day or per-week runs, spend
 * and QA pass rate, the range's totals, and a breakdown by model / prompt version / strategy.
 * Ranges are whole UTC days ending at the project's latest run (not the wall clock), so old logs
 * read the same whenever they are opened.
 */
export const TREND_RANGES = ['7d', '30d', '90d', 'all', 'custom'] as const;
export type TrendRange = (typeof TREND_RANGES)[number];
export type TrendBucket = 'day' | 'week';
export const BREAKDOWN_FACTORS = ['model', 'prompt_version', 'prompt_strategy'] as const;
export type BreakdownFactor = (typeof BREAKDOWN_FACTORS)[number];

/** Runs, spend and QA outcomes of a set of runs. */
export interface TrendStats {
  runs: number;
  /** Runs with a recorded cost, and their total. */
  cost_n: number;
  total_cost: number;
  avg_cost: number | null;
  /** Runs with a QA outcome, and how many passed. */
  qa_n: number;
  passes: number;
  qa_pass_rate: number | null;
  /** 95 % Wilson interval. */
  qa_pass_rate_ci: [number, number] | null;
}

/** One day or week (its first day, YYYY-MM-DD; weeks start on Monday, UTC). */
export interface TrendPoint extends TrendStats {
  start: string;
}

export interface BreakdownRow extends TrendStats {
  /** The factor's value; null for runs that did not record it. */
  value: string | null;
}

export interface TrendsResult {
  project_id: string;
  range: TrendRange;
  bucket: TrendBucket;
  /** First and last UTC day of the range (inclusive); null when the project has no dated runs. */
  from: string | null;
  to: string | null;
  latest_run_at: string | null;
  points: TrendPoint[];
  totals: TrendStats;
  breakdown: Record<BreakdownFactor, BreakdownRow[]>;
}
