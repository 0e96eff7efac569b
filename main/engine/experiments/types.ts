/** Types at the experiments engine's boundary: its input (per-run facts, options) here, its output in shared/experiments.ts. */
import type { ControlSource, DecisionMetric, ExperimentResult, ExperimentStatus, ExperimentWarning, MetricName, OtherMetric, StratifiedFigures, VariantRow, WarningKind } from '../../../shared/experiments';

export type { ControlSource, DecisionMetric, ExperimentResult, ExperimentStatus, ExperimentWarning, MetricName, OtherMetric, StratifiedFigures, VariantRow, WarningKind };

export type QaOutcome = 'passed' | 'warning' | 'failed';

/** The facts of one run the experiments engine reads. */
export interface ExperimentRun {
  run_id: string;
  /** Start time in ms since the epoch (null when unknown). */
  started_ms: number | null;
  /** Factor → value: mode, prompt_strategy, model, prompt_version, recipe and user-named ones. */
  factors: Record<string, string | null>;
  task_id: string | null;
  cost_usd: number | null;
  qa: QaOutcome | null;
  duration_s: number | null;
  tokens: number | null;
  retries: number | null;
  rating: number | null;
  /** Whether a human overrode a gate or decision in this run (null when not recorded). */
  human_override?: boolean | null;
}

/** An experiment the user declared (stored in SQLite by the store; passed in here). */
export interface DeclaredExperiment {
  name: string;
  factor: string;
  control: string;
  variants: string[];
  /** Runs before this time (ms) are not counted. */
  start_ms: number;
  primary_metric?: DecisionMetric;
  guardrails?: DecisionMetric[];
  /** Minimum detectable effect: relative for cost metrics (0.1 = 10 %), absolute for pass rate. */
  mde?: number;
  /** Planned share per arm (value → weight), for the sample-ratio check. */
  planned_split?: Record<string, number>;
}

export interface ExperimentOptions {
  /** The configured (current) value per factor, from the linked config. */
  controls?: Record<string, string | null | undefined>;
  declared?: DeclaredExperiment[];
  /** Factors of the runs (experiments and strata); default: every factor present in the runs. */
  factors?: string[];
  /** Only these factors' experiments are reported (all factors still serve as strata). */
  only?: string[];
  /** Significance level of the decisions (default 0.05). */
  alpha?: number;
  /** Reference time in ms (deprecation "unused for 14 days"); default: the latest run. */
  now?: number;
  /**
   * Runs per day of the whole project (required-days estimates); default: from `runs`. Given when
   * `runs` are only a slice (the runs since the earliest declared start).
   */
  runs_per_day?: number | null;
}

