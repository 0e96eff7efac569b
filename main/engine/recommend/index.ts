/** All recommendations for one project: rounds, cost, and every factor's experiment. */
import type { ConsideredArm, InsufficientData, ProjectProfile, Recommendation, RecommendationCategory, TuningConfig } from '../../../shared/domain';
import type { TunableField } from '../../../shared/run-record';
import type { ProjectAggregates } from '../aggregates';
import type { ExperimentResult } from '../experiments/types';
import { ARM_RULES, judgeFactor } from './arm-comparison';
import { type Draft, recommendationId } from './common';
import { recommendCost } from './cost';
import { type LimitFacts, recommendRounds } from './rounds';

/** The factors judged as experiments, with their card category and config field. */
export const ARM_FACTORS: ReadonlyArray<{ factor: string; category: RecommendationCategory; field: TunableField }> = [
  { factor: 'mode', category: 'mode', field: 'mode' },
  { factor: 'prompt_strategy', category: 'strategy', field: 'prompt_strategy' },
  { factor: 'model', category: 'model', field: 'model' },
  { factor: 'prompt_version', category: 'prompt_version', field: 'prompt_version' },
  { factor: 'recipe', category: 'recipe', field: 'recipe' },
];

export interface RecommendInput {
  project_id: string;
  profile: ProjectProfile;
  agg: ProjectAggregates;
  /** Current settings (from the linked config, else the latest run); unknown fields are skipped. */
  current: Partial<Record<TunableField, string | number>>;
  tuning: TuningConfig;
  /** The project's experiments (analyzeExperiments with the current values as controls). */
  experiments: ExperimentResult[];
  /** QA margin (default 5 points) and this project's willingness to pay per extra passed run. */
  settings?: { qa_margin?: number; willingness_to_pay_usd?: number | null };
  /** Rounds outcomes and the ledger's limit changes (the censoring-aware rounds rule); absent: the seed's rule. */
  limits?: LimitFacts;
}

export interface RecommendOutput {
  recommendations: Recommendation[];
  insufficient: InsufficientData | null;
  considered: ConsideredArm[];
}

const ORDER: RecommendationCategory[] = ['mode', 'rounds', 'cost', 'strategy', 'model', 'prompt_version', 'recipe'];
const RANK = { high: 2, medium: 1, low: 0 } as const;

/** Dollars saved per 100 runs (impacts are signed: negative is cheaper). */
const saving = (r: Draft): number => -(r.impact?.per_100_runs_usd ?? 0);
/** Cards with a dollar saving first, then better-quality cards (by pass-rate gain), then the rest (limits). */
const group = (r: Draft): number => (r.kind === 'better_quality' ? 1 : r.impact?.per_100_runs_usd != null ? 0 : 2);
const passGain = (r: Draft): number => Number(r.evidence.values?.pass_rate_gain ?? 0);

const runs = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;

/** The seed's insufficient-data message: "Need 5 runs, currently have 2 runs." */
export function insufficientData(needed: number, have: number): InsufficientData {
  return { needed, have, message: `Need ${runs(needed)}, currently have ${runs(have)}.` };
}

/** Orders cards: by tier, then $ saving per 100 runs, better-quality cards by pass-rate gain, limits last. */
export function compareCards(a: Draft, b: Draft): number {
  return RANK[b.confidence] - RANK[a.confidence] || group(a) - group(b)
    || (group(a) === 0 ? saving(b) - saving(a) : group(a) === 1 ? passGain(b) - passGain(a) : 0)
    || ORDER.indexOf(a.category) - ORDER.indexOf(b.category);
}

/**
 * Runs every rule against the current settings. Below `min_runs_for_recommendations` runs it
 * says nothing and explains why. Every arm of every factor that is not recommended is listed in
 * `considered` with its reason.
 */
export function generateRecommendations(input: RecommendInput): RecommendOutput {
  const { project_id, profile, agg, current, tuning } = input;
  const needed = tuning.min_runs_for_recommendations;
  if (profile.runs_count < needed) return { recommendations: [], insufficient: insufficientData(needed, profile.runs_count), considered: [] };

  const settings = { qa_margin: input.settings?.qa_margin ?? ARM_RULES.qaMargin, willingness_to_pay_usd: input.settings?.willingness_to_pay_usd ?? null };
  const byFactor = new Map(input.experiments.filter((e) => e.name == null).map((e) => [e.factor, e]));
  const drafts: Array<Draft | null> = [
    recommendRounds(profile, agg, current.max_rounds, input.limits),
    recommendCost(profile, agg, current.max_cost_usd),
  ];
  const considered: ConsideredArm[] = [];
  for (const f of ARM_FACTORS) {
    const j = judgeFactor(f.category, f.field, byFactor.get(f.factor), current[f.field], settings);
    drafts.push(j.draft);
    considered.push(...j.considered);
  }
  const recommendations = drafts
    .filter((d): d is Draft => d != null)
    .sort(compareCards)
    .map((d) => ({ id: recommendationId(project_id, d.category, d.recommended_value), project_id, ...d }));
  return { recommendations, insufficient: null, considered };
}
