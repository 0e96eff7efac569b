/**
 * The auto-label rules' thresholds (seed 002 §3.1, docs/learning.md §1) as a user setting
 * (`Settings.learning_labels`): stored labels are derived under them at ingest and re-derived
 * when they change.
 */

/** Every threshold of the run and prompt-version labels. */
export interface LabelRules {
  /** Gate "good": failed, auto-fixed, at a retry attempt below this. Seed 002 §3.1 max_retries. */
  maxRetries: number;
  /** Prompt effectiveness "high": success rate above this and mean retries below `highMaxRetries`. */
  highSuccess: number;
  highMaxRetries: number;
  /** Prompt effectiveness "medium": success rate above this. */
  mediumSuccess: number;
  /** Fewer runs than this and a version is labelled "not_enough_runs". */
  minRunsPerVersion: number;
  /** Output quality: production_ready at or above, needs_minor_fixes at or above. */
  productionReady: number;
  minorFixes: number;
  /** Weights of seed 002's quality score (sum 1). */
  weights: { coverage: number; security: number; performance: number; rework: number };
  /** How many of the four quality inputs a run needs for a score (4 = all, as the seed). */
  qualityMinInputs: number;
}

/** A user's overrides of the defaults (absent keys keep the default). */
export type LabelRulesInput = Partial<Omit<LabelRules, 'weights'>> & { weights?: Partial<LabelRules['weights']> };

const SCALARS = ['maxRetries', 'highSuccess', 'highMaxRetries', 'mediumSuccess', 'minRunsPerVersion', 'productionReady', 'minorFixes', 'qualityMinInputs'] as const;
const WEIGHTS = ['coverage', 'security', 'performance', 'rework'] as const;

/** The known finite numbers of a stored value (anything else is dropped, so a bad setting cannot break labelling). */
export function labelRulesInput(v: unknown): LabelRulesInput {
  const out: LabelRulesInput = {};
  if (v == null || typeof v !== 'object' || Array.isArray(v)) return out;
  const o = v as Record<string, unknown>;
  for (const k of SCALARS) if (typeof o[k] === 'number' && Number.isFinite(o[k])) out[k] = o[k] as number;
  const w = o.weights;
  if (w != null && typeof w === 'object' && !Array.isArray(w)) {
    const weights: Partial<LabelRules['weights']> = {};
    for (const k of WEIGHTS) {
      const x = (w as Record<string, unknown>)[k];
      if (typeof x === 'number' && Number.isFinite(x) && x >= 0) weights[k] = x;
    }
    if (Object.keys(weights).length > 0) out.weights = weights;
  }
  return out;
}

/** A fingerprint of resolved rules: equal rules, equal text (keys in a fixed order). */
export function labelRulesKey(r: LabelRules): string {
  return JSON.stringify([...SCALARS.map((k) => r[k]), ...WEIGHTS.map((k) => r.weights[k])]);
}
