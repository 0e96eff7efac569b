/**
 * The profile's judgement fields from the experiments engine: `preferred_*` is the arm best on
 * cost per passed run with always-valid confidence (null when none is). (Cost per passed run
 * itself is over the same runs for both terms in the fold: `qa_cost_sum / qa_cost_passed`.)
 */
import type { ArmStats, ProjectProfile } from '../../../shared/domain';
import type { ExperimentResult } from '../experiments/types';
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

const PROFILE_FACTORS = [
  ['mode', 'modes', 'preferred_mode'],
  ['prompt_strategy', 'strategies', 'preferred_strategy'],
  ['model', 'models', 'preferred_model'],
  ['prompt_version', 'prompt_versions', null],
] as const;

/** A copy of the profile with the preferred arms from the experiments. */
export function profileFromExperiments(profile: ProjectProfile, experiments: readonly ExperimentResult[]): ProjectProfile {
  const byFactor = new Map(experiments.filter((e) => e.name == null).map((e) => [e.factor, e]));
  const out: ProjectProfile = { ...profile };
  for (const [factor, key, preferred] of PROFILE_FACTORS) {
    const exp = byFactor.get(factor);
    const arms = profile[key] as Record<string, ArmStats>;
    // A factor with one arm has no experiment: that arm stays preferred (there is nothing to compare).
    const only = Object.keys(arms).length === 1 ? (profile as unknown as Record<string, string | null>)[preferred ?? ''] ?? null : null;
    if (preferred) (out as unknown as Record<string, unknown>)[preferred] = exp ? preferredArm(exp) : only;
  }
  return out;
}
