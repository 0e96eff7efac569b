/**
 * What the experiments engine answers, as the API and `analyze --json` carry it (names per issue 9 §9;
 * rates are fractions 0–1, money is US dollars). The engine (main/engine/experiments) produces these.
 */

export type ControlSource = 'config' | 'latest_run' | 'declared';

export type MetricName = 'pass_rate' | 'cost' | 'cost_per_pass' | 'duration' | 'tokens' | 'retries' | 'rating';

/** Metrics an experiment can decide on. */
export type DecisionMetric = 'pass_rate' | 'cost' | 'cost_per_pass';

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
  /**
   * The deciding estimate (paired, stratified or raw, as `decision_basis`) of each decision
   * metric as a gain (positive = the variant is better: pass-rate difference, or −ln of the
   * cost ratio) with its variance and run count; empty on the control row and when confounded.
   */
  decision_effects: Partial<Record<DecisionMetric, { gain: number; variance: number; n: number }>>;
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

export interface Change {
  /** Relative change of the mean, newer / previous − 1. */
  change: number;
  ci95: [number, number] | null;
}

export interface VersionChange {
  previous: string;
  /** Pass-rate difference in points of rate (fraction), newer − previous, Newcombe interval. */
  pass_diff: number | null;
  pass_diff_ci95: [number, number] | null;
  retries: Change | null;
  tokens: Change | null;
  cost: Change | null;
  cost_per_pass: Change | null;
  /** e.g. "v2.3 vs v2.2: +7 pts pass rate [+2, +12], −21 % retries". */
  summary: string;
}

export interface VersionRow {
  value: string;
  runs: number;
  first_seen_ms: number | null;
  last_seen_ms: number | null;
  pass_rate: number | null;
  pass_ci95: [number, number] | null;
  retries_mean: number | null;
  tokens_mean: number | null;
  cost_mean: number | null;
  cost_per_pass: number | null;
  override_rate: number | null;
  vs_previous: VersionChange | null;
}

export interface DeprecationCandidate {
  value: string;
  superseded_by: string;
  reason: string;
}

export interface EvolutionResult {
  factor: string;
  ordered_by: 'version' | 'first_seen';
  versions: VersionRow[];
  deprecation_candidates: DeprecationCandidate[];
}

/** A project's experiments and the evolution of its prompt versions and recipes. */
export interface ProjectExperiments {
  experiments: ExperimentResult[];
  /** Only factors with ≥ 2 values. */
  evolution: EvolutionResult[];
  /**
   * Where the sums came from: kept at ingest (medians from 0.1 % histograms); the runs folded into
   * the same sums while the kept ones are not current (a bulk load under way); or a scan of the runs.
   */
  source?: 'stored' | 'folded' | 'scan';
  /** The user-named factors of the settings (experiments once runs carry ≥ 2 values of one). */
  named_factors?: string[];
  /** Folders whose runs were read before the named factors were set: a re-scan gives their runs the values. */
  rescan_folders?: string[];
}
