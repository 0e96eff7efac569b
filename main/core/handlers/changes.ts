/** Config changes: preview, apply, undo, ledger, auto-tune settings, config links. */
import type { RunFacts } from '../../../shared/aggregates';
import type { LedgerEntry, Recommendation } from '../../../shared/domain';
import type { HandlersOf } from '../../../shared/operations';
import { TUNABLE_FIELDS, type TunableField } from '../../../shared/run-record';
import { applyChange, previewChange, previewUndo, undoChange } from '../../config/apply';
import { readProjectConfig } from '../../config/project-config';
import { setTuningFor } from '../../config/tuning';
import { aggregateRuns } from '../../engine/aggregates';
import { ledgerOutcome, type RealisedStats } from '../../engine/outcome';
import type { CoreContext } from '../context';
import { UserError } from '../types';

type Handlers = HandlersOf<'changes'>;

export function changeHandlers(ctx: CoreContext): Handlers {
  const configOf = async (projectId: string): Promise<string> => {
    const path = await ctx.configPathOf(projectId);
    if (!path) {
      throw new UserError(`Project "${projectId}" has no project_config.json linked: link one in Settings first.`, 'conflict');
    }
    return path;
  };
  const findRecommendation = async (projectId: string, id: string): Promise<Recommendation> => {
    const rec = (await ctx.analysis.get(projectId)).recommendations.recommendations.find((r) => r.id === id);
    if (!rec) throw new UserError('This recommendation is no longer current (the data or the config changed). Refresh and try again.', 'conflict');
    return rec;
  };
  const changed = (projectId: string): void => {
    ctx.analysis.invalidate(projectId);
    ctx.bus.emit({ type: 'config-changed', project_id: projectId });
  };
  const tuningResult = async (projectId: string) => {
    const a = await ctx.analysis.get(projectId);
    return { ...a.tuning, config_path: a.config_path, sources: a.tuning_sources, inherited: a.tuning_inherited };
  };

  return {
    async previewApply({ project_id, recommendation_id }) {
      const rec = await findRecommendation(project_id, recommendation_id);
      return previewChange({ path: await configOf(project_id), projectId: project_id, field: rec.field, value: rec.recommended_value });
    },
    async applyRecommendation({ project_id, recommendation_id, base_hash }) {
      const rec = await findRecommendation(project_id, recommendation_id);
      const entry = await applyChange(ctx.store.ledger, {
        path: await configOf(project_id), projectId: project_id, field: rec.field, value: rec.recommended_value,
        baseHash: base_hash, by: 'user', recommendation: rec, now: new Date(ctx.now()),
      });
      changed(project_id);
      return entry;
    },
    async previewUndo({ change_id }) {
      return await previewUndo(ctx.store.ledger, change_id);
    },
    async undoChange({ change_id, base_hash }) {
      const entry = await undoChange(ctx.store.ledger, change_id, { baseHash: base_hash, now: new Date(ctx.now()) });
      changed(entry.project_id);
      return entry;
    },
    async listLedger({ project_id }) {
      const out: LedgerEntry[] = [];
      for (const e of await ctx.store.ledger.list(project_id)) out.push(await withOutcome(ctx, e));
      return out;
    },
    async getTuningConfig({ project_id }) {
      return await tuningResult(project_id);
    },
    async setAutoTune({ project_id, enabled, scope }) {
      setTuningFor(await configOf(project_id), { enabled }, { projectId: project_id, scope });
      changed(project_id);
      return await tuningResult(project_id);
    },
    async updateTuningConfig({ project_id, patch, scope }) {
      setTuningFor(await configOf(project_id), patch, { projectId: project_id, scope });
      changed(project_id);
      return await tuningResult(project_id);
    },
    async linkConfig({ project_id, path }) {
      const links = { ...(await ctx.settings()).project_configs };
      if (path === null) delete links[project_id];
      else {
        try {
          readProjectConfig(path, project_id);
        } catch (err) {
          throw new UserError(`Cannot link ${path}: ${err instanceof Error ? err.message : String(err)}`, 'invalid-request');
        }
        links[project_id] = path;
      }
      const settings = await ctx.saveSettings({ project_configs: links });
      changed(project_id);
      return settings;
    },
  };
}

/** Predicted vs realised effect of an applied change, once runs happened under the new value. */
async function withOutcome(ctx: CoreContext, entry: LedgerEntry): Promise<LedgerEntry> {
  if (entry.status !== 'applied' || !entry.recommendation || !isTunable(entry.field)) return entry;
  const value = entry.after_value;
  if (typeof value !== 'string' && typeof value !== 'number') return entry;
  const minRuns = (await ctx.analysis.get(entry.project_id)).tuning.min_runs_for_recommendations;
  const realised = await realisedSince(ctx, entry.project_id, Date.parse(entry.applied_at), entry.field, value);
  return { ...entry, outcome: ledgerOutcome(entry.recommendation, realised, minRuns) };
}

/** The sums of the runs made under `field = value` since `sinceMs`: the same fold as the aggregates. */
async function realisedSince(ctx: CoreContext, projectId: string, sinceMs: number, field: TunableField, value: string | number): Promise<RealisedStats> {
  const facts: RunFacts[] = [];
  for await (const f of ctx.store.runs.factsSince(projectId, sinceMs, field, value)) facts.push(f);
  const a = aggregateRuns(projectId, facts).overall;
  // Σ cost² for the realised dollar interval (the aggregates keep log-cost sums only).
  const sumCost2 = facts.reduce((s, f) => s + (f.total_cost_usd != null ? f.total_cost_usd * f.total_cost_usd : 0), 0);
  return {
    runs: a.n, sum_cost: a.sum_cost, cost_n: a.cost_n, log_n: a.log_n, sum_log_cost: a.sum_log_cost, sum_log_cost2: a.sum_log_cost2, sum_cost2: sumCost2,
    qa_passed: a.qa_passed, qa_n: a.qa_passed + a.qa_warning + a.qa_failed,
  };
}

function isTunable(field: string): field is TunableField {
  return (TUNABLE_FIELDS as readonly string[]).includes(field);
}
