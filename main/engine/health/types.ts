/**
 * Types at the boundary of the health engine: what the store hands in (recent runs, daily
 * buckets, changes) and what `computeHealth` returns (the `health` object of `analyze --json`).
 * Times inside the engine are epoch milliseconds; the output carries ISO 8601 UTC strings.
 */
export type { HealthRun, HealthStep } from '../../../shared/health-runs';
import type { ChangeKind } from '../../../shared/health';
import type { DailyBucket } from './daily-buckets';

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
