/** Recommendations from plain runs, for the rule tests and simulations (not used by the app). */
import { DEFAULT_TUNING, type TuningConfig } from '../../../shared/domain';
import type { TunableField } from '../../../shared/run-record';
import { aggregateRuns, type RunFacts } from '../aggregates';
import { analyzeExperiments } from '../experiments/analyze';
import type { ExperimentResult, ExperimentRun } from '../experiments/types';
import { buildProfile } from '../profile';
import { ARM_FACTORS, generateRecommendations, type RecommendInput, type RecommendOutput } from './index';

/** A run for the tests: the fold's facts plus a task key and a recipe. */
export type TestRun = RunFacts & { task_id?: string | null; recipe?: string | null };

let seq = 0;
/** The experiments engine's view of a run. */
export function toExperimentRun(r: TestRun): ExperimentRun {
  return {
    run_id: `r${seq++}`, started_ms: r.started_ms,
    factors: { mode: r.mode, prompt_strategy: r.prompt_strategy, model: r.model, prompt_version: r.prompt_version, recipe: r.recipe ?? null },
    task_id: r.task_id ?? null, cost_usd: r.total_cost_usd, qa: r.qa_status, duration_s: r.duration_s, tokens: null, retries: null, rating: null,
  };
}

type Current = Partial<Record<TunableField, string | number>>;

/** The experiments of the runs with the current values as controls. */
export function experimentsOf(runs: readonly TestRun[], current: Current): ExperimentResult[] {
  const controls: Record<string, string> = {};
  for (const f of ARM_FACTORS) if (current[f.field] != null) controls[f.factor] = String(current[f.field]);
  const present = ARM_FACTORS.map((f) => f.factor).filter((f) => runs.some((r) => (f === 'recipe' ? r.recipe : r[f as keyof RunFacts]) != null));
  return analyzeExperiments(runs.map(toExperimentRun), { controls, factors: present, only: present });
}

/** generateRecommendations over plain runs. */
export function recommend(
  runs: TestRun[], current: Current, tuning: Partial<TuningConfig> = {}, extra: Partial<Pick<RecommendInput, 'settings' | 'limits'>> = {},
): RecommendOutput {
  const t = { ...DEFAULT_TUNING, ...tuning };
  const agg = aggregateRuns('proj', runs);
  const profile = buildProfile(agg, { min_runs_for_recommendations: t.min_runs_for_recommendations });
  return generateRecommendations({ project_id: 'proj', profile, agg, current, tuning: t, experiments: experimentsOf(runs, current), ...extra });
}
