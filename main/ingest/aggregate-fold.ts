/**
 * The ingest's aggregate fold: every run a unit of work inserts or removes is folded into its
 * project's aggregates (engine/aggregates.ts) and the rows it touched are handed to the store
 * when the unit commits. The store only persists rows; the statistics happen here.
 */
import type { RunFacts } from '../../shared/aggregates';
import { extraFactsOf } from '../../shared/experiment-facts';
import type { RunRecord } from '../../shared/run-record';
import { AGGREGATE_FOLD_VERSION, emptyProject, foldRun, weekStart, type ArmAggregate, type ArmVisitor, type ProjectAggregates } from '../engine/aggregates';
import { OVERALL, type AggregateStore, type ArmExtrema, type ExperimentStore, type HealthStore } from '../store';
import { emptyHealthEntry, flushHealth, foldHealth, loadHealthEntry, type HealthEntry } from './health-fold';
import { emptyExperimentEntry, ExperimentFolder, loadExperimentSums, refreshTimes, writeDirtyCells, type ExperimentEntry } from './experiment-fold';

/** The stored fold version while a bulk load defers its experiment cells: never a real version. */
export const DEFERRED_FOLD = -AGGREGATE_FOLD_VERSION;

/**
 * Deferring folds per store in this process (two folders' first scans interleave): the fold
 * version is restored only when the last of them ends.
 */
const deferringFolds = new WeakMap<AggregateStore, number>();

/** A touched arm: where its row lives (its bins are written with it, as one blob). */
interface DirtyArm {
  factor: string;
  name: string;
}

interface Dirty {
  /** Keyed by the arm object itself: no string keys built per run. */
  arms: Map<ArmAggregate, DirtyArm>;
  rounds: Set<number>;
  weeks: Set<string>;
}

interface Cached {
  agg: ProjectAggregates;
  exp: ExperimentEntry;
  health: HealthEntry;
  version: number;
  dirty: Dirty | null;
}

/**
 * Keeps aggregates in step with run inserts and deletes inside the caller's unit of work. Holds
 * each touched project's aggregates in memory (checked against the project's version, so
 * another writer's changes are reloaded) and writes only the rows a unit touched.
 */
/** Queued runs folded before the unit ends (foldQueued): big enough for the tight loop, small enough not to hold a unit's records. */
export const FOLD_QUEUE_RUNS = 4096;

export class AggregateFold {
  private readonly cache = new Map<string, Cached>();
  private readonly touched: Cached[] = [];
  private readonly stale = new Set<string>();
  /** The projects the queued runs belong to, in order of first appearance (entered at flush). */
  private readonly seen = new Set<string>();
  private lastProject: string | null = null;
  private dirtyNow: Dirty | null = null;
  /** Runs folded since the last flush, with their signs, applied by flush() in this order. */
  private queue: RunFacts[] = [];
  /** The inserted runs' records (health folds their steps); null for removals. */
  private records: (RunRecord | null)[] = [];
  private signs: number[] = [];
  private readonly visit: ArmVisitor = (arm, factor, name) => {
    const arms = (this.dirtyNow as Dirty).arms;
    if (!arms.has(arm)) arms.set(arm, { factor, name });
  };
  /** Hands a removed run to the fold (what IngestWriter.clearSource calls back). */
  readonly removed = (facts: RunFacts): void => this.fold(facts, -1);

  private readonly expFolder = new ExperimentFolder();
  /** A bulk load's experiment cells and health buckets are written once at its end (beginDeferral), not per unit. */
  private deferring = false;
  private readonly deferred = new Set<string>();
  /** A unit rolled back while deferring: the cells kept in memory are gone, the sums must be rebuilt. */
  private deferLost = false;

  constructor(
    private readonly store: AggregateStore,
    private readonly expStore: ExperimentStore,
    private readonly healthStore: HealthStore,
    private readonly queueRuns = FOLD_QUEUE_RUNS,
  ) {}

  /** Adds a run the unit of work inserted (its record: health folds its steps). */
  added(facts: RunFacts, record: RunRecord | null = null): void {
    this.fold(facts, 1, record);
  }

  /**
   * Adds (1) or removes (−1) a run. The fold itself waits for flush(), in order: one tight loop
   * over the batch keeps the aggregates in the CPU cache, where folding run by run between
   * parsing and SQLite does not.
   */
  fold(facts: RunFacts, sign: 1 | -1, record: RunRecord | null = null): void {
    if (facts.project_id !== this.lastProject) {
      this.lastProject = facts.project_id;
      this.seen.add(facts.project_id);
    }
    this.queue.push(facts);
    this.signs.push(sign);
    this.records.push(record);
  }

