/**
 * Pattern 6 (seed 002 §4): a plain summary per recipe × domain. The tests between recipes are
 * the experiments engine's job; here we only warn when recipes ran under different models or
 * modes, because then a difference between recipes may be the model's.
 */
import type { LearningOptions } from './options';
import { qualityScore } from './labels';
import { mean, median, rateCi, runPassed } from './run-facts';
import type { LearningRun } from './types';
import type { RecipeRow, RecipeSummary } from '../../../shared/learning';
export type { RecipeRow, RecipeSummary } from '../../../shared/learning';

/** The recipe summary; runs without a recipe are left out. */
export function recipeSummary(runs: readonly LearningRun[], labelOpts: LearningOptions['labels']): RecipeSummary {
  const groups = new Map<string, LearningRun[]>();
  for (const r of runs) {
    if (!r.recipe) continue;
    const key = `${r.recipe}\u0000${r.domain ?? ''}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  }
  const rows: RecipeRow[] = [];
  for (const list of groups.values()) {
    let s = 0;
    let n = 0;
    const durations: number[] = [];
    const costs: number[] = [];
    const quality: number[] = [];
    const models = new Map<string, number>();
    for (const r of list) {
      const p = runPassed(r);
      if (p != null) {
        n++;
        if (p) s++;
      }
      if (r.duration_s != null) durations.push(r.duration_s);
      if (r.total_cost_usd != null) costs.push(r.total_cost_usd);
      const q = qualityScore(r, labelOpts);
      if (q) quality.push(q.score);
      if (r.model) models.set(r.model, (models.get(r.model) ?? 0) + 1);
    }
    const top = [...models].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    rows.push({
      recipe: list[0].recipe!, domain: list[0].domain ?? null, runs: list.length, success: rateCi(s, n),
      median_duration_s: median(durations), mean_cost_usd: mean(costs), median_cost_usd: median(costs),
      mean_quality: mean(quality), quality_n: quality.length,
      top_model: top?.[0] ?? null, top_model_share: top ? top[1] / list.length : null,
    });
  }
  rows.sort((a, b) => a.recipe.localeCompare(b.recipe) || (a.domain ?? '').localeCompare(b.domain ?? ''));
  return { rows, warnings: confounding(rows) };
}

function confounding(rows: readonly RecipeRow[]): string[] {
  const withModel = rows.filter((r) => r.top_model != null);
  const models = new Set(withModel.map((r) => r.top_model));
  if (models.size <= 1) return [];
  const parts = withModel.map((r) => `${label(r)}: mostly ${r.top_model} (${Math.round(r.top_model_share! * 100)} %)`);
  return [`Recipes ran with different models (${parts.join('; ')}); a difference between recipes may be the model's. Compare them in an experiment with the model held fixed.`];
}

function label(r: RecipeRow): string {
  return r.domain ? `${r.recipe} × ${r.domain}` : r.recipe;
}
