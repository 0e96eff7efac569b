/**
 * The learning engine's output types (main/engine/learning, docs/learning.md): what
 * `runbrain analyze --json` prints under `learning`, what the `getLearning` operation returns and
 * what the renderer's Learning page reads. The engine imports and re-exports them.
 */

/** A proportion with its 95 % Wilson interval. */
export interface RateCi {
  successes: number;
  n: number;
  rate: number | null;
  ci95: [number, number] | null;
}

export interface CalibrationBucket {
  from: number;
  to: number;
  n: number;
  /** Mean stated confidence in the bucket (null when empty). */
  stated: number | null;
  /** Observed success share (null when empty) and its Wilson interval. */
  actual: number | null;
  actual_ci95: [number, number] | null;
}

export interface CalibrationRow {
  agent: string;
  /** Decisions (agent_confidence vs aligned) or steps (confidence vs success). */
  source: 'decision' | 'step';
  n: number;
  buckets: CalibrationBucket[];
  /** Σ_b (n_b / n) · |stated_b − actual_b|. */
  ece: number;
  /** mean((p − y)²). */
  brier: number;
  mean_stated: number;
  actual: number;
  actual_ci95: [number, number] | null;
  /** Mean stated confidence above (over) or below (under) the 95 % interval of the success rate. */
  flag: 'overconfident' | 'underconfident' | null;
}

export interface RootCauseReason {
  template: string;
  count: number;
  /** Share of this gate's failures. */
  share: number;
  /** Up to 3 distinct raw messages, for the evidence. */
  examples: string[];
}

export interface GateRootCause {
  gate_id: string;
  /** Agent most often named on this gate's failures (null when none is logged). */
  agent: string | null;
  checks: number;
  failures: number;
  failure_rate: number;
  failure_ci95: [number, number] | null;
  reasons: RootCauseReason[];
  /** Failures beyond the top reasons. */
  other_failures: number;
}

export interface Handoff {
  from: string;
  to: string;
  /** Handoffs seen. */
  n: number;
  /** B's step success after the handoff, over the handoffs whose B step logs success. */
  success_n: number;
  success_rate: number | null;
  success_ci95: [number, number] | null;
  /** B's gate checks after the handoff: gates (with a result) tied to B's step (by `step`, or by `agent` naming B's only step). */
  gate_checks: number;
  /** Handoffs whose B step had at least one tied gate check. */
  gate_handoffs: number;
  /** Share of those checks that passed, with its Wilson interval (null without checks). */
  gate_pass_rate: number | null;
  gate_pass_ci95: [number, number] | null;
  /** Which figure `pass_rate` is: B's gate pass rate when the runs' gates name B, else B's step success. */
  basis: 'gates' | 'step_success';
  /** B's pass rate after the handoff on that basis, its interval and n (checks or steps); the ranking uses it. */
  pass_rate: number | null;
  pass_ci95: [number, number] | null;
  pass_n: number;
  /** Mean retries of B's step (over steps that log retries). */
  avg_retries: number | null;
  /** Rank by smoothness (1 = smoothest). */
  rank: number;
}

export type GateLabel = 'excellent' | 'good' | 'acceptable' | 'poor';

export type DecisionLabel = 'correct' | 'reasonable' | 'incorrect';

export type PromptEffectiveness = 'high' | 'medium' | 'low' | 'not_enough_runs';

export type OutputQualityLabel = 'production_ready' | 'needs_minor_fixes' | 'needs_rework';

export interface PromptVersionLabel {
  prompt_version: string;
  label: PromptEffectiveness | null;
  /** Why the label is what it is (or why it is missing). */
  reason: string;
  success: RateCi;
  avg_retries: number | null;
  /** Runs with a retry count (the denominator of avg_retries). */
  retries_n: number;
}

/** Counts of each label over the runs (the `labels` block of the learning output). */
export interface LabelCounts {
  gates: Record<GateLabel, number>;
  decisions: Record<DecisionLabel, number>;
  output_quality: Record<OutputQualityLabel, number>;
  /** Items the rules could not label (inputs missing). */
  unlabelled: { gates: number; decisions: number; runs: number };
  prompt_versions: PromptVersionLabel[];
  /** Where the run labels came from: stored at ingest, or derived from the record here (a run not filled yet). */
  derived: LabelDerivation;
}

/** How the counted run labels were obtained. */
export interface LabelDerivation {
  /** Runs whose labels were stored at ingest (or re-derived after a rule change). */
  at_ingest: number;
  /** Runs labelled from their record at analysis time (stored before labels were kept, not filled yet). */
  on_read: number;
  /** When the current label rules were first applied to the stored labels (null: unknown here). */
  rules_since: string | null;
}