  /** Folds the queued runs into their projects' aggregates, marking what they touched. */
  private applyQueue(): void {
    const queue = this.queue;
    let entry: Cached | null = null;
    for (let i = 0; i < queue.length; i++) {
      const facts = queue[i];
      const p = facts.project_id;
      if (entry === null || entry.agg.project_id !== p) entry = this.cache.get(p) as Cached;
      const d = entry.dirty as Dirty;
      this.dirtyNow = d;
      if (foldRun(entry.agg, facts, this.signs[i] as 1 | -1, this.visit)) this.stale.add(p);
      this.expFolder.fold(entry.exp, facts, this.signs[i] as 1 | -1);
      foldHealth(entry.health, facts, this.records[i], this.signs[i] as 1 | -1);
      if (facts.rounds_completed != null) d.rounds.add(facts.rounds_completed);
      if (facts.started_ms != null) d.weeks.add(weekStart(facts.started_ms));
    }
    this.queue = [];
    this.signs = [];
    this.records = [];
  }

  /** The project's cached aggregates, (re)loaded on its first fold of a unit when another writer moved its version. */
  private async enter(p: string): Promise<Cached> {
    let entry = this.cache.get(p);
    if (entry === undefined || entry.dirty === null) {
      const version = await this.store.version(p);
      if (entry === undefined || entry.version !== version) {
        entry = {
          agg: (await this.store.load(p)) ?? emptyProject(p), exp: { sums: await loadExperimentSums(this.expStore, p), dirty: [], stale: false },
          health: await loadHealthEntry(this.healthStore, p), version, dirty: null,
        };
        this.cache.set(p, entry);
      }
      entry.dirty = { arms: new Map(), rounds: new Set(), weeks: new Set() };
      this.touched.push(entry);
    }
    return entry;
  }

  /**
   * Folds the runs queued so far (inside the unit of work), so that a long unit does not hold
   * every inserted record until its end: at 50 000 runs a unit, their records were ~150 MB.
   */
  async foldQueued(): Promise<void> {
    if (this.queue.length < this.queueRuns) return;
    await this.enterSeen();
    this.applyQueue();
  }

  private async enterSeen(): Promise<void> {
    for (const p of this.seen) await this.enter(p);
    this.forgetSeen();
  }

  /** Writes the touched rows and bumps project versions; returns the projects touched. Inside the unit of work. */
  async flush(): Promise<string[]> {
    await this.enterSeen();
    this.applyQueue();
    for (const e of this.touched) this.expFolder.settle(e.exp);
    const projects: string[] = [];
    for (const entry of this.touched) {
      const p = entry.agg.project_id;
      const d = entry.dirty as Dirty;
      if (this.stale.has(p)) await this.refreshExtrema(entry.agg, d);
      if (entry.exp.stale) await refreshTimes(this.expStore, p, entry.exp);
      await this.writeDirty(entry, d);
      if (this.deferring) this.deferred.add(p);
      else {
        await writeDirtyCells(this.expStore, p, entry.exp);
        await flushHealth(this.healthStore, p, entry.health);
      }
      entry.version = await this.store.bumpVersion(p);
      entry.dirty = null;
      projects.push(p);
    }
    if (this.deferring && (await this.store.foldVersion()) !== DEFERRED_FOLD) await this.store.setFoldVersion(DEFERRED_FOLD);
    this.touched.length = 0;
    this.stale.clear();
    this.dirtyNow = null;
    this.expFolder.nextUnit(this.deferring);
    return projects;
  }

  /**
   * From now on the experiments' cells (tens of thousands of rows a unit on a big load) and
   * health's day buckets (with the days removals touched, refolded from the runs then) are kept
   * in memory and written once, by endDeferral(). Meanwhile the stored fold version says
   * DEFERRED_FOLD (written with the next unit), so readers fold from the runs instead
   * (core/experiments.ts, core/health.ts) and, should the process die first, the next session
   * rebuilds the aggregates from the runs (ensureAggregates).
   */
  beginDeferral(): void {
    if (this.deferring) return;
    this.deferring = true;
    this.deferLost = false;
    deferringFolds.set(this.store, (deferringFolds.get(this.store) ?? 0) + 1);
  }

  private stopDeferring(): number {
    this.deferring = false;
    const left = (deferringFolds.get(this.store) ?? 1) - 1;
    deferringFolds.set(this.store, left);
    return left;
  }

