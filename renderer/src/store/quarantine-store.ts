/** Rejected records, paged 200 at a time; refreshed live on `quarantine-changed`. */
import { create } from 'zustand';
import type { QuarantineItem } from '../../../shared/domain';
import { api, errorMessage } from '../api/client';

const PAGE = 200;

interface QuarantineStore {
  items: QuarantineItem[] | null;
  total: number;
  error: string | null;
  loadingMore: boolean;
  load: () => Promise<void>;
  loadMore: () => Promise<void>;
}

export const useQuarantineStore = create<QuarantineStore>((set, get) => ({
  items: null,
  total: 0,
  error: null,
  loadingMore: false,
  load: async () => {
    try {
      // Keep as many rows as the user already paged through.
      const limit = Math.min(1000, Math.max(PAGE, get().items?.length ?? 0));
      const page = await api.listQuarantine({ offset: 0, limit });
      set({ items: page.items, total: page.total, error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  loadMore: async () => {
    const { items, loadingMore } = get();
    if (!items || loadingMore) return;
    set({ loadingMore: true });
    try {
      const page = await api.listQuarantine({ offset: items.length, limit: PAGE });
      set({ items: [...items, ...page.items], total: page.total, error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      set({ loadingMore: false });
    }
  },
}));
