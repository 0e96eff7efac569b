/** All recommendations for one project: rounds, cost, mode, strategy, model. */
import type { InsufficientData, ProjectProfile, Recommendation, RecommendationCategory, RecommendationKind, TuningConfig } from '../../../shared/domain';
import type { TunableField } from '../../../shared/run-record';
import type { ProjectAggregates } from '../aggregates';
import { recommendArm } from './arm-comparison';
import { type Draft, recommendationId } from './common';
import { recommendCost } from './cost';
import { recommendRounds } from './rounds';

export interface RecommendInput {
  project_id: string;
  profile: ProjectProfile;
  agg: ProjectAggregates;
  /** Current settings (from the linked config, else the latest run); unknown fields are skipped. */
  current: Partial<Record<TunableField, string | number>>;
  tuning: TuningConfig;
}

export interface RecommendOutput {
  recommendations: Recommendation[];
  insufficient: InsufficientData | null;
}

const ORDER: RecommendationCategory[] = ['mode', 'rounds', 'cost', 'strategy', 'model'];
const RANK = { high: 2, medium: 1, low: 0 } as const;
/** Limits tighten rounds and cost; the arm rules recommend a cheaper mode, strategy or model. */
const KIND: Record<RecommendationCategory, RecommendationKind> = { rounds: 'limit', cost: 'limit', mode: 'cheaper', strategy: 'cheaper', model: 'cheaper' };

/** Dollars saved per 100 runs (impacts are signed: negative is cheaper); −∞ when not estimated. */
const saving = (r: Draft): number => (r.impact?.per_100_runs_usd != null ? -r.impact.per_100_runs_usd : -Infinity);

const runs = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;

/** The seed's insufficient-data message: "Need 5 runs, currently have 2 runs." */
export function insufficientData(needed: number, have: number): InsufficientData {
  return { needed, have, message: `Need ${runs(needed)}, currently have ${runs(have)}.` };
}

/**
 * Runs every rule against the current settings. Below `min_runs_for_recommendations` runs it
 * says nothing and explains why. Sorted by confidence, then by estimated saving per 100 runs
 * (cards without a dollar estimate after those with one), then in the seed's category order.
 */
export function generateRecommendations(input: RecommendInput): RecommendOutput {
  const { project_id, profile, agg, current, tuning } = input;
  const needed = tuning.min_runs_for_recommendations;
  if (profile.runs_count < needed) return { recommendations: [], insufficient: insufficientData(needed, profile.runs_count) };

  const drafts: Array<Draft | null> = [
    recommendRounds(profile, agg, current.max_rounds),
    recommendCost(profile, agg, current.max_cost_usd),
    recommendArm('mode', 'mode', profile.modes, agg.factors.mode, current.mode),
    recommendArm('strategy', 'prompt_strategy', profile.strategies, agg.factors.prompt_strategy, current.prompt_strategy),
    recommendArm('model', 'model', profile.models, agg.factors.model, current.model),
  ];
  const recommendations = drafts
    .filter((d): d is Draft => d != null)
    .map((d) => ({ id: recommendationId(project_id, d.category, d.recommended_value), project_id, kind: KIND[d.category], ...d }))
    .sort((a, b) => RANK[b.confidence] - RANK[a.confidence] || saving(b) - saving(a) || ORDER.indexOf(a.category) - ORDER.indexOf(b.category));
  return { recommendations, insufficient: null };
}