  /**
   * Inside a unit of work: the deferred cells and buckets are written with it and the fold version is
   * restored. False when a unit rolled back meanwhile (the caller then rebuilds the aggregates).
   */
  async endDeferral(): Promise<boolean> {
    if (!this.deferring) return true;
    const others = this.stopDeferring();
    if (this.deferLost) return false;
    for (const p of this.deferred) if (this.cache.has(p)) await this.enter(p);
    this.deferred.clear();
    if (others === 0 && (await this.store.foldVersion()) === DEFERRED_FOLD) await this.store.setFoldVersion(AGGREGATE_FOLD_VERSION);
    return true;
  }

  /** The load failed before endDeferral(): nothing more is deferred; the stored version still says DEFERRED_FOLD. */
  abandonDeferral(): void {
    if (this.deferring) this.stopDeferring();
    this.deferred.clear();
  }

  /** After a rollback: forget what this unit folded. */
  discard(): void {
    this.queue = [];
    this.signs = [];
    this.records = [];
    for (const entry of this.touched) this.cache.delete(entry.agg.project_id);
    if (this.deferring) this.deferLost = true;
    this.expFolder.nextUnit(this.deferring);
    this.touched.length = 0;
    this.stale.clear();
    this.forgetSeen();
    this.dirtyNow = null;
  }

  private forgetSeen(): void {
    this.seen.clear();
    this.lastProject = null;
  }

  /** A removal took a min, max, first or last value away: the store reports the true ones from the runs left. */
  private async refreshExtrema(agg: ProjectAggregates, d: Dirty): Promise<void> {
    const set = (a: ArmAggregate, e: ArmExtrema) => {
      a.min_cost = e.min_cost;
      a.max_cost = e.max_cost;
      a.first_ms = e.first_ms;
      a.last_ms = e.last_ms;
      if (!d.arms.has(a)) d.arms.set(a, { factor: e.factor, name: e.arm });
    };
    for (const e of await this.store.extrema(agg.project_id)) {
      const a = e.factor === OVERALL ? agg.overall : agg.factors[e.factor].get(e.arm);
      if (a) set(a, e);
    }
  }

  private async writeDirty(entry: Cached, d: Dirty): Promise<void> {
    const agg = entry.agg;
    const p = agg.project_id;
    const st = this.store;
    if (agg.overall.n <= 0) {
      await st.deleteProject(p);
      await this.expStore.deleteProject(p);
      await this.healthStore.deleteBuckets(p);
      entry.health = emptyHealthEntry();
      entry.agg = emptyProject(p);
      entry.exp = emptyExperimentEntry();
      return;
    }
    type F = Parameters<AggregateStore['writeArm']>[1];
    const armOf = (factor: string, name: string) => (factor === OVERALL ? agg.overall : agg.factors[factor as Exclude<F, ''>]?.get(name));
    // Arms emptied during the unit first, so that an arm emptied and then re-created under
    // the same name (a new object) is written afterwards.
    for (const [arm, a] of d.arms) if (armOf(a.factor, a.name) !== arm) await st.deleteArm(p, a.factor as F, a.name);
    for (const [arm, a] of d.arms) if (armOf(a.factor, a.name) === arm) await st.writeArm(p, a.factor as F, a.name, arm);
    for (const r of d.rounds) {
      const row = agg.rounds.get(r);
      if (row) await st.writeRounds(p, row);
      else await st.deleteRounds(p, r);
    }
    for (const w of d.weeks) {
      const row = agg.weeks.get(w);
      if (row) await st.writeWeek(p, row);
      else await st.deleteWeek(p, w);
    }
  }
}

/** The fold's view of a run record (`custom`: its user-named factors' values, as stored). */
export function factsOf(r: RunRecord, started_ms: number | null, custom: Record<string, string> | null = null): RunFacts {
  const x = extraFactsOf(r);
  return {
    recipe: r.recipe ?? null, task_key: x.task_key, tokens: x.tokens, retries: x.retries, rating: x.rating, human_override: x.human_override,
    project_id: r.project_id, started_ms, mode: r.mode ?? null, prompt_strategy: r.prompt_strategy ?? null, model: r.model ?? null,
    prompt_version: r.prompt_version ?? null, total_cost_usd: r.total_cost_usd ?? null, duration_s: r.duration_s ?? null,
    rounds_completed: r.rounds_completed ?? null, max_rounds: r.max_rounds ?? null, qa_status: r.qa_status ?? null, task_id: r.task_id ?? null,
    custom, status: r.status ?? null, stop_reason: r.stop_reason ?? null,
  };
}