export interface OverrideRow {
  decision_type: string;
  agent: string;
  /** Decisions whose alignment is known. */
  n: number;
  overrides: number;
  override_rate: number;
  override_ci95: [number, number] | null;
  /** Rate above the threshold with enough decisions. */
  flagged: boolean;
  /** Decisions that list the options the agent weighed (none → a decision-framework suggestion). */
  with_options: number;
  /** Up to 3 distinct "recommended X, human chose Y" examples. */
  examples: string[];
}

export interface LearningOverview {
  runs: number;
  qa_pass_rate: RateCi;
  /** Steps with a success flag: agent_success_rate. */
  agent_success_rate: RateCi;
  gate_failure_rate: RateCi;
  override_rate: RateCi;
  /** Mean of the runs' summed step retries, over runs that log them. */
  avg_retries: number | null;
  tokens_per_success: number | null;
}

export interface PredictionSummary {
  /** Brier score of the model on the hold-out; null when too few runs. */
  brier: number | null;
  /** Brier score of the training pass rate on the same hold-out. */
  baseline_brier: number | null;
  holdout_n: number;
  train_n: number;
  /** The model's expected calibration error on the hold-out. */
  holdout_ece: number | null;
  /** What predictions use: the shrinkage model, or the base rate when the model lost on the hold-out. */
  method: 'shrinkage' | 'baseline' | 'none';
  /** Factors that carry an effect (τ² > 0) in the model fitted on all runs. */
  factors: { factor: string; tau2: number; levels: number }[];
  reason: string;
}

export interface PeriodStats {
  from: string;
  to: string;
  runs: number;
  /** Runs the metric was computed on. */
  metric_n: number;
  value: number | null;
  /** Most common prompt version, model and recipe: what may have changed. */
  top: { prompt_version: string | null; model: string | null; recipe: string | null };
}

export interface QualityComparison {
  metric: 'quality_score' | 'qa_pass_rate';
  current: PeriodStats;
  previous: PeriodStats;
  /** (previous − current) / previous; positive = a drop. */
  relative_drop: number;
  /** Posterior (pass rate) or normal-approximation (score) probability that the current level is lower. */
  prob_lower: number;
  /** Settings whose most common value differs between the periods. */
  changed: ('prompt_version' | 'model' | 'recipe')[];
}

export interface RecipeRow {
  recipe: string;
  /** null when no run of this recipe logs a domain. */
  domain: string | null;
  runs: number;
  success: RateCi;
  median_duration_s: number | null;
  mean_cost_usd: number | null;
  median_cost_usd: number | null;
  /** Mean seed-002 quality score over runs that have one, and how many. */
  mean_quality: number | null;
  quality_n: number;
  /** Most common model and its share of the runs. */
  top_model: string | null;
  top_model_share: number | null;
}

export interface RecipeSummary {
  rows: RecipeRow[];
  /** Confounding warnings, e.g. recipes ran with different models. */
  warnings: string[];
}

/** Seed 002 §6.1 rules 1–6. */
export const SUGGESTION_TYPES = [
  'constraint_clarity', 'example_addition', 'context_enrichment', 'decision_framework', 'constraint_removal', 'role_handoff_improvement',
] as const;
export type SuggestionType = (typeof SUGGESTION_TYPES)[number];
/** Effort or risk of a suggestion. */
export type SuggestionLevel = 'low' | 'medium' | 'high';

export type Trigger = 'gate_root_cause' | 'override_rate' | 'quality_drop' | 'token_excess' | 'handoff';

export interface Suggestion {
  /** Stable: the same trigger on the same subject always gets the same id. */
  suggestion_id: string;
  trigger: Trigger;
  /** What the trigger is about, e.g. "api_contract_present: missing <*>". */
  subject: string;
  agent_role: string | null;
  suggestion_type: SuggestionType;
  /** 0–1, computed from the evidence; `confidence_basis` says how. */
  confidence: number;
  confidence_basis: string;
  evidence: { summary: string; [key: string]: unknown };
  proposed_change: { section: string; text: string; rationale: string };
  /** An upper bound from the evidence, never a forecast. */
  expected_impact: { ceiling: true; metric: string; at_most: number; text: string };
  effort: SuggestionLevel;
  risk: SuggestionLevel;
  /** What a declared experiment started from this suggestion compares (control = current). */
  experiment: { factor: 'prompt_version'; control: string | null };
}

