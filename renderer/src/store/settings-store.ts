/** User settings: folders, linked config files, defaults, notifications, theme. */
import { create } from 'zustand';
import type { Settings } from '../../../shared/domain';
import type { OpRequest } from '../../../shared/operations';
import { api, errorMessage } from '../api/client';
import { toast } from './toast-store';

interface SettingsStore {
  settings: Settings | null;
  error: string | null;
  load: () => Promise<Settings | null>;
  /** Runs a settings mutation, keeps its result, reports failure as a toast and rethrows. */
  mutate: (fn: () => Promise<Settings>, success?: string) => Promise<Settings>;
  update: (patch: OpRequest<'updateSettings'>, success?: string) => Promise<Settings>;
}

export const useSettingsStore = create<SettingsStore>((set, get) => ({
  settings: null,
  error: null,
  load: async () => {
    try {
      const settings = await api.getSettings({});
      set({ settings, error: null });
      return settings;
    } catch (err) {
      set({ error: errorMessage(err) });
      return null;
    }
  },
  mutate: async (fn, success) => {
    try {
      const settings = await fn();
      set({ settings, error: null });
      if (success) toast.success(success);
      return settings;
    } catch (err) {
      toast.error(errorMessage(err));
      throw err;
    }
  },
  update: (patch, success) => get().mutate(() => api.updateSettings(patch), success),
}));
