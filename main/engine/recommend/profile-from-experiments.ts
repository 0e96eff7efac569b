/**
 * The profile's judgement fields from the experiments engine: `preferred_*` is the arm best on
 * cost per passed run with always-valid confidence (null when none is), and cost per passed run
 * is taken over the same runs for both terms (runs with a cost and a QA outcome).
 */
import type { ArmStats, ProjectProfile } from '../../../shared/domain';
import type { ExperimentResult, ExperimentRun } from '../experiments/types';
import { ARM_RULES, pQaWorse, pWorseBy, qaTier } from './arm-comparison';

/**
 * The arm best on cost per passed run with confidence: the experiment's winner (better than the
 * control with always-valid confidence) when its QA risk is within the recommendations' low
 * cut-off (so the badge never crowns an arm the cards reject for QA); else the control when every
 * other arm is worse than it with always-valid confidence (Holm); else null ("no clear best yet").
 */
export function preferredArm(exp: ExperimentResult | undefined, qaMargin: number = ARM_RULES.qaMargin): string | null {
  if (!exp) return null;
  if (exp.winner) {
    const w = exp.variants.find((v) => v.value === exp.winner);
    const c = exp.variants.find((v) => v.value === exp.control);
    if (w && c && qaTier(pQaWorse(w, c, qaMargin), pWorseBy(w, c, 2 * qaMargin) ?? 0) != null) return exp.winner;
    return null;
  }
  const others = exp.variants.filter((v) => v.value !== exp.control);
  if (others.length === 0) return null;
  const allWorse = others.every((v) => {
    const e = v.decision_effects.cost_per_pass;
    const p = v.p_always_valid_adjusted.cost_per_pass;
    return e != null && e.gain < 0 && p != null && p < 0.05;
  });
  return allWorse ? exp.control : null;
}

/** Cost per passed run over runs with both a cost and a QA outcome: Σ cost / passes among them. */
export function costPerPassSameRuns(runs: readonly Pick<ExperimentRun, 'cost_usd' | 'qa'>[]): number | null {
  let sum = 0;
  let passes = 0;
  for (const r of runs) {
    if (r.cost_usd == null || r.qa == null) continue;
    sum += r.cost_usd;
    if (r.qa === 'passed') passes++;
  }
  return passes > 0 ? sum / passes : null;
}

const PROFILE_FACTORS = [
  ['mode', 'modes', 'preferred_mode'],
  ['prompt_strategy', 'strategies', 'preferred_strategy'],
  ['model', 'models', 'preferred_model'],
  ['prompt_version', 'prompt_versions', null],
] as const;

/** A copy of the profile with preferred arms and costs per passed run from the experiments. */
export function profileFromExperiments(profile: ProjectProfile, experiments: readonly ExperimentResult[], runs: readonly ExperimentRun[]): ProjectProfile {
  const byFactor = new Map(experiments.filter((e) => e.name == null).map((e) => [e.factor, e]));
  const out: ProjectProfile = { ...profile, cost_per_passed_run: costPerPassSameRuns(runs) };
  for (const [factor, key, preferred] of PROFILE_FACTORS) {
    const exp = byFactor.get(factor);
    const arms = { ...(profile[key] as Record<string, ArmStats>) };
    for (const v of exp?.variants ?? []) if (arms[v.value]) arms[v.value] = { ...arms[v.value], cost_per_passed_run: v.cost_per_pass };
    (out as unknown as Record<string, unknown>)[key] = arms;
    // A factor with one arm has no experiment: that arm stays preferred (there is nothing to compare).
    const only = Object.keys(arms).length === 1 ? (profile as unknown as Record<string, string | null>)[preferred ?? ''] ?? null : null;
    if (preferred) (out as unknown as Record<string, unknown>)[preferred] = exp ? preferredArm(exp) : only;
  }
  return out;
}
