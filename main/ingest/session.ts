/**
 * One ingest session: the store, the folder, the mapping, the clock, the writer and the
 * aggregate fold, passed explicitly (no module state, so it works inside a worker thread).
 */
import { resolve } from 'node:path';
import type { IngestWriter, Store } from '../store';
import { checkCustomFactors } from '../../shared/custom-factors';
import { AggregateFold } from './aggregate-fold';
import { loadMapping, type LoadedMapping } from './mapping';
import { ensureAggregates } from './rebuild-aggregates';
import { activeLabelRules, adoptLabelRules, ensureRunLabels, fillRunLabels, type ActiveLabelRules } from './run-labels';

export interface IngestOptions {
  /** A mapping file; default: `runbrain.map.json` in the root when present. */
  mapFile?: string;
  /**
   * The clock, in ms (dates later than now + 1 day are quarantined): a fixed time, or a function
   * read once per file or batch (a watcher runs for days). Default: Date.now.
   */
  now?: number | (() => number);
  /** Queued runs folded before a unit of work ends (default FOLD_QUEUE_RUNS; tests set it low to fold in many parts). */
  foldQueueRuns?: number;
}

export interface Session {
  store: Store;
  root: string;
  mapping: LoadedMapping | null;
  now: () => number;
  /** The writer of the unit of work under way (inTransaction); refuses every write outside one. */
  writer: IngestWriter;
  fold: AggregateFold;
  /** Stamps the rows a unit writes. */
  clock: () => string;
  /** The label rules runs are labelled under, re-read from the settings at the start of each unit. */
  labels: ActiveLabelRules;
  /** The user-named experiment factors whose values this session stores (settings, read at open). */
  customFactors: string[];
}

/** The settings key of the user-named experiment factors (a JSON array of field names). */
export const CUSTOM_FACTORS_KEY = 'experiment_factors';

/** The named factors in the settings (valid names only: the settings op refuses the rest). */
export async function storedCustomFactors(store: Store): Promise<string[]> {
  const text = await store.settings.get(CUSTOM_FACTORS_KEY);
  if (text == null) return [];
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v)) return [];
    const checked = checkCustomFactors(v.filter((x): x is string => typeof x === 'string'));
    return checked.ok ? checked.names : [];
  } catch {
    return [];
  }
}

const outside = (): never => {
  throw new Error('ingest write outside a unit of work (inTransaction)');
};
/** The session's writer between units. */
const NO_WRITER: IngestWriter = {
  getSource: outside, ensureSource: outside, putSource: outside, insertSource: outside, progress: outside, finish: outside, clearSource: outside,
  clearPending: outside, deleteSource: outside, insertRun: outside, insertRuns: outside, displaceRun: outside, insertEvent: outside, quarantine: outside,
};

const factorsKey = (root: string) => `ingest.factors:${root}`;

/** Records that every file under `root` was read with these named factors (a full scan ended). */
export async function markFactorsIngested(store: Store, root: string, names: readonly string[]): Promise<void> {
  const text = JSON.stringify(names);
  if (((await store.settings.get(factorsKey(root))) ?? '[]') !== text) await store.settings.put({ [factorsKey(root)]: text });
}

/** The folders whose runs were read before the current named factors (a re-scan re-reads them). */
export async function foldersNeedingRescan(store: Store, folders: readonly string[]): Promise<string[]> {
  const text = JSON.stringify(await storedCustomFactors(store));
  const all = await store.settings.all();
  return folders.filter((f) => (all[factorsKey(resolve(f))] ?? '[]') !== text);
}

/** Opens a session (rebuilding stale aggregates first); throws MappingError when the mapping file is invalid. */
export async function openSession(store: Store, root: string, opts: IngestOptions = {}): Promise<Session> {
  const abs = resolve(root);
  const given = opts.now;
  const now = typeof given === 'function' ? given : given === undefined ? Date.now : () => given;
  const mapping = loadMapping(abs, opts.mapFile);
  await ensureAggregates(store);
  const clock = () => new Date(now()).toISOString();
  await ensureRunLabels(store, clock());
  return {
    store,
    root: abs,
    mapping,
    now,
    fold: new AggregateFold(store.aggregates, store.experiments, store.health, opts.foldQueueRuns),
    clock,
    writer: NO_WRITER,
    labels: await activeLabelRules(store.settings),
    customFactors: await storedCustomFactors(store),
  };
}

/**
 * Runs `fn` as one write unit and flushes the aggregates with it; returns the projects whose
 * runs changed. On error nothing is kept and the aggregate cache forgets the unit.
 */
export async function inTransaction<T>(s: Session, fn: () => Promise<T> | T): Promise<{ value: T; projects: string[] }> {
  let relabel = false;
  try {
    const out = await s.store.ingestUnit(async (w) => {
      // Rules changed since the last unit (another writer saved new settings): this unit labels
      // under the new ones, and every stored label is derived again right after it.
      s.labels = await activeLabelRules(s.store.settings, s.labels);
      relabel = await adoptLabelRules(s.store, s.labels, s.clock());
      s.writer = w;
      try {
        const value = await fn();
        return { value, projects: await s.fold.flush() };
      } finally {
        s.writer = NO_WRITER;
      }
    }, s.clock);
    if (relabel) await fillRunLabels(s.store, s.labels);
    return out;
  } catch (e) {
    s.fold.discard();
    throw e;
  }
}
