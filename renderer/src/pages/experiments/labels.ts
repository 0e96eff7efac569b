/** Words for the experiments engine's codes: statuses, metrics, decision bases. */
import type { DecisionMetric, ExperimentStatus, VariantRow } from '../../../../shared/experiments';

export const STATUS_TEXT: Record<ExperimentStatus, string> = {
  collecting: 'Collecting',
  winner: 'Winner',
  harmful: 'Harmful',
  no_difference: 'No difference',
  inconclusive: 'Inconclusive',
};

/** Badge tone of a status. */
export const STATUS_TONE: Record<ExperimentStatus, 'good' | 'warn' | 'bad' | 'muted'> = {
  collecting: 'muted',
  winner: 'good',
  harmful: 'bad',
  no_difference: 'muted',
  inconclusive: 'warn',
};

export const METRIC_TEXT: Record<DecisionMetric, string> = {
  pass_rate: 'QA pass rate',
  cost: 'cost per run',
  cost_per_pass: 'cost per passed run',
};

export const FACTOR_TEXT: Record<string, string> = {
  mode: 'Mode',
  prompt_strategy: 'Prompt strategy',
  model: 'Model',
  prompt_version: 'Prompt version',
  recipe: 'Recipe',
};

export const BASIS_TEXT: Record<NonNullable<VariantRow['decision_basis']>, string> = {
  paired: 'paired on shared tasks',
  stratified: 'stratified',
  raw: 'raw comparison',
};

/** Point estimate of a variant's effect on `metric`, on the scale of its decision interval (ratio for costs, difference for pass rate). */
export function effectEstimate(metric: DecisionMetric, v: VariantRow, control: VariantRow): number | null {
  if (metric === 'pass_rate') return v.pass_rate != null && control.pass_rate != null ? v.pass_rate - control.pass_rate : null;
  if (metric === 'cost_per_pass') return v.cost_per_pass_ratio ?? (v.cost_per_pass != null && control.cost_per_pass ? v.cost_per_pass / control.cost_per_pass : null);
  return v.cost_mean != null && control.cost_mean ? v.cost_mean / control.cost_mean : null;
}
