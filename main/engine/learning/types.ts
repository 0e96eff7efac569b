/**
 * The learning engine's boundary types. The input types are structural subsets of the canonical
 * run record (shared/run-record.ts) plus the optional seed-002 fields issue 12 adds there
 * (`agent` on decisions and gates, `options`, step `confidence`, `escalated`/`human_resolved`,
 * `security`, `performance`, `rework`): a RunRecord, or a row read back from the store, can be
 * passed as is. Every field is optional and may be null, because a store row says "unknown" with
 * null where a parsed record leaves the key out.
 */
export type { RateCi } from '../../../shared/learning';
import type { RunLabels } from '../../../shared/learning';

type Opt<T> = T | null | undefined;

/** One agent step of a run (steps[] in order of execution). */
export interface LearningStep {
  agent?: Opt<string>;
  task_type?: Opt<string>;
  model?: Opt<string>;
  started_at?: Opt<string>;
  success?: Opt<boolean>;
  retries?: Opt<number>;
  tokens?: Opt<number>;
  cost_usd?: Opt<number>;
  /** Agent-stated confidence, 0–1 (a value above 1 is read as a percentage). */
  confidence?: Opt<number>;
}

/** One gate check. */
export interface LearningGate {
  gate_id: string;
  stage?: Opt<string>;
  agent?: Opt<string>;
  /** Index (0-based) of the step in steps[] the gate checked, when logged. */
  step?: Opt<number>;
  result?: Opt<'pass' | 'fail' | 'ambiguous'>;
  reason?: Opt<string>;
  retry_attempt?: Opt<number>;
  auto_fix_strategy?: Opt<string>;
  auto_fix_success?: Opt<boolean>;
  human_override?: Opt<boolean>;
  escalated?: Opt<boolean>;
  human_resolved?: Opt<boolean>;
}

/** One approval decision: the agent recommended, a human decided. */
export interface LearningDecision {
  decision_type?: Opt<string>;
  agent?: Opt<string>;
  agent_recommendation?: Opt<string>;
  human_decision?: Opt<string>;
  /** The options the agent weighed; a human decision among them is "reasonable". */
  options?: Opt<readonly string[]>;
  aligned?: Opt<boolean>;
  /** 0–1, or 0–100 read as a percentage. */
  agent_confidence?: Opt<number>;
}

/** One run as the learning engine reads it. */
export interface LearningRun {
  run_id: string;
  project_id: string;
  started_at?: Opt<string>;
  mode?: Opt<string>;
  prompt_strategy?: Opt<string>;
  prompt_version?: Opt<string>;
  model?: Opt<string>;
  recipe?: Opt<string>;
  /** Seed 002's client_domain, when logged. */
  domain?: Opt<string>;
  task_type?: Opt<string>;
  /** Identifies the task across runs (same task retried or rerun), when known. */
  task_key?: Opt<string>;
  /** The canonical record's name for the task (benchmark instance); read as task_key when that is absent. */
  task_id?: Opt<string>;
  duration_s?: Opt<number>;
  total_cost_usd?: Opt<number>;
  tokens_in?: Opt<number>;
  tokens_out?: Opt<number>;
  qa_status?: Opt<'passed' | 'warning' | 'failed'>;
  tests?: Opt<{ coverage_percent?: Opt<number> }>;
  security?: Opt<{ critical?: Opt<number>; major?: Opt<number>; minor?: Opt<number> }>;
  performance?: Opt<{ within_slo?: Opt<boolean> }>;
  /** Major rework was needed: true/false, or a count of reworks (0 = none). */
  rework?: Opt<boolean | number>;
  steps?: Opt<readonly LearningStep[]>;
  gates?: Opt<readonly LearningGate[]>;
  decisions?: Opt<readonly LearningDecision[]>;
  /** The run's labels as derived at ingest (stored with the run); absent: derived from the fields above. */
  labels?: Opt<RunLabels>;
}

/** Maps a raw error / reason message to its template (the health engine's template miner). */
export type TemplateOf = (message: string) => string;
