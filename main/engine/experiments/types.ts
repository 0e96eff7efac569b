/** Types at the experiments engine's boundary: its input (per-run facts, options) and output. */

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

export type ControlSource = 'config' | 'latest_run' | 'declared';

export type MetricName = 'pass_rate' | 'cost' | 'cost_per_pass' | 'duration' | 'tokens' | 'retries' | 'rating';

/** Metrics an experiment can decide on. */
export type DecisionMetric = 'pass_rate' | 'cost' | 'cost_per_pass';

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
  /** Seed of the Monte Carlo figures (default 1). */
  seed?: number;
  /** Monte Carlo draws (default 20 000). */
  draws?: number;
}

export type ExperimentStatus = 'collecting' | 'winner' | 'harmful' | 'no_difference' | 'inconclusive';

export type WarningKind =
  | 'confounding' | 'time_confounding' | 'zero_variance' | 'zero_cost' | 'same_timestamp' | 'small_arm'
  | 'disjoint_tasks' | 'assumed_control' | 'sample_ratio_mismatch' | 'simpsons_paradox' | 'fully_confounded';

export interface ExperimentWarning {
  kind: WarningKind;
  message: string;
}

export interface StratifiedFigures {
  by: string[];
  /** CMH test of pass rate across strata. */
  p_value_pass: number | null;
  /** Inverse-variance weighted difference of dollars per run, variant − control. */
  cost_diff_usd: number | null;
  p_value_cost: number | null;
  /** Stratified ratio of cost per passed run, variant / control. */
  cost_ratio: number | null;
}

/** One arm of an experiment; the control row has null test fields. */
export interface VariantRow {
  value: string;
  n: number;
  passes: number;
  qa_n: number;
  pass_rate: number | null;
  pass_ci95: [number, number] | null;
  p_value_pass: number | null;
  cost_mean: number | null;
  cost_median: number | null;
  cost_ci95: [number, number] | null;
  p_value_cost: number | null;
  /** Ratio of geometric means of paid runs, variant / control (secondary). */
  geo_mean_ratio: number | null;
  geo_mean_ratio_ci95: [number, number] | null;
  cost_per_pass: number | null;
  cost_per_pass_ci95: [number, number] | null;
  /** Relative effect on cost per passed run, variant / control, with its fixed-n interval. */
  cost_per_pass_ratio: number | null;
  cost_per_pass_ratio_ci95: [number, number] | null;
  p_value_cost_per_pass: number | null;
  /** Duration, tokens, retries, rating: mean, median, 95 % interval, Welch p vs control. */
  other: Record<'duration' | 'tokens' | 'retries' | 'rating', OtherMetric | null>;
  p_adjusted: Partial<Record<MetricName, number>>;
  p_always_valid: Partial<Record<DecisionMetric, number>>;
  /** Always-valid p Holm-adjusted across the variants (what decides). */
  p_always_valid_adjusted: Partial<Record<DecisionMetric, number>>;
  /** Always-valid 95 % interval of the deciding estimate of the primary metric. */
  decision_ci: [number, number] | null;
  /** Which estimate decided: paired, stratified or raw. */
  decision_basis: 'paired' | 'stratified' | 'raw' | null;
  prob_beat_control: number | null;
  prob_best: number | null;
  expected_loss: number | null;
  required_n: number | null;
  required_usd: number | null;
  required_days: number | null;
  paired_n: number | null;
  p_value_pass_paired: number | null;
  p_value_cost_paired: number | null;
  p_value_cost_paired_usd: number | null;
  stratified: StratifiedFigures | null;
  status: ExperimentStatus | null;
  reason: string | null;
}

export interface OtherMetric {
  n: number;
  mean: number;
  median: number | null;
  ci95: [number, number] | null;
  p_value: number | null;
}

export interface ExperimentResult {
  name: string | null;
  factor: string;
  control: string;
  control_source: ControlSource;
  status: ExperimentStatus;
  /** Why the status is what it is, in one sentence. */
  reason: string;
  winner: string | null;
  primary_metric: DecisionMetric;
  guardrail_metric: DecisionMetric;
  variants: VariantRow[];
  allocation: Record<string, number>;
  allocation_top_two: Record<string, number>;
  allocation_epsilon_greedy: Record<string, number>;
  srm: { statistic: number; p: number; flagged: boolean } | null;
  warnings: ExperimentWarning[];
}
