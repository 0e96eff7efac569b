/**
 * Data of the selected project: profile, recommendations, tuning config, ledger and a cost sample
 * for the histogram. Refreshes keep the old data on screen until the new data arrives, so live
 * updates never flash a skeleton.
 */
import { create } from 'zustand';
import type { LedgerEntry, ProjectProfile, RecommendationsResult, TuningConfig } from '../../../shared/domain';
import { api, errorMessage } from '../api/client';

export type TuningState = TuningConfig & { config_path: string | null };

/** How many recent runs feed the cost histogram (one request, index-ordered on the server). */
export const COST_SAMPLE_SIZE = 1000;

type Part = 'profile' | 'recs' | 'tuning' | 'ledger' | 'costs';

interface ProjectStore {
  projectId: string | null;
  profile: ProjectProfile | null;
  recs: RecommendationsResult | null;
  tuning: TuningState | null;
  ledger: LedgerEntry[] | null;
  costs: { values: number[]; total: number } | null;
  errors: Partial<Record<Part, string>>;
  /** Selects a project (no-op when already selected) and loads its data. */
  select: (projectId: string) => void;
  /** Reloads the given parts (all by default) of the selected project. */
  refresh: (parts?: Part[]) => Promise<void>;
  setTuning: (t: TuningState) => void;
}

const ALL: Part[] = ['profile', 'recs', 'tuning', 'ledger', 'costs'];
const seq: Record<Part, number> = { profile: 0, recs: 0, tuning: 0, ledger: 0, costs: 0 };

export const useProjectStore = create<ProjectStore>((set, get) => {
  /** Loads one part; drops the answer if the project changed or a newer load started meanwhile. */
  async function load<K extends Part>(part: K, projectId: string, fetcher: () => Promise<unknown>, key: keyof ProjectStore) {
    const mine = ++seq[part];
    try {
      const value = await fetcher();
      if (get().projectId !== projectId || mine !== seq[part]) return;
      set((s) => ({ [key]: value, errors: { ...s.errors, [part]: undefined } }) as Partial<ProjectStore>);
    } catch (err) {
      if (get().projectId !== projectId || mine !== seq[part]) return;
      set((s) => ({ errors: { ...s.errors, [part]: errorMessage(err) } }));
    }
  }

  const loaders: Record<Part, (id: string) => Promise<void>> = {
    profile: (id) => load('profile', id, () => api.getProfile({ project_id: id }), 'profile'),
    recs: (id) => load('recs', id, () => api.getRecommendations({ project_id: id }), 'recs'),
    tuning: (id) => load('tuning', id, () => api.getTuningConfig({ project_id: id }), 'tuning'),
    ledger: (id) => load('ledger', id, () => api.listLedger({ project_id: id }), 'ledger'),
    costs: (id) =>
      load(
        'costs',
        id,
        async () => {
          const page = await api.listRuns({ project_id: id, sort: 'started_at', dir: 'desc', offset: 0, limit: COST_SAMPLE_SIZE });
          const values = page.rows.map((r) => r.total_cost_usd).filter((c): c is number => c != null);
          return { values, total: page.total };
        },
        'costs',
      ),
  };

  return {
    projectId: null,
    profile: null,
    recs: null,
    tuning: null,
    ledger: null,
    costs: null,
    errors: {},
    select: (projectId) => {
      if (get().projectId === projectId) return;
      set({ projectId, profile: null, recs: null, tuning: null, ledger: null, costs: null, errors: {} });
      // The profile first: it is what the dashboard paints; the rest follows in parallel.
      void Promise.all(ALL.map((p) => loaders[p](projectId)));
    },
    refresh: async (parts = ALL) => {
      const id = get().projectId;
      if (!id) return;
      await Promise.all(parts.map((p) => loaders[p](id)));
    },
    setTuning: (tuning) => set({ tuning }),
  };
});
