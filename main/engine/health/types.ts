/**
 * Types at the boundary of the health engine: what the store hands in (recent runs, daily
 * buckets, changes) and what `computeHealth` returns (the `health` object of `analyze --json`).
 * Times inside the engine are epoch milliseconds; the output carries ISO 8601 UTC strings.
 */
import type { QaStatus, RunStatus } from '../../../shared/run-record';
import type { DailyBucket } from './daily-buckets';

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

/** Daily buckets of one scope: the whole project, or one agent / task type. */
export interface ScopedBuckets {
  scope: 'project' | 'agent' | 'task_type';
  /** The agent or task type; null for the project. */
  value: string | null;
  buckets: DailyBucket[];
  /**
   * Sum of all days, kept beside them by the store (the same fold): "all time" then reads one
   * row instead of merging every day's histogram. Optional; merged from `buckets` when absent.
   */
  total?: DailyBucket;
}

/** Something that changed, which an alert may be linked to. */
export interface ChangeEvent {
  kind: 'config_change' | 'prompt_version' | 'model' | 'mode' | 'recipe' | 'prompt_strategy' | 'error_pattern';
  /** The new value (for a config change: a short description such as `model: a → b`). */
  value: string;
  at_ms: number;
  /** For config changes: the ledger entry id, when known. */
  ref?: string | number;
}

/** A value with its 95 % interval (null bounds when there are too few runs). */
export interface Estimate {
  value: number | null;
  ci95: [number, number] | null;
  n: number;
}

export type Severity = 'info' | 'warning' | 'critical';

/** A linked cause, as in the output. */
export interface LinkedChange {
  kind: ChangeEvent['kind'];
  value: string;
  at: string;
}

/** One health alert (issue 11 §5). */
export interface HealthAlert {
  kind: 'degradation' | 'anomaly' | 'new_error_pattern' | 'agent_unhealthy';
  metric: string;
  /** Which series: `project`, or `model=x`, `prompt_version=v`, `agent=a`. */
  series: string;
  change_at: string;
  /** Interval of the change time: (from, to]; changes in it are linked. */
  change_interval: [string, string];
  detected_at: string;
  before: Estimate;
  after: Estimate;
  relative_change: number | null;
  /** Posterior (or one-sided normal) probability that `after` is worse than `before`. */
  certainty: number;
  severity: Severity;
  method: string;
  /** `ongoing` until a later change brings the metric back. */
  status: 'ongoing' | 'resolved';
  resolved_at: string | null;
  linked: LinkedChange[];
  /** Narrower series that saw the same episode (same metric, overlapping change intervals). */
  also_in: string[];
}

/** A proposed revert (seed 004 `trigger_recovery`), for the recommendation layer (kind "recovery"). */
export interface RecoveryProposal {
  field: 'prompt_version' | 'prompt_strategy' | 'model' | 'mode' | 'recipe';
  from: string;
  to: string;
  /** Index in `health.alerts` of the alert this revert answers first (the most severe). */
  alert_index: number;
  /** Every alert the same revert answers (the project series and sub-series often agree). */
  alert_indices: number[];
  evidence: {
    metric: string;
    change_at: string;
    before: Estimate;
    after: Estimate;
    /** The metric over the window's runs with the bad value and with the proposed value. */
    with_from: Estimate;
    with_to: Estimate;
    runs_with_from_recent: number;
    recent_runs: number;
  };
}

// Slots filled by the error-pattern / agents part of health (issue 11 §3–4), shapes per §5.
/** One mined error pattern. */
export interface ErrorPatternSlot {
  template: string;
  category: string;
  count: number;
  runs: number;
  agents: string[];
  first_seen: string | null;
  last_seen: string | null;
  example: string;
  new: boolean;
}
/** One agent × task type row. */
export interface AgentRowSlot {
  agent: string;
  task_type: string | null;
  runs: number;
  success_rate: number | null;
  success_ci95: [number, number] | null;
  duration_p50: number | null;
  duration_p95: number | null;
  avg_retries: number | null;
}
export interface BestAgentSlot { task_type: string; agent: string; confidence: number }
export interface RetryHotspotSlot { role: string | null; task_type: string | null; avg_retries: number; runs: number }
export interface RecoveryStrategySlot { strategy: string; category: string; attempts: number; success_rate: number | null; success_ci95: [number, number] | null }
