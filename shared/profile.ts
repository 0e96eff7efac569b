/** A project's statistical profile: per-arm statistics, the weekly trend, the cost histogram. */
import type { ProvisionalMark } from './provisional';

export type Confidence = 'high' | 'medium' | 'low';
export const CONFIDENCE_ORDER: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** A proportion with its 95 % Wilson score interval. */
export interface Rate {
  successes: number;
  n: number;
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/** Statistics of one arm of a factor (one mode, one strategy, one model, one prompt version). */
export interface ArmStats {
  arm: string;
  runs_count: number;
  /** Runs with a recorded cost > 0 (the log-cost tests use only these). */
  cost_n: number;
  avg_cost: number | null;
  median_cost: number | null;
  min_cost: number | null;
  max_cost: number | null;
  p95_cost: number | null;
  /** exp(mean(log cost)): the centre the "cheaper" test compares. */
  geo_mean_cost: number | null;
  /** Total cost of the arm / number of passed runs. */
  cost_per_passed_run: number | null;
  avg_duration: number | null;
  avg_rounds_used: number | null;
  qa_pass_rate: number | null;
  qa_pass_rate_ci: [number, number] | null;
  qa_passed: number;
  qa_warning: number;
  qa_failed: number;
  /** Runs without a QA outcome: not counted in the pass rate. */
  qa_unknown: number;
  /** 0.7·qa_pass_rate + 0.3·(cheapest_median_cost / median_cost); null when not comparable. */
  score: number | null;
}

export type ModeStats = ArmStats & { mode: string };
export type StrategyStats = ArmStats & { strategy: string };
export type ModelStats = ArmStats & { model: string };
export type PromptVersionStats = ArmStats & { prompt_version: string };

export interface WeekPoint {
  /** Monday of the ISO week, YYYY-MM-DD (UTC). */
  week_start: string;
  runs: number;
  qa_pass_rate: number | null;
  qa_pass_rate_ci: [number, number] | null;
  avg_cost: number | null;
}

export interface ProjectProfile {
  project_id: string;
  runs_count: number;
  /** Present while the profile comes from a first ingest's provisional fold, before its rows are stored. */
  provisional?: ProvisionalMark;
  modes: Record<string, ModeStats>;
  preferred_mode: string | null;
  min_cost: number | null;
  median_cost: number | null;
  max_cost: number | null;
  avg_cost: number | null;
  p95_cost: number | null;
  cost_per_passed_run: number | null;
  avg_rounds_used: number | null;
  max_rounds_completed: number | null;
  rounds_distribution: Record<string, number>;
  /** Share of runs (with both fields) whose rounds_completed reached their max_rounds. */
  hit_max_rounds_rate: number | null;
  strategies: Record<string, StrategyStats>;
  preferred_strategy: string | null;
  models: Record<string, ModelStats>;
  preferred_model: string | null;
  prompt_versions: Record<string, PromptVersionStats>;
  overall_qa_pass_rate: number | null;
  overall_qa_pass_rate_ci: [number, number] | null;
  qa_passed: number;
  qa_warning: number;
  qa_failed: number;
  qa_unknown: number;
  sufficient_data: boolean;
  min_runs_for_recommendations: number;
  /**
   * Cost per run over every run with a cost: equal-width buckets [lo, hi) with "nice" edges
   * (at most 30) from the cheapest run to about p99, then, when the dearest runs lie far beyond
   * p99, one last bucket with `overflow: true` holding every run ≥ lo (its hi = max_cost).
   * Counts sum to the runs with a cost and are exact up to the 0.1 % cost-bin resolution.
   * Empty when no run has a cost; one bucket lo = hi when all costs are equal.
   */
  cost_histogram: Array<{ lo: number; hi: number; count: number; overflow?: boolean }>;
  weekly_trend: WeekPoint[];
  first_run_at: string | null;
  last_run_at: string | null;
  /** How medians and p95 were computed, said plainly for the UI. */
  quantile_method: string;
}
