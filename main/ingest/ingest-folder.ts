/**
 * What the core calls: ingest a whole folder (scan, read what changed, drop what went), or one
 * path at a time for the watcher. Small files share a transaction (each file whole or not at
 * all); big JSONL files commit per chunk. The event loop gets a turn after every commit, and no
 * transaction is ever open across a yield.
 */
import type { ProjectAggregates } from '../../shared/aggregates';
import type { IngestCounts, IngestProgress } from '../../shared/domain';
import type { SourceStat, Store } from '../store';
import { ingestJsonFile, JsonlJob, markUnreadable, type FileOptions, type FileOutcome, type FileTarget } from './ingest-file';
import { ProgressReporter } from './progress';
import { defaultFoldPlan, foldInWorkers, type ProvisionalFold } from './provisional-fold';
import { splitRanges } from './range-fold';
import { rebuildAggregates } from './rebuild-aggregates';
import { inTransaction, markFactorsIngested, openSession, type IngestOptions, type Session } from './session';
import { walkFolder, type WalkEntry } from './walk';

export interface IngestFolderOptions extends IngestOptions {
  onProgress?: (p: IngestProgress) => void;
  /**
   * Issue 7 §6: on the first scan of a root whose JSONL files hold at least `provisional.minBytes`,
   * those files are also folded in worker threads, and their aggregates are handed here before
   * the ingest has stored the rows (not called when the ingest finishes first). Provisional:
   * duplicates are resolved, and other sources counted, only when the rows land.
   */
  onProvisional?: (p: ProvisionalAggregates) => void;
  /** Estimated runs from which a load that at least doubles the runs table is a bulk load (default 16,384; tests lower it). */
  bulkRuns?: number;
  /**
   * `workers` and `concurrent` (whether the ingest stores rows meanwhile, else it starts when the
   * fold is done): defaultFoldPlan() by core count. `wait`: the ingest waits for the provisional
   * fold before it returns (tests, so that it is always published).
   */
  provisional?: { workers?: number; concurrent?: boolean; minBytes?: number; wait?: boolean };
}

/** What the provisional fold found: per-project aggregates of the JSONL runs, and how many the ingest had stored by then. */
export interface ProvisionalAggregates {
  aggregates: ProjectAggregates[];
  runs: number;
  runs_stored: number;
}

/** A first load's JSONL bytes below which no provisional fold starts (the ingest itself is about as quick). */
const PROVISIONAL_MIN_BYTES = 16 * 1024 * 1024;

export interface IngestFolderResult {
  counts: IngestCounts;
  changedProjects: string[];
}

/** What happened to one path (watcher). */
export interface PathResult {
  file: string;
  kind: 'ingested' | 'removed' | 'skipped';
  runs: number;
  events: number;
  quarantined: number;
  /** Half-written (settling mode): retry when the file settles. */
  incomplete: boolean;
  changedProjects: string[];
}

// Transactions are large: each commit and aggregate flush costs about the same however many runs
// it covers. TX_MS bounds how long the worker's event loop (and the progress bar) waits.
const TX_MS = 750;
const BATCH_RUNS = 50_000;
const BATCH_FILES = 5000;
/**
 * The first unit of a scan commits early (this many runs, or FIRST_TX_MS; a big JSONL file's
 * first unit is its first chunk): a kill -9 early in a big first load still keeps progress, so
 * repeated early kills move forward.
 */
const FIRST_BATCH_RUNS = 1000;
const FIRST_TX_MS = 500;
/** JSONL files with more than this left to read commit on their own instead of joining a batch. */
const BIG_JSONL = 4 * 1024 * 1024;
/**
 * A big JSONL file commits after this much input or TX_MS: a kill -9 loses at most one such
 * stretch, which the next scan reads again from the stored offset.
 */
const TX_BYTES = 64 * 1024 * 1024;

/** Steps a JSONL job inside the current transaction until it is done or the transaction is big enough. */
async function stepBatch(job: JsonlJob): Promise<boolean> {
  const t0 = Date.now();
  const b0 = job.out.bytes;
  let more = await job.step();
  while (more && job.out.bytes - b0 < TX_BYTES && Date.now() - t0 < TX_MS) more = await job.step();
  return more;
}

/** Loads of at least this many runs (estimated) may defer secondary indexes (Store.beginLoad). */
const BULK_RUNS = 16_384;

const tick = () => new Promise<void>((r) => setImmediate(r));
/** A rough runs estimate from size: ~512 bytes a run; 1 for a .json file the walk did not stat. */
const estimatedRuns = (f: WalkEntry) => Math.max(1, f.size >> 9);
const mapKey = (root: string) => `ingest.map_hash:${root}`;

