/**
 * The output of the health engine (main/engine/health): a project's `health` object of
 * `runbrain analyze --json`, `runbrain health --json` and the `getHealth` operation. Lives in
 * shared/ so the renderer can read it; the engine imports and re-exports these types. Times are
 * ISO 8601 UTC strings. Rules behind every field: docs/health.md.
 */
import type { PatternCounts } from './error-pattern-runs';

/** What can change and be linked to an alert. */
export type ChangeKind = 'config_change' | 'prompt_version' | 'model' | 'mode' | 'recipe' | 'prompt_strategy' | 'error_pattern' | 'batch_start';

/** A value with its 95 % interval (null bounds when there are too few runs). */
export interface Estimate {
  value: number | null;
  ci95: [number, number] | null;
  n: number;
}

export type Severity = 'info' | 'warning' | 'critical';

/** A linked cause, as in the output. */
export interface LinkedChange {
  kind: ChangeKind;
  value: string;
  at: string;
}

export type HealthAlertKind = 'degradation' | 'anomaly' | 'new_error_pattern' | 'agent_unhealthy';

/** One health alert (issue 11 §5). */
export interface HealthAlert {
  kind: HealthAlertKind;
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

/** The config fields a revert can set. */
export type RecoveryField = 'prompt_version' | 'prompt_strategy' | 'model' | 'mode' | 'recipe';

/** A proposed revert (seed 004 `trigger_recovery`), for the recommendation layer (kind "recovery"). */
export interface RecoveryProposal {
  field: RecoveryField;
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

export type SeedMetric = 'qa_pass_rate' | 'rating' | 'cost_per_run' | 'duration_s';

/** One metric checked by the seeds' rule (7 days vs the 30 before). */
export interface SeedRuleCheck {
  metric: SeedMetric;
  /** The 7-day window and the 30-day baseline before it (UTC days, inclusive). */
  recent_days: [string, string];
  baseline_days: [string, string];
  recent: Estimate;
  baseline: Estimate;
  relative_change: number;
  /** Probability that the recent window is worse (Beta posterior / one-sided Welch). */
  certainty: number;
  /** The bare rule: a move beyond 20 % in the bad direction. */
  triggered: boolean;
  /** Triggered and certainty ≥ the rule's minimum certainty (0.995). */
  alert: boolean;
}

export const BASELINE_WINDOWS = ['24h', '7d', '30d', 'all'] as const;
export type BaselineWindow = (typeof BASELINE_WINDOWS)[number];
export const BASELINE_METRICS = ['duration_s', 'cost_usd', 'tokens', 'steps'] as const;
export type BaselineMetric = (typeof BASELINE_METRICS)[number];

export interface BaselineStats {
  n: number;
  mean: number;
  sd: number | null;
  p50: number;
  p95: number;
  p99: number;
}

export interface BaselineRow {
  scope: 'project' | 'agent' | 'task_type';
  value: string | null;
  window: BaselineWindow;
  source: 'runs' | 'daily_buckets';
  metrics: Record<BaselineMetric, BaselineStats | null>;
}

export interface BaselineTrend {
  scope: BaselineRow['scope'];
  value: string | null;
  metric: BaselineMetric;
  mean_7d: number;
  mean_30d: number;
  /** mean_7d / mean_30d − 1. */
  change: number;
  direction: 'up' | 'down' | 'flat';
}

export interface Baselines {
  rows: BaselineRow[];
  trends: BaselineTrend[];
}

export const ANOMALY_METRICS = ['duration_s', 'cost_usd', 'tokens', 'steps'] as const;
export type AnomalyMetric = (typeof ANOMALY_METRICS)[number];

/** One anomalous run (robust z over the recent window). */
export interface Anomaly {
  run_id: string;
  started_at: string;
  metric: AnomalyMetric;
  value: number;
  /** Median of the metric over the window, in natural units. */
  median: number;
  /** MAD on the scale z is computed on (`scale`). */
  mad: number;
  scale: 'log' | 'linear';
  z: number;
  reason: string;
}

export type Grade = 'excellent' | 'good' | 'fair' | 'poor';

// Sections filled by the error-pattern / agents part of health (issue 11 §3–4), shapes per §5.
/** One mined error pattern. */
export interface ErrorPatternSlot {
  /** Template id (stable for the same template text): what `getPatternRuns` takes. */
  id: string;
  template: string;
  category: string;
  count: number;
  runs: number;
  agents: string[];
  first_seen: string | null;
  last_seen: string | null;
  example: string;
  new: boolean;
  /** Messages per day / week over the mined window. */
  counts: PatternCounts;
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

/** Project health: change points, degradation alerts, recovery proposals, baselines, anomalies. */
export interface ProjectHealth {
  project_id: string;
  grade: Grade;
  grade_reasons: string[];
  /** How to read the figures (e.g. runs that carry their batch's start time); absent on old results. */
  notes?: string[];
  latest_run_at: string | null;
  computed_at: string;
  runs_analysed: number;
  alerts: HealthAlert[];
  recovery_proposals: RecoveryProposal[];
  /** The seeds' 7-vs-30-day rule per metric, whether or not it raised an alert. */
  seed_rule: SeedRuleCheck[];
  baselines: Baselines;
  anomalies: Anomaly[];
  error_patterns: ErrorPatternSlot[];
  agents: AgentRowSlot[];
  best_agents: BestAgentSlot[];
  retry_hotspots: RetryHotspotSlot[];
  recovery_strategies: RecoveryStrategySlot[];
}

/** One bin of an alert's timeline: consecutive observations of its series. */
export interface TimelinePoint {
  /** Time of the bin's first and last observation. */
  from: string;
  to: string;
  /** Rate (Wilson) or mean (t) of the bin, in natural units. */
  value: number | null;
  ci95: [number, number] | null;
  n: number;
}

/** The metric of an alert over the recent window, binned (for the alert detail chart). */
export interface AlertTimeline {
  alert_index: number;
  metric: string;
  series: string;
  /** Observations per bin (the last bin may hold fewer); with `batched`, the largest batch. */
  bin_size: number;
  points: TimelinePoint[];
  /** The runs carry batch times: one point per batch (runs that started together). */
  batched?: boolean;
}

/** What `getHealth` answers: the health and one timeline per alert (`timelines[i]` is alert i's, or null). */
export interface HealthView {
  health: ProjectHealth;
  timelines: Array<AlertTimeline | null>;
}
