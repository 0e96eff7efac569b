/** App-wide status: what host we run in, capabilities, ingest progress, and the boot state. */
import { create } from 'zustand';
import type { AppStatus, IngestProgress } from '../../../shared/domain';
import { api, errorMessage } from '../api/client';

/** `data-app-state` on the root: e2e tests wait on "loaded" or "onboarding". */
export type AppState = 'loading' | 'onboarding' | 'loaded' | 'error';

interface AppStore {
  status: AppStatus | null;
  progress: IngestProgress | null;
  appState: AppState;
  bootError: string | null;
  /** Fetches the status; `first` flags the boot fetch. */
  refreshStatus: () => Promise<AppStatus | null>;
  setProgress: (p: IngestProgress) => void;
  setAppState: (s: AppState) => void;
  setBootError: (e: string) => void;
}

export const useAppStore = create<AppStore>((set) => ({
  status: null,
  progress: null,
  appState: 'loading',
  bootError: null,
  refreshStatus: async () => {
    try {
      const status = await api.getStatus({});
      set({ status, progress: status.progress });
      return status;
    } catch (err) {
      set({ bootError: errorMessage(err) });
      return null;
    }
  },
  setProgress: (progress) => set({ progress }),
  setAppState: (appState) => set({ appState }),
  setBootError: (bootError) => set({ bootError, appState: 'error' }),
}));

/** True while files are being scanned or ingested. */
export function isIngesting(p: IngestProgress | null): boolean {
  return !!p && (p.phase === 'scanning' || p.phase === 'ingesting');
}
