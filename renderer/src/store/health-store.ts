/**
 * Project health views (getHealth), kept per project: the Health page, the Projects page's strip
 * and the dashboard's alert markers read the same answer. A refresh keeps the old view on screen
 * until the new one arrives.
 */
import { create } from 'zustand';
import type { HealthView } from '../../../shared/health';
import { api, errorMessage } from '../api/client';

interface HealthEntry {
  view: HealthView | null;
  error: string | null;
  loading: boolean;
}

interface HealthStore {
  byProject: Record<string, HealthEntry>;
  /** Loads (or reloads) one project's health; answers that arrive out of order are dropped. */
  load: (projectId: string) => Promise<void>;
  /** Loads the projects not loaded yet, one after another (health is the heaviest read). */
  loadMissing: (projectIds: readonly string[]) => Promise<void>;
  /** Reloads the projects already loaded among `projectIds`. */
  refresh: (projectIds: readonly string[]) => void;
}

const seq: Record<string, number> = {};

export const useHealthStore = create<HealthStore>((set, get) => ({
  byProject: {},
  load: async (projectId) => {
    const mine = (seq[projectId] = (seq[projectId] ?? 0) + 1);
    const before = get().byProject[projectId];
    set((s) => ({ byProject: { ...s.byProject, [projectId]: { view: before?.view ?? null, error: null, loading: true } } }));
    try {
      const view = await api.getHealth({ project_id: projectId });
      if (mine !== seq[projectId]) return;
      set((s) => ({ byProject: { ...s.byProject, [projectId]: { view, error: null, loading: false } } }));
    } catch (err) {
      if (mine !== seq[projectId]) return;
      set((s) => ({ byProject: { ...s.byProject, [projectId]: { view: s.byProject[projectId]?.view ?? null, error: errorMessage(err), loading: false } } }));
    }
  },
  loadMissing: async (projectIds) => {
    for (const id of projectIds) if (!get().byProject[id]) await get().load(id);
  },
  refresh: (projectIds) => {
    for (const id of projectIds) if (get().byProject[id]) void get().load(id);
  },
}));

/** One project's entry (undefined until first asked for). */
export const useHealthOf = (projectId: string | null): HealthEntry | undefined => useHealthStore((s) => (projectId ? s.byProject[projectId] : undefined));
