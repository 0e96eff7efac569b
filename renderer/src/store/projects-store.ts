/** The list of projects with their summaries. */
import { create } from 'zustand';
import type { ProjectSummary } from '../../../shared/domain';
import { api, errorMessage } from '../api/client';

interface ProjectsStore {
  projects: ProjectSummary[] | null;
  error: string | null;
  load: () => Promise<ProjectSummary[] | null>;
}

let seq = 0;

export const useProjectsStore = create<ProjectsStore>((set) => ({
  projects: null,
  error: null,
  load: async () => {
    const mine = ++seq;
    try {
      const projects = await api.listProjects({});
      // A slower, older answer must not overwrite a newer one.
      if (mine === seq) set({ projects, error: null });
      return projects;
    } catch (err) {
      if (mine === seq) set({ error: errorMessage(err) });
      return null;
    }
  },
}));
