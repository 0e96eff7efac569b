/** App settings persisted in the database's `settings` table (one JSON value per key). */
import { DEFAULT_RECOMMENDATION_SETTINGS, DEFAULT_TUNING, type RecommendationSettings, type Settings } from '../../shared/domain';
import type { Db } from '../store/db';

const DEFAULTS: Settings = {
  folders: [],
  project_configs: {},
  notifications: true,
  theme: 'system',
  tuning_defaults: DEFAULT_TUNING,
};

export function readSettings(db: Db): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  const stored: Record<string, unknown> = {};
  for (const r of rows) {
    try {
      stored[r.key] = JSON.parse(r.value);
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
  };
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

export function writeSettings(db: Db, patch: Partial<Settings>): Settings {
  const upsert = db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) upsert.run(key, JSON.stringify(value));
  })();
  return readSettings(db);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
