/**
 * The dashboard's date range and bucket (per project, kept while navigating) and the series the
 * server computed for them (getTrends). A newer query's answer always wins.
 */
import { create } from 'zustand';
import type { TrendBucket, TrendRange, TrendsResult } from '../../../shared/trends';
import { api, errorMessage } from '../api/client';

export interface TrendQuery {
  range: TrendRange;
  bucket: TrendBucket;
  /** Custom range days (YYYY-MM-DD), used when range is `custom`. */
  from?: string;
  to?: string;
}

/** The default: all time by week, what the profile's weekly trend shows before the series arrive. */
export const DEFAULT_QUERY: TrendQuery = { range: 'all', bucket: 'week' };

interface TrendsEntry {
  query: TrendQuery;
  result: TrendsResult | null;
  /** The query `result` answers (it may lag behind `query` while loading). */
  answered: TrendQuery | null;
  error: string | null;
}

interface TrendsStore {
  byProject: Record<string, TrendsEntry>;
  /** Sets the query and loads its series (a custom range loads once both days are set). */
  setQuery: (projectId: string, patch: Partial<TrendQuery>) => void;
  load: (projectId: string) => Promise<void>;
}

const seq: Record<string, number> = {};
const entryOf = (s: TrendsStore, id: string): TrendsEntry => s.byProject[id] ?? { query: DEFAULT_QUERY, result: null, answered: null, error: null };

export const useTrendsStore = create<TrendsStore>((set, get) => ({
  byProject: {},
  setQuery: (projectId, patch) => {
    const e = entryOf(get(), projectId);
    set((s) => ({ byProject: { ...s.byProject, [projectId]: { ...e, query: { ...e.query, ...patch }, error: null } } }));
    void get().load(projectId);
  },
  load: async (projectId) => {
    const { query } = entryOf(get(), projectId);
    if (query.range === 'custom' && (!query.from || !query.to)) return;
    const mine = (seq[projectId] = (seq[projectId] ?? 0) + 1);
    try {
      const req = query.range === 'custom' ? { project_id: projectId, ...query } : { project_id: projectId, range: query.range, bucket: query.bucket };
      const result = await api.getTrends(req);
      if (mine !== seq[projectId]) return;
      set((s) => ({ byProject: { ...s.byProject, [projectId]: { ...entryOf(s, projectId), result, answered: query, error: null } } }));
    } catch (err) {
      if (mine !== seq[projectId]) return;
      set((s) => ({ byProject: { ...s.byProject, [projectId]: { ...entryOf(s, projectId), error: errorMessage(err) } } }));
    }
  },
}));

/** One project's range, series and error. */
export const useTrendsOf = (projectId: string) => useTrendsStore((s) => s.byProject[projectId]);
