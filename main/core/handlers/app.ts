/** App-level operations: status, settings, folders, demo data. */
import { join } from 'node:path';
import { checkCustomFactors } from '../../../shared/custom-factors';
import { DEFAULT_RECOMMENDATION_SETTINGS, type RecommendationSettings, type Settings } from '../../../shared/domain';
import { foldersNeedingRescan } from '../../ingest';
import { UserError } from '../types';
import type { HandlersOf } from '../../../shared/operations';
import { generateDemo } from '../../demo/generate-demo';
import type { CoreContext } from '../context';
import { FolderManager } from '../folders';
import { ensureRunLabels } from '../../ingest';
import type { LabelRulesInput } from '../../../shared/label-rules';

type Handlers = HandlersOf<'app'>;

export function appHandlers(ctx: CoreContext): Handlers {
  const addFolder = async (path: string) => {
    const abs = FolderManager.check(path);
    const folders = (await ctx.settings()).folders;
    const settings = folders.includes(abs) ? (await ctx.settings()) : await ctx.saveSettings({ folders: [...folders, abs] });
    ctx.bus.emit({ type: 'settings-changed' });
    // The initial ingest runs in the background; progress arrives as events.
    void ctx.folders.add(abs);
    return settings;
  };

  const withRescan = async (s: Settings): Promise<Settings> => ({ ...s, experiment_factors_rescan: await foldersNeedingRescan(ctx.store, s.folders) });

  return {
    async getStatus() {
      const desktop = ctx.host === 'electron';
      return {
        version: ctx.version,
        host: ctx.host,
        db_path: ctx.dbPath,
        data_dir: ctx.dataDir,
        folders: (await ctx.settings()).folders,
        progress: ctx.folders.progress,
        counts: await ctx.store.counts(),
        capabilities: { pick_folder: desktop, pick_file: desktop, reveal_path: desktop, notifications: desktop },
      };
    },
    async getIngestProgress() {
      return ctx.folders.progress;
    },
    async getSettings() {
      return withRescan((await ctx.settings()));
    },
    async updateSettings(patch) {
      const current = (await ctx.settings());
      let named: string[] | undefined;
      if (patch.experiment_factors !== undefined) {
        const checked = checkCustomFactors(patch.experiment_factors);
        if (!checked.ok) throw new UserError(checked.message, 'invalid-request');
        named = checked.names;
      }
      const settings = await ctx.saveSettings({
        ...(named !== undefined ? { experiment_factors: named } : {}),
        ...(patch.notifications !== undefined ? { notifications: patch.notifications } : {}),
        ...(patch.theme !== undefined ? { theme: patch.theme } : {}),
        ...(patch.tuning_defaults ? { tuning_defaults: { ...current.tuning_defaults, ...patch.tuning_defaults } } : {}),
        ...(patch.recommendation_settings ? { recommendation_settings: mergeRecommendationSettings(current.recommendation_settings, patch.recommendation_settings) } : {}),
        ...(patch.learning_labels !== undefined ? { learning_labels: mergeLabelRules(current.learning_labels, patch.learning_labels) } : {}),
      });
      if (patch.learning_labels !== undefined) {
        // New label rules: every stored run label is derived again now, under them (docs/learning.md §1).
        await ensureRunLabels(ctx.store, new Date(ctx.now()).toISOString());
        ctx.learning.invalidate();
      }
      ctx.analysis.invalidate();
      ctx.bus.emit({ type: 'settings-changed' });
      return withRescan(settings);
    },
    addFolder: ({ path }) => addFolder(path),
    async removeFolder({ path }) {
      const folders = (await ctx.settings()).folders.filter((f) => f !== path);
      const settings = await ctx.saveSettings({ folders });
      await ctx.folders.remove(path);
      ctx.analysis.invalidate();
      ctx.bus.emit({ type: 'settings-changed' });
      return settings;
    },
    // Native pickers exist only in the desktop shell, which overrides these two.
    async pickFolder() {
      return { path: null, supported: false };
    },
    async pickConfigFile() {
      return { path: null, supported: false };
    },
    async revealPath() {
      return { supported: false };
    },
    async createDemoData() {
      const dir = join(ctx.dataDir, 'demo-run-logs');
      generateDemo(dir, { now: ctx.now() });
      return addFolder(dir);
    },
    async rescan() {
      void ctx.folders.rescan((await ctx.settings()).folders);
      return { started: true };
    },
  };
}

/** A settings patch over the stored recommendation settings; a null willingness-to-pay removes it. */
function mergeRecommendationSettings(
  current: RecommendationSettings | undefined,
  patch: { qa_margin?: number; willingness_to_pay_usd?: Record<string, number | null> },
): RecommendationSettings {
  const base = current ?? DEFAULT_RECOMMENDATION_SETTINGS;
  const wtp = { ...base.willingness_to_pay_usd };
  for (const [k, v] of Object.entries(patch.willingness_to_pay_usd ?? {})) {
    if (v == null) delete wtp[k];
    else wtp[k] = v;
  }
  return { qa_margin: patch.qa_margin ?? base.qa_margin, willingness_to_pay_usd: wtp };
}

/** Label thresholds over the stored ones (weights merged too); null: back to the defaults. */
function mergeLabelRules(current: LabelRulesInput | undefined, patch: LabelRulesInput | null): LabelRulesInput {
  if (patch === null) return {};
  const weights = { ...current?.weights, ...patch.weights };
  return { ...current, ...patch, ...(Object.keys(weights).length > 0 ? { weights } : {}) };
}
