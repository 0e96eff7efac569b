/** Recommendations, their evidence and predicted impact, the arms considered and not recommended, and their settings. */
import type { TunableField } from './run-record';
import type { Confidence } from './profile';

export type RecommendationCategory = 'mode' | 'rounds' | 'cost' | 'strategy' | 'model' | 'prompt_version' | 'recipe';

/** What a recommendation proposes: a cheaper arm, a better-quality arm, a limit, or a health revert. */
export type RecommendationKind = 'cheaper' | 'better_quality' | 'limit' | 'recovery';

/** Why an arm of a factor is not recommended (the "Considered, not recommended" list). */
export type ConsideredReasonKind =
  | 'not_cheaper' | 'qa_risk' | 'confounded' | 'too_few_runs' | 'zero_variance' | 'no_current_value' | 'better_quality_at_price'
  | 'cost_not_recorded';

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

/** Settings of the recommendation rules. */
export interface RecommendationSettings {
  /** QA margin: a cheaper arm is judged by P(pass rate worse by more than this), a fraction (0.05 = 5 points). */
  qa_margin: number;
  /** Per project: dollars the user will pay per extra passed run; a better-quality arm priced at or under it is recommended. */
  willingness_to_pay_usd: Record<string, number>;
}

export const DEFAULT_RECOMMENDATION_SETTINGS: RecommendationSettings = { qa_margin: 0.05, willingness_to_pay_usd: {} };
