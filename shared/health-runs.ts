/**
 * One run as project health reads it (the store's recent-window query returns these and the
 * health engine takes them): the columns it needs and the run's steps.
 */
import type { QaStatus, RunStatus } from './run-record';

/** One step of a run, as far as health needs it. */
export interface HealthStep {
  agent: string | null;
  task_type: string | null;
  duration_s: number | null;
  cost_usd: number | null;
  tokens: number | null;
  retries: number | null;
  success: boolean | null;
  has_error: boolean;
}

/** One run with the columns health reads (the store's recent-window query returns these). */
export interface HealthRun {
  run_id: string;
  started_ms: number;
  qa_status: QaStatus | null;
  status: RunStatus | null;
  /** Length of the run's `errors[]`. */
  error_count: number;
  cost_usd: number | null;
  duration_s: number | null;
  /** tokens_in + tokens_out when either is recorded. */
  tokens: number | null;
  /** Sum of steps[].retries (null when no step records retries). */
  retries: number | null;
  /** Number of steps (null when the run has no steps[]). */
  steps: number | null;
  /** feedback.overall_rating (1–5). */
  rating: number | null;
  model: string | null;
  prompt_version: string | null;
  prompt_strategy: string | null;
  mode: string | null;
  recipe: string | null;
  step_list: HealthStep[];
}
