/** App settings kept in the store's settings (one JSON value per key), read with their defaults. */
import { DEFAULT_RECOMMENDATION_SETTINGS, DEFAULT_TUNING, type RecommendationSettings, type Settings } from '../../shared/domain';
import { checkCustomFactors } from '../../shared/custom-factors';
import type { SettingsStore } from '../store';
import { labelRulesInput } from '../../shared/label-rules';

const DEFAULTS: Settings = {
  folders: [],
  project_configs: {},
  notifications: true,
  theme: 'system',
  tuning_defaults: DEFAULT_TUNING,
};

export async function readSettings(settings: SettingsStore): Promise<Settings> {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(await settings.all())) {
    try {
      stored[key] = JSON.parse(value);
    } catch {
      // A corrupt value falls back to its default rather than breaking startup.
    }
  }
  return {
    folders: Array.isArray(stored.folders) ? (stored.folders as string[]) : DEFAULTS.folders,
    project_configs: isRecord(stored.project_configs) ? (stored.project_configs as Record<string, string>) : {},
    notifications: typeof stored.notifications === 'boolean' ? stored.notifications : DEFAULTS.notifications,
    theme: stored.theme === 'light' || stored.theme === 'dark' || stored.theme === 'system' ? stored.theme : DEFAULTS.theme,
    tuning_defaults: { ...DEFAULT_TUNING, ...(isRecord(stored.tuning_defaults) ? stored.tuning_defaults : {}), enabled: false },
    recommendation_settings: recommendationSettings(stored.recommendation_settings),
    ...(isRecord(stored.learning_labels) && Object.keys(labelRulesInput(stored.learning_labels)).length > 0
      ? { learning_labels: labelRulesInput(stored.learning_labels) } : {}),
    experiment_factors: customFactors(stored.experiment_factors),
  };
}

/** The named factors kept (bad entries dropped: the settings op refuses them, a hand-edited store may not). */
function customFactors(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const checked = checkCustomFactors(v.filter((x): x is string => typeof x === 'string'));
  return checked.ok ? checked.names : [];
}

/** Stored recommendation settings over the defaults; bad values fall back to the defaults. */
function recommendationSettings(v: unknown): RecommendationSettings {
  const d = DEFAULT_RECOMMENDATION_SETTINGS;
  if (!isRecord(v)) return { ...d, willingness_to_pay_usd: {} };
  const margin = typeof v.qa_margin === 'number' && v.qa_margin >= 0 && v.qa_margin <= 0.5 ? v.qa_margin : d.qa_margin;
  const wtp: Record<string, number> = {};
  if (isRecord(v.willingness_to_pay_usd)) {
    for (const [k, x] of Object.entries(v.willingness_to_pay_usd)) if (typeof x === 'number' && x >= 0) wtp[k] = x;
  }
  return { qa_margin: margin, willingness_to_pay_usd: wtp };
}

export async function writeSettings(settings: SettingsStore, patch: Partial<Settings>): Promise<Settings> {
  const entries: Record<string, string> = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) entries[key] = JSON.stringify(value);
  await settings.put(entries);
  return readSettings(settings);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
