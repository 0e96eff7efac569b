/**
 * The runs table: filters, sort, and rows fetched in blocks of 200 by offset as they scroll into
 * view. The total comes from the first block of a query; later blocks only fill rows in.
 */
import { create } from 'zustand';
import type { RunRow } from '../../../shared/domain';
import type { RunsQuery } from '../../../shared/operations';
import { api, errorMessage } from '../api/client';

export const BLOCK = 200;
/** At most this many block requests in flight: fast scrolling must not queue hundreds. */
const MAX_INFLIGHT = 2;

export type RunSort = NonNullable<RunsQuery['sort']>;
export type RunFilters = Pick<RunsQuery, 'mode' | 'prompt_strategy' | 'model' | 'status' | 'qa_status' | 'from' | 'to'>;
export interface Facets {
  mode: string[];
  prompt_strategy: string[];
  model: string[];
  status: string[];
}

interface RunsStore {
  projectId: string | null;
  filters: RunFilters;
  sort: RunSort;
  dir: 'asc' | 'desc';
  total: number | null;
  blocks: Record<number, RunRow[]>;
  facets: Facets | null;
  error: string | null;
  /** Bumped whenever the query changes; answers for an older generation are dropped. */
  generation: number;
  setProject: (projectId: string) => void;
  setFilters: (patch: Partial<RunFilters>) => void;
  clearFilters: () => void;
  /** Clicking a header: same column flips direction, a new column starts descending. */
  toggleSort: (col: RunSort) => void;
  /** Called with the visible index range; fetches the blocks it needs. */
  ensureRange: (start: number, end: number) => void;
  /** Live update: refetch what is on screen (and the total) without clearing it first. */
  invalidate: () => void;
}

let inflight = new Set<number>();
let wanted: number[] = [];
let lastRange: [number, number] = [0, 0];

export const useRunsStore = create<RunsStore>((set, get) => {
  function query(offset: number): RunsQuery {
    const s = get();
    const q: RunsQuery = { project_id: s.projectId!, sort: s.sort, dir: s.dir, offset, limit: BLOCK };
    for (const [k, v] of Object.entries(s.filters)) if (v) (q as Record<string, unknown>)[k] = v;
    return q;
  }

  async function fetchBlock(block: number, gen: number) {
    inflight.add(block);
    try {
      const page = await api.listRuns(query(block * BLOCK));
      if (get().generation !== gen) return;
      set((s) => ({
        blocks: { ...s.blocks, [block]: page.rows },
        // The first answer of a query sets the total; block 0 refreshes it on live updates.
        total: s.total == null || block === 0 ? page.total : s.total,
        error: null,
      }));
    } catch (err) {
      if (get().generation === gen) set({ error: errorMessage(err) });
    } finally {
      if (get().generation === gen) inflight.delete(block);
      pump();
    }
  }

  function pump() {
    const s = get();
    while (inflight.size < MAX_INFLIGHT && wanted.length > 0) {
      const b = wanted.shift()!;
      if (s.blocks[b] || inflight.has(b)) continue;
      void fetchBlock(b, s.generation);
    }
  }

  function restart(patch: Partial<RunsStore>) {
    inflight = new Set();
    wanted = [0];
    set((s) => ({ ...patch, total: null, blocks: {}, error: null, generation: s.generation + 1 }));
    pump();
  }

  return {
    projectId: null,
    filters: {},
    sort: 'started_at',
    dir: 'desc',
    total: null,
    blocks: {},
    facets: null,
    error: null,
    generation: 0,
    setProject: (projectId) => {
      if (get().projectId === projectId) return;
      restart({ projectId, filters: {}, sort: 'started_at', dir: 'desc', facets: null });
      api
        .getRunFacets({ project_id: projectId })
        .then((facets) => {
          if (get().projectId === projectId) set({ facets });
        })
        .catch(() => undefined);
    },
    setFilters: (patch) => restart({ filters: { ...get().filters, ...patch } }),
    clearFilters: () => restart({ filters: {} }),
    toggleSort: (col) => {
      const s = get();
      restart(s.sort === col ? { dir: s.dir === 'asc' ? 'desc' : 'asc' } : { sort: col, dir: col === 'mode' || col === 'prompt_strategy' || col === 'model' ? 'asc' : 'desc' });
    },
    ensureRange: (start, end) => {
      lastRange = [start, end];
      const s = get();
      if (!s.projectId) return;
      const first = Math.max(0, Math.floor(start / BLOCK));
      const last = Math.floor(Math.max(start, end) / BLOCK);
      // Only what is visible now: blocks that scrolled past while waiting are dropped.
      wanted = [];
      for (let b = first; b <= last; b++) if (!s.blocks[b] && !inflight.has(b)) wanted.push(b);
      pump();
    },
    invalidate: () => {
      const s = get();
      if (!s.projectId) return;
      const [start, end] = lastRange;
      const first = Math.floor(start / BLOCK);
      const last = Math.floor(end / BLOCK);
      const keep: Record<number, RunRow[]> = {};
      for (let b = first; b <= last; b++) if (s.blocks[b]) keep[b] = s.blocks[b];
      inflight = new Set();
      set({ generation: s.generation + 1 });
      const gen = get().generation;
      // Refetch the visible blocks and block 0 (which carries the new total) while showing the old rows.
      const todo = new Set([0, ...Object.keys(keep).map(Number)]);
      for (const b of todo) void fetchBlock(b, gen);
      set({ blocks: keep });
      api
        .getRunFacets({ project_id: s.projectId })
        .then((facets) => {
          if (get().projectId === s.projectId) set({ facets });
        })
        .catch(() => undefined);
    },
  };
});

/** The row at an index, if its block has arrived. */
export function rowAt(blocks: Record<number, RunRow[]>, index: number): RunRow | undefined {
  return blocks[Math.floor(index / BLOCK)]?.[index % BLOCK];
}
