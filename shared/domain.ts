/**
 * Domain types that cross the process boundary: what the API returns. Field names follow
 * seed 000 (snake_case) wherever the seed names them.
 */
import type { Factor, QaStatus, RunRecord, RunStatus, TunableField } from './run-record';
import type { RunLabels } from './learning';
import type { LabelRulesInput } from './label-rules';

export type Confidence = 'high' | 'medium' | 'low';
export const CONFIDENCE_ORDER: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** A proportion with its 95 % Wilson score interval. */
export interface Rate {
  successes: number;
  n: number;
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/** Statistics of one arm of a factor (one mode, one strategy, one model, one prompt version). */
export interface ArmStats {
  arm: string;
  runs_count: number;
  /** Runs with a recorded cost > 0 (the log-cost tests use only these). */
  cost_n: number;
  avg_cost: number | null;
  median_cost: number | null;
  min_cost: number | null;
  max_cost: number | null;
  p95_cost: number | null;
  /** exp(mean(log cost)): the centre the "cheaper" test compares. */
  geo_mean_cost: number | null;
  /** Total cost of the arm / number of passed runs. */
  cost_per_passed_run: number | null;
  avg_duration: number | null;
  avg_rounds_used: number | null;
  qa_pass_rate: number | null;
  qa_pass_rate_ci: [number, number] | null;
  qa_passed: number;
  qa_warning: number;
  qa_failed: number;
  /** Runs without a QA outcome: not counted in the pass rate. */
  qa_unknown: number;
  /** 0.7·qa_pass_rate + 0.3·(cheapest_median_cost / median_cost); null when not comparable. */
  score: number | null;
}

export type ModeStats = ArmStats & { mode: string };
export type StrategyStats = ArmStats & { strategy: string };
export type ModelStats = ArmStats & { model: string };
export type PromptVersionStats = ArmStats & { prompt_version: string };

export interface WeekPoint {
  /** Monday of the ISO week, YYYY-MM-DD (UTC). */
  week_start: string;
  runs: number;
  qa_pass_rate: number | null;
  qa_pass_rate_ci: [number, number] | null;
  avg_cost: number | null;
}

export interface ProjectProfile {
  project_id: string;
  runs_count: number;
  modes: Record<string, ModeStats>;
  preferred_mode: string | null;
  min_cost: number | null;
  median_cost: number | null;
  max_cost: number | null;
  avg_cost: number | null;
  p95_cost: number | null;
  cost_per_passed_run: number | null;
  avg_rounds_used: number | null;
  max_rounds_completed: number | null;
  rounds_distribution: Record<string, number>;
  /** Share of runs (with both fields) whose rounds_completed reached their max_rounds. */
  hit_max_rounds_rate: number | null;
  strategies: Record<string, StrategyStats>;
  preferred_strategy: string | null;
  models: Record<string, ModelStats>;
  preferred_model: string | null;
  prompt_versions: Record<string, PromptVersionStats>;
  overall_qa_pass_rate: number | null;
  overall_qa_pass_rate_ci: [number, number] | null;
  qa_passed: number;
  qa_warning: number;
  qa_failed: number;
  qa_unknown: number;
  sufficient_data: boolean;
  min_runs_for_recommendations: number;
  /**
   * Cost per run over every run with a cost: equal-width buckets [lo, hi) with "nice" edges
   * (at most 30) from the cheapest run to about p99, then, when the dearest runs lie far beyond
   * p99, one last bucket with `overflow: true` holding every run ≥ lo (its hi = max_cost).
   * Counts sum to the runs with a cost and are exact up to the 0.1 % cost-bin resolution.
   * Empty when no run has a cost; one bucket lo = hi when all costs are equal.
   */
  cost_histogram: Array<{ lo: number; hi: number; count: number; overflow?: boolean }>;
  weekly_trend: WeekPoint[];
  first_run_at: string | null;
  last_run_at: string | null;
  /** How medians and p95 were computed, said plainly for the UI. */
  quantile_method: string;
}

export type RecommendationCategory = 'mode' | 'rounds' | 'cost' | 'strategy' | 'model' | 'prompt_version' | 'recipe';

/** What a recommendation proposes: a cheaper arm, a better-quality arm, a limit, or a health revert. */
export type RecommendationKind = 'cheaper' | 'better_quality' | 'limit' | 'recovery';

/** Why an arm of a factor is not recommended (the "Considered, not recommended" list). */
export type ConsideredReasonKind =
  | 'not_cheaper' | 'qa_risk' | 'confounded' | 'too_few_runs' | 'zero_variance' | 'no_current_value' | 'better_quality_at_price';

/** One arm looked at and not recommended, with the reason in words and the numbers behind it. */
export interface ConsideredArm {
  category: RecommendationCategory;
  field: TunableField;
  value: string;
  reason_kind: ConsideredReasonKind;
  reason: string;
  evidence: Record<string, number | string | null>;
}

export interface EvidenceArm {
  arm: string;
  n: number;
  cost_n: number;
  median_cost: number | null;
  geo_mean_cost: number | null;
  qa_pass_rate: number | null;
  qa_pass_rate_ci: [number, number] | null;
  /** Mean cost per run (sum / runs with a cost). */
  avg_cost?: number | null;
  /** 95 % interval of the mean cost per run in dollars (t-interval), when known. */
  avg_cost_ci?: [number, number] | null;
  /** Runs with cost > 0 and the standard deviation of their log cost (the arm's own interval). */
  log_n?: number;
  log_sd?: number | null;
  /** Runs with a QA outcome and how many passed (the counts behind qa_pass_rate). */
  qa_n?: number;
  qa_passed?: number;
}

/** The numbers behind a recommendation. Every field is optional except the rule that fired. */
export interface Evidence {
  rule: string;
  arms?: EvidenceArm[];
  /** One-sided p-value of "alternative is cheaper" (Welch t on log cost) before adjustment. */
  p_value?: number;
  /** Holm-adjusted p-value across the arms compared. */
  p_value_adjusted?: number;
  arms_compared?: number;
  /** Ratio of geometric mean costs alternative/current with its 95 % interval. */
  cost_ratio?: { estimate: number; ci_low: number; ci_high: number };
  /** Pass-rate difference alternative − current (points in [−1, 1]). */
  qa_diff?: { estimate: number; ci_low: number; ci_high: number };
  /** Posterior P(pass_alt − pass_cur < −0.05) under Beta(1,1) priors. */
  p_qa_worse?: number;
  qa_blocked?: boolean;
  /** Runs per arm the one-sided Welch test at the medium level (1 %, Holm-split) would need for
   *  80 % power if the observed difference were true, and how many more per arm that is. */
  power?: { runs_per_arm_needed: number; more_runs_per_arm: number };
  values?: Record<string, number | string | null>;
  notes?: string[];
}

export interface Impact {
  /** Expected change in $/run (negative = savings), with its 95 % interval. */
  cost_per_run_usd: number | null;
  ci_low: number | null;
  ci_high: number | null;
  per_100_runs_usd: number | null;
}

export interface Recommendation {
  /** Stable id: the same recommendation keeps its id across refreshes. */
  id: string;
  project_id: string;
  category: RecommendationCategory;
  field: TunableField;
  current_value: string | number | null;
  recommended_value: string | number;
  explanation: string;
  confidence: Confidence;
  estimated_impact: string;
  impact: Impact | null;
  evidence: Evidence;
  /** What the card proposes (absent on cards from before kinds existed). */
  kind?: RecommendationKind;
  /** Confidence of the cost claim and of the QA claim; `confidence` is the lower of the two. */
  confidence_cost?: Confidence;
  confidence_qa?: Confidence;
  /** The experiment (its factor) whose decision the card rests on; null for limits. */
  source_experiment?: string | null;
}

export interface InsufficientData {
  needed: number;
  have: number;
  message: string;
}

export interface RecommendationsResult {
  project_id: string;
  recommendations: Recommendation[];
  insufficient: InsufficientData | null;
  /** Where current values came from. */
  current_source: 'config' | 'latest-run' | 'none';
  current_config: Partial<Record<TunableField, string | number>>;
  /**
   * Fields the linked config does not set, whose current value is taken from the latest run
   * (the experiments' control for that factor is then assumed, and the page says so).
   */
  assumed_from_latest_run?: TunableField[];
  config_path: string | null;
  /** Why the linked config could not be read (current values then come from the latest run). */
  config_error: string | null;
  /** Every arm of every factor that is not recommended, with its reason (absent on old results). */
  considered?: ConsideredArm[];
}

export interface TuningConfig {
  enabled: boolean;
  apply_safely: boolean;
  min_runs_for_recommendations: number;
  confidence_threshold: Confidence;
}

/**
 * Where a project's auto-tune setting comes from: its own `projects.<id>.auto_tune` section,
 * the file's top-level `auto_tune` (shared by every project in the file), or the built-in default.
 */
export type TuningSource = 'project' | 'file' | 'default';

/** A project's effective auto-tune settings, where each comes from, and what it would inherit. */
export interface TuningState extends TuningConfig {
  config_path: string | null;
  sources: Record<keyof TuningConfig, TuningSource>;
  /** The values without the project's own section (top level over the defaults). */
  inherited: TuningConfig;
}

export const DEFAULT_TUNING: TuningConfig = {
  enabled: false,
  apply_safely: true,
  min_runs_for_recommendations: 5,
  confidence_threshold: 'medium',
};

export interface StrategiesResult {
  default_strategy: string | null;
  strategies: Record<string, { file?: string; description?: string }>;
}

export interface ArmOutcome {
  runs: number;
  /** Mean dollars per run ($0 runs included); cost_ci is its 95 % t-interval (engine/outcome.ts). */
  cost_per_run: number | null;
  cost_ci: [number, number] | null;
  qa_pass_rate: number | null;
  qa_ci: [number, number] | null;
}

/**
 * What a project had where its own key was absent: the value it inherited and from where
 * (today only the file's top level: "5, from the top-level default").
 */
export interface InheritedValue {
  value: unknown;
  /** Dotted path of the key the value came from, e.g. `max_rounds`. */
  key_path: string;
  source: 'top-level';
}

export interface LedgerEntry {
  id: number;
  project_id: string;
  config_path: string;
  /** Dotted JSON path of the key that changed, e.g. `prompts.default_strategy`. */
  key_path: string;
  field: TunableField | 'auto_tune';
  before_value: unknown;
  after_value: unknown;
  applied_at: string;
  applied_by: 'user' | 'auto-tune';
  recommendation: Recommendation | null;
  backup_path: string | null;
  status: 'applied' | 'undone';
  undone_at: string | null;
  /** Set on the row that records an undo: the change it reverted. */
  undo_of: number | null;
  /** When before_value / after_value is null (key absent), what the project inherited then. */
  before_inherited?: InheritedValue | null;
  after_inherited?: InheritedValue | null;
  /** Predicted vs realised effect, once enough runs ran under the new setting. */
  outcome: {
    min_runs: number;
    runs_since: number;
    ready: boolean;
    predicted: ArmOutcome | null;
    realised: ArmOutcome | null;
  } | null;
}

export interface ProjectSummary {
  project_id: string;
  runs_count: number;
  avg_cost: number | null;
  qa_pass_rate: number | null;
  qa_pass_rate_ci: [number, number] | null;
  /** Weekly QA pass rates, oldest first, for a sparkline. */
  trend: Array<{ week_start: string; qa_pass_rate: number | null; avg_cost: number | null }>;
  last_run_at: string | null;
  open_recommendations: number;
  /** The project's first card (by tier, then impact) and its impact; null when there is none. */
  top_recommendation?: {
    category: RecommendationCategory;
    field: TunableField;
    current_value: string | number | null;
    recommended_value: string | number;
    confidence: Confidence;
    kind: RecommendationKind | null;
    estimated_impact: string;
    per_100_runs_usd: number | null;
  } | null;
  config_path: string | null;
}

export interface RunRow {
  run_id: string;
  project_id: string;
  started_at: string | null;
  mode: string | null;
  prompt_strategy: string | null;
  prompt_version: string | null;
  model: string | null;
  rounds_completed: number | null;
  max_rounds: number | null;
  total_cost_usd: number | null;
  duration_s: number | null;
  qa_status: QaStatus | null;
  status: RunStatus | null;
  file: string;
}

export interface EventRecord {
  id: number;
  run_id: string | null;
  file: string;
  line: number;
  type: string;
  at: string | null;
  data: Record<string, unknown>;
}

export interface RunDetail {
  row: RunRow;
  record: RunRecord;
  /** The record exactly as it was read from the file; null when unavailable (see raw_note). */
  raw: unknown;
  /** Set when the raw record cannot be shown, e.g. its file changed on disk since it was read. */
  raw_note?: string;
  line: number;
  events: EventRecord[];
  /** The run's auto-labels (seed 002 §3.1), derived at ingest and stored with the run. */
  labels?: RunLabels;
  /** `ingest`: the stored labels; `read`: derived from the record now (a run stored before labels were kept). */
  labels_source?: 'ingest' | 'read';
}

export interface QuarantineItem {
  id: number;
  file: string;
  line: number | null;
  field: string | null;
  reason: string;
  excerpt: string;
  at: string;
}

export interface IngestProgress {
  phase: 'idle' | 'scanning' | 'ingesting' | 'watching' | 'error';
  folder: string | null;
  files_total: number;
  files_done: number;
  runs_done: number;
  bytes_total: number;
  bytes_done: number;
  started_at: string | null;
  runs_per_s: number | null;
  eta_s: number | null;
  message: string | null;
}

export interface IngestCounts {
  files: number;
  runs: number;
  events: number;
  quarantined: number;
}

export interface Settings {
  folders: string[];
  /** Linked config file per project. */
  project_configs: Record<string, string>;
  notifications: boolean;
  theme: 'system' | 'light' | 'dark';
  /** Defaults used for projects without a linked config file. */
  tuning_defaults: TuningConfig;
  /** How the recommendations judge quality and price (absent: the defaults). */
  recommendation_settings?: RecommendationSettings;
  /** Overrides of the auto-label thresholds (shared/label-rules.ts; absent: the defaults). Changing them re-derives the stored labels. */
  learning_labels?: LabelRulesInput;
}

/** Settings of the recommendation rules. */
export interface RecommendationSettings {
  /** QA margin: a cheaper arm is judged by P(pass rate worse by more than this), a fraction (0.05 = 5 points). */
  qa_margin: number;
  /** Per project: dollars the user will pay per extra passed run; a better-quality arm priced at or under it is recommended. */
  willingness_to_pay_usd: Record<string, number>;
}

export const DEFAULT_RECOMMENDATION_SETTINGS: RecommendationSettings = { qa_margin: 0.05, willingness_to_pay_usd: {} };

export interface AppStatus {
  version: string;
  host: 'electron' | 'browser' | 'test';
  db_path: string;
  data_dir: string;
  folders: string[];
  progress: IngestProgress;
  counts: IngestCounts;
  capabilities: { pick_folder: boolean; pick_file: boolean; reveal_path: boolean; notifications: boolean };
}

export type { Factor, TunableField };
