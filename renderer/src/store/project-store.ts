/**
 * Data of the selected project: profile (its cost histogram included), recommendations, tuning
 * config and ledger. Refreshes keep the old data on screen until the new data arrives, so live
 * updates never flash a skeleton.
 */
import { create } from 'zustand';
import type { LedgerEntry, ProjectProfile, RecommendationsResult, TuningState } from '../../../shared/domain';
import { api, errorMessage } from '../api/client';

export type { TuningState };

type Part = 'profile' | 'recs' | 'tuning' | 'ledger';

interface ProjectStore {
  projectId: string | null;
  profile: ProjectProfile | null;
  recs: RecommendationsResult | null;
  tuning: TuningState | null;
  ledger: LedgerEntry[] | null;
  errors: Partial<Record<Part, string>>;
  /** Selects a project (no-op when already selected) and loads its data. */
  select: (projectId: string) => void;
  /** Reloads the given parts (all by default) of the selected project. */
  refresh: (parts?: Part[]) => Promise<void>;
  setTuning: (t: TuningState) => void;
}

const ALL: Part[] = ['profile', 'recs', 'tuning', 'ledger'];
const seq: Record<Part, number> = { profile: 0, recs: 0, tuning: 0, ledger: 0 };

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
  };

  return {
    projectId: null,
    profile: null,
    recs: null,
    tuning: null,
    ledger: null,
    errors: {},
    select: (projectId) => {
      if (get().projectId === projectId) return;
      set({ projectId, profile: null, recs: null, tuning: null, ledger: null, errors: {} });
      // The profile first: it is what the dashboard paints. The rest is asked for once it is in,
      // so the server answers the profile (and the boot calls) without queueing behind them.
      void loaders.profile(projectId).finally(() => {
        if (get().projectId === projectId) void Promise.all(ALL.filter((p) => p !== 'profile').map((p) => loaders[p](projectId)));
      });
    },
    refresh: async (parts = ALL) => {
      const id = get().projectId;
      if (!id) return;
      await Promise.all(parts.map((p) => loaders[p](id)));
    },
    setTuning: (tuning) => set({ tuning }),
  };
});