export interface TokenEfficiencyRow {
  prompt_version: string;
  /** Runs with both a token count and a QA outcome. */
  runs: number;
  passes: number;
  tokens: number;
  /** tokens / passes; null with no pass (infinitely inefficient, shown as "no pass"). */
  tokens_per_success: number | null;
  /** 95 % interval of tokens per success: delta method on log R (null below 2 runs or without a pass). */
  tokens_per_success_ci95: [number, number] | null;
  /** The version before it in time (first run), null for the first. */
  previous_version: string | null;
  /** tokens_per_success / previous's − 1. */
  vs_previous: number | null;
  /** 95 % interval of vs_previous (delta method on the log ratio, the two versions independent). */
  vs_previous_ci95: [number, number] | null;
  best_version: string | null;
  /** tokens_per_success / best's − 1 (0 for the best itself). */
  vs_best: number | null;
  /** One-sided Fisher p that this version passes more often than the comparator it exceeds. */
  quality_p: number | null;
  /** Which comparator triggered the flag. */
  flagged_against: 'previous' | 'best' | null;
  flagged: boolean;
}

export interface WeekMetrics {
  /** Monday 00:00 UTC of the week, YYYY-MM-DD. */
  week_start: string;
  runs: number;
  /** Each rate is null when the week has none of its inputs. */
  agent_success_rate: number | null;
  qa_pass_rate: number | null;
  gate_failure_rate: number | null;
  avg_retries: number | null;
  override_rate: number | null;
  tokens_per_success: number | null;
}

/**
 * A row of the health engine's retry-hotspot table (its `RetryHotspotSlot`): the handler that
 * answers `getLearning` returns the engine's rows as these, so the compiler catches a drift.
 */
export interface RetryHotspotRow {
  role: string | null;
  task_type: string | null;
  avg_retries: number;
  runs: number;
}

/** A row of the health engine's error-recovery ranking (its `RecoveryStrategySlot`). */
export interface RecoveryStrategyRow {
  strategy: string;
  category: string;
  attempts: number;
  success_rate: number | null;
  success_ci95: [number, number] | null;
}

/**
 * A pattern owned by the health engine (retry hotspots, error-recovery strategies), linked here.
 * `rows` is whatever the health engine computed for the same runs, or null when not supplied.
 */
export interface HealthLink<Row> {
  source: 'health';
  table: 'retry_hotspots' | 'error_recovery';
  rows: Row[] | null;
}

/**
 * The `learning` block of a project in `runbrain analyze --json` (docs/learning.md). The two
 * health-table row types are the health engine's slots (mirrored above).
 */
export interface LearningResult<RetryRow = RetryHotspotRow, RecoveryRow = RecoveryStrategyRow> {
  project_id: string | null;
  generated_at: string;
  runs: number;
  overview: LearningOverview;
  labels: LabelCounts;
  gate_root_causes: GateRootCause[];
  retry_hotspots: HealthLink<RetryRow>;
  handoffs: Handoff[];
  overrides: OverrideRow[];
  token_efficiency: TokenEfficiencyRow[];
  recipes: RecipeSummary;
  calibration: CalibrationRow[];
  error_recovery: HealthLink<RecoveryRow>;
  quality_trend: QualityComparison | null;
  suggestions: Suggestion[];
  prediction: PredictionSummary;
  trends: WeekMetrics[];
}

/** One run's auto-labels (seed 002 §3.1), derived at ingest and stored with the run (`run_labels.labels`). */
export interface RunLabels {
  /** One per `gates[]` entry, in order; null where the rules cannot label it. */
  gates: (GateLabel | null)[];
  /** One per `decisions[]` entry, in order. */
  decisions: (DecisionLabel | null)[];
  output_quality: OutputQualityLabel | null;
  quality_score: number | null;
}

import type { DeclaredSpec } from './declared-spec';

/** Run settings a declared experiment can compare. */
export const EXPERIMENT_FACTORS = ['prompt_version', 'prompt_strategy', 'model', 'mode', 'recipe'] as const;
export type ExperimentFactor = (typeof EXPERIMENT_FACTORS)[number];

/**
 * An experiment a user declared (issue 9 §1; seed 002 §5's A/B protocol): runs with `factor` =
 * `control` against runs with `factor` = `treatment`, tracked by the experiments engine.
 */
export interface DeclaredExperiment {
  id: number;
  project_id: string;
  name: string;
  /** A built-in factor (ExperimentFactor) or a user-named one (shared/custom-factors.ts). */
  factor: string;
  control: string;
  treatment: string;
  /** The learning suggestion it was started from, if any. */
  suggestion_id: string | null;
  hypothesis: string | null;
  created_at: string;
  /** Variants, start, metrics, MDE and planned split when declared with them (shared/declared-spec.ts). */
  spec?: DeclaredSpec | null;
}
