/**
 * Types at the boundary of the health engine: what the store hands in (recent runs, daily
 * buckets, changes) and what `computeHealth` returns (the `health` object of `analyze --json`).
 * Times inside the engine are epoch milliseconds; the output carries ISO 8601 UTC strings.
 */
import type { QaStatus, RunStatus } from '../../../shared/run-record';
import type { ChangeKind } from '../../../shared/health';
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
  kind: ChangeKind;
  /** The new value (for a config change: a short description such as `model: a → b`). */
  value: string;
  at_ms: number;
  /** For config changes: the ledger entry id, when known. */
  ref?: string | number;
}

// The output types live in shared/health.ts (the renderer reads them); re-exported here.
export type {
  AgentRowSlot, BestAgentSlot, ErrorPatternSlot, Estimate, HealthAlert, LinkedChange, RecoveryProposal,
  RecoveryStrategySlot, RetryHotspotSlot, Severity,
} from '../../../shared/health';