/** Processes one file inside the current transaction (all of it, even a JSONL file). */
async function ingestWhole(s: Session, t: FileTarget, opts: FileOptions): Promise<FileOutcome> {
  if (t.kind === 'json') return ingestJsonFile(s, t, opts);
  const job = new JsonlJob(s, t, opts);
  try {
    while (await job.step()) {
      /* one chunk per step */
    }
  } finally {
    job.close();
  }
  return job.out;
}

/** Scans `root`, ingests new and changed files, removes the runs of deleted files. */
export async function ingestFolder(store: Store, root: string, opts: IngestFolderOptions = {}): Promise<IngestFolderResult> {
  const s = await openSession(store, root, opts);
  const prog = new ProgressReporter(s.root, opts.onProgress);
  prog.emit(true);
  const known = new Map<string, SourceStat>();
  for (const r of await store.sources.ofRoot(s.root)) known.set(r.path, r);
  // Nothing known under this root: every file is new, so the walk skips the stat (each file's fstat at read time decides).
  const { files, errors } = walkFolder(s.root, known.size > 0);
  // The named factors are part of what a file's runs hold: naming another one re-reads every file.
  const mapHash = (s.mapping?.hash ?? '') + (s.customFactors.length > 0 ? `|factors:${JSON.stringify(s.customFactors)}` : '');
  const storedHash = (await store.settings.get(mapKey(s.root))) ?? '';
  const remap = storedHash !== mapHash;

  const present = new Set<string>();
  const todo: WalkEntry[] = [];
  for (const f of files) {
    present.add(f.path);
    const r = known.get(f.path);
    if (remap || !r || r.status !== 'ok' || r.size !== f.size || r.mtime_ms !== f.mtimeMs || r.ino !== f.ino) todo.push(f);
  }
  for (const e of errors) present.add(e.path);
  const gone = [...known.values()].filter((r) => !present.has(r.path));

  const changed = new Set<string>();
  const restale = new Set<string>();
  const addAll = (xs: string[]) => xs.forEach((x) => changed.add(x));
  prog.p.phase = 'ingesting';
  prog.p.files_total = todo.length + errors.length + gone.length;
  // 0 when the walk did not stat every file (a first scan): the progress then counts files.
  prog.p.bytes_total = todo.every((f) => f.size >= 0) ? todo.reduce((a, f) => a + f.size, 0) : 0;
  prog.emit(true);

  // A load that at least doubles the runs table builds its secondary index once, at the end.
  const loadRuns = todo.reduce((a, f) => a + estimatedRuns(f), 0);
  const bulk = loadRuns >= (opts.bulkRuns ?? BULK_RUNS) && loadRuns > (await store.runs.count());
  const provisional = startProvisional();
  // Always begun: its end also rebuilds any index a killed load left missing.
  const load = await store.beginLoad({ deferIndexes: bulk });
  // A bulk load writes the experiments' cells and health's buckets once, at its end (AggregateFold.beginDeferral).
  if (bulk) s.fold.beginDeferral();
  try {
    if (provisional && !provisional.concurrent) await provisional.done.catch(() => undefined);
    await ingestTodo();
    if (bulk && !(await inTransaction(s, () => s.fold.endDeferral())).value) await rebuildAggregates(store);
    if (provisional && opts.provisional?.wait) await provisional.done.catch(() => undefined);
  } finally {
    s.fold.abandonDeferral();
    provisional?.cancel();
    if (prog.p.provisional_runs != null) prog.p.provisional_runs = null;
    await load.end();
  }
  if (storedHash !== mapHash) await store.settings.put({ [mapKey(s.root)]: mapHash });
  await markFactorsIngested(store, s.root, s.customFactors);
  prog.p.phase = 'idle';
  prog.emit(true);
  return { counts: await store.counts(), changedProjects: [...changed].sort() };

  /** Starts the provisional fold of a first scan's JSONL files (see IngestFolderOptions.onProvisional). */
  function startProvisional(): (ProvisionalFold & { concurrent: boolean }) | null {
    const listener = opts.onProvisional;
    if (!listener || known.size > 0) return null;
    const jsonl = todo.filter((f) => f.kind === 'jsonl' && f.size > 0);
    const bytes = jsonl.reduce((a, f) => a + f.size, 0);
    if (jsonl.length === 0 || bytes < (opts.provisional?.minBytes ?? PROVISIONAL_MIN_BYTES)) return null;
    const plan = defaultFoldPlan();
    const workers = opts.provisional?.workers ?? plan.workers;
    const concurrent = opts.provisional?.concurrent ?? plan.concurrent;
    const fold = foldInWorkers(splitRanges(jsonl, workers * 4), { workers, now: s.now(), mapping: s.mapping?.mapping ?? null });
    let finished = false;
    fold.done.then(
      (r) => {
        if (finished) return;
        prog.p.provisional_runs = r.runs;
        listener({ aggregates: r.aggregates, runs: r.runs, runs_stored: prog.p.runs_done });
        prog.emit(true);
      },
      () => undefined, // no provisional profile then: the stored one comes as before
    );
    return { done: fold.done, concurrent, cancel: () => ((finished = true), fold.cancel()) };
  }

  /** The scan's work: removals, unreadable paths, then new and changed files in batches. */
  async function ingestTodo(): Promise<void> {
    // Removals and unreadable paths first: a duplicate quarantined against a removed file can then come back in this scan.
    for (let i = 0; i < gone.length; i += BATCH_FILES) {
      const slice = gone.slice(i, i + BATCH_FILES);
      const { projects } = await inTransaction(s, async () => {
        for (const r of slice) (await s.writer.deleteSource(r.id, s.fold.removed)).forEach((p) => restale.add(p));
      });
      addAll(projects);
      prog.p.files_done += slice.length;
      prog.emit();
      await tick();
    }
    if (errors.length > 0) {
      const { projects } = await inTransaction(s, async () => {
        for (const e of errors) (await markUnreadable(s, e, e.error)).restale.forEach((p) => restale.add(p));
      });
      addAll(projects);
      prog.p.files_done += errors.length;
    }

    const queue: WalkEntry[] = [...todo];
    const queued = new Set(todo.map((f) => f.path));
    const byPath = new Map(files.map((f) => [f.path, f]));
    const requeue = (paths: Iterable<string>) => {
      for (const p of paths) {
        const f = byPath.get(p);
        if (f && !queued.has(p)) {
          queued.add(p);
          queue.push(f);
          prog.p.files_total++;
        }
      }
    };
    requeue(restale);

    let batch: WalkEntry[] = [];
    let batchRuns = 0;
    let committed = false;
    const fileOpts: FileOptions = { fromZero: remap };
    // When every source row belongs to this root, a path the scan did not know has none (each path is read once per scan).
    const allKnown = !(await store.sources.anyOutside(s.root));
    const freshOpts: FileOptions = { ...fileOpts, fresh: true };
    /**
     * Ingests the batch's files in one unit, in order, until the unit is big enough (runs or
     * time: reading happens here, not when the batch is formed); files left over stay queued.
     */
    const commitBatch = async (): Promise<void> => {
      if (batch.length === 0) return;
      const work = batch;
      const maxRuns = committed ? BATCH_RUNS : FIRST_BATCH_RUNS;
      const maxMs = committed ? TX_MS : FIRST_TX_MS;
      const { value, projects } = await inTransaction(s, async () => {
        const t0 = Date.now();
        const outs: FileOutcome[] = [];
        let runs = 0;
        for (const f of work) {
          const o = await ingestWhole(s, f, allKnown && !known.has(f.path) && !restale.has(f.path) ? freshOpts : fileOpts);
          outs.push(o);
          runs += o.runs;
          if (runs >= maxRuns || Date.now() - t0 >= maxMs) break;
        }
        return outs;
      });
      const first = !committed;
      committed = true;
      batch = work.slice(value.length);
      batchRuns = batch.reduce((a, f) => a + estimatedRuns(f), 0);
      addAll(projects);
      for (let i = 0; i < value.length; i++) {
        prog.p.files_done++;
        prog.p.runs_done += value[i].runs;
        prog.p.bytes_done += Math.max(0, work[i].size);
        requeue(value[i].restale);
      }
      prog.emit(first); // the first runs stored are news: not throttled
      await tick();
    };
    /** Ingests everything still batched (a unit at a time). */
    const drainBatch = async (): Promise<void> => {
      while (batch.length > 0) await commitBatch();
    };

    for (let qi = 0; qi < queue.length; qi++) {
      const f = queue[qi];
      if (f.kind === 'jsonl') {
        const job = new JsonlJob(s, f, fileOpts);
        if ((await job.remaining()) > BIG_JSONL) {
          await drainBatch();
          try {
            let more = true;
            let runs = 0;
            let bytes = 0;
            while (more) {
              // The scan's first unit is one chunk (≤ 4 MiB, a fraction of a second): see FIRST_BATCH_RUNS.
              const first = !committed;
              const r = await inTransaction(s, () => (first ? job.step() : stepBatch(job)));
              committed = true;
              more = r.value;
              addAll(r.projects);
              prog.p.runs_done += job.out.runs - runs;
              prog.p.bytes_done += job.out.bytes - bytes;
              runs = job.out.runs;
              bytes = job.out.bytes;
              prog.emit(first);
              await tick();
            }
            prog.p.bytes_done += Math.max(0, f.size - bytes); // bytes read earlier count as done
          } finally {
            job.close();
          }
          prog.p.files_done++;
          requeue(job.out.restale);
          continue;
        }
        job.close();
      }
      batch.push(f);
      batchRuns += estimatedRuns(f);
      if (batchRuns >= (committed ? BATCH_RUNS : FIRST_BATCH_RUNS) || batch.length >= BATCH_FILES) await commitBatch();
    }
    await drainBatch();
  }
}
