/**
 * The shapes of the ingest-time aggregates: what a run contributes (RunFacts) and the rows the
 * store persists (ProjectAggregates). Plain data shared by the fold (engine, run from ingest),
 * the store (persists rows, no statistics) and the analysis (reads them).
 */
import { FACTORS, type Factor, type QaStatus } from './run-record';

/** What the fold needs from a run: the normalized columns, nothing else. */
export interface RunFacts {
  project_id: string;
  started_ms: number | null;
  mode: string | null;
  prompt_strategy: string | null;
  model: string | null;
  prompt_version: string | null;
  total_cost_usd: number | null;
  duration_s: number | null;
  rounds_completed: number | null;
  max_rounds: number | null;
  qa_status: QaStatus | null;
  /** The task the run attempted (paired comparisons; absent = unknown); not aggregated yet. */
  task_id?: string | null;
  /** What the experiments' sums read besides (absent = unknown; see shared/experiment-facts.ts). */
  recipe?: string | null;
  task_key?: string | null;
  tokens?: number | null;
  retries?: number | null;
  rating?: number | null;
  human_override?: boolean | null;
  /** The user-named factors' values at ingest (shared/custom-factors.ts; absent = none). */
  custom?: Record<string, string> | null;
}

export interface ArmAggregate {
  n: number;
  cost_n: number;
  sum_cost: number;
  /** Sums over runs with cost > 0 (log cost is what the tests compare). */
  log_n: number;
  sum_log_cost: number;
  sum_log_cost2: number;
  min_cost: number | null;
  max_cost: number | null;
  sum_duration: number;
  duration_n: number;
  sum_rounds: number;
  rounds_n: number;
  qa_passed: number;
  qa_warning: number;
  qa_failed: number;
  /** Over runs with both a cost and a QA outcome: their count, Σ cost and passes (cost per passed run over the same runs). */
  qa_cost_n: number;
  qa_cost_sum: number;
  qa_cost_passed: number;
  first_ms: number | null;
  last_ms: number | null;
  /** bin → [count, sum of values]. */
  cost_bins: Map<number, [number, number]>;
}

export interface RoundsAggregate {
  rounds: number;
  n: number;
  /** Runs at this rounds count that reached their own max_rounds. */
  hit_max_n: number;
  /** Runs at this rounds count that recorded a max_rounds at all. */
  with_limit_n: number;
}

export interface WeekAggregate {
  week_start: string;
  n: number;
  qa_passed: number;
  qa_n: number;
  sum_cost: number;
  cost_n: number;
}

/** One project's aggregates: the overall arm, each factor's arms, rounds and weekly buckets. */
export interface ProjectAggregates {
  project_id: string;
  overall: ArmAggregate;
  factors: Record<Factor, Map<string, ArmAggregate>>;
  rounds: Map<number, RoundsAggregate>;
  weeks: Map<string, WeekAggregate>;
}

export function emptyArm(): ArmAggregate {
  return {
    n: 0, cost_n: 0, sum_cost: 0, log_n: 0, sum_log_cost: 0, sum_log_cost2: 0, min_cost: null, max_cost: null,
    sum_duration: 0, duration_n: 0, sum_rounds: 0, rounds_n: 0, qa_passed: 0, qa_warning: 0, qa_failed: 0,
    qa_cost_n: 0, qa_cost_sum: 0, qa_cost_passed: 0, first_ms: null, last_ms: null, cost_bins: new Map(),
  };
}

export function emptyProject(project_id: string): ProjectAggregates {
  const factors = {} as Record<Factor, Map<string, ArmAggregate>>;
  for (const f of FACTORS) factors[f] = new Map();
  return { project_id, overall: emptyArm(), factors, rounds: new Map(), weeks: new Map() };
}
