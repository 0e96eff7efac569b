/**
 * The agg_* tables: reading them back into the engine's ProjectAggregates, writing the rows a
 * batch touched, and the full recompute used as a repair path and by tests.
 */
import { FACTORS, type Factor, type QaStatus } from '../../shared/run-record';
import { aggregateRuns, emptyArm, emptyProject, foldRun, weekStart, type ArmAggregate, type ArmVisitor, type ProjectAggregates, type RunFacts } from '../engine/aggregates';
import type { Db } from './db';

const OVERALL = '';
const SEP = '\u0001';

interface ArmRow extends Omit<ArmAggregate, 'cost_bins'> {
  factor: string;
  arm: string;
  bins: Buffer | null;
}

/** An arm's cost bins as Float64 triples (bin, n, sum): the agg_arm.bins blob. */
export function packBins(bins: Map<number, [number, number]>): Buffer {
  const f = new Float64Array(bins.size * 3);
  let i = 0;
  for (const [bin, cell] of bins) {
    f[i++] = bin;
    f[i++] = cell[0];
    f[i++] = cell[1];
  }
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

/** Reads a bins blob into `into`. */
export function unpackBins(blob: Buffer, into: Map<number, [number, number]>): void {
  // Copy into an aligned buffer: SQLite's blob may sit at any offset.
  const f = new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  for (let i = 0; i + 2 < f.length; i += 3) into.set(f[i], [f[i + 1], f[i + 2]]);
}

export const RUN_FACTS_COLUMNS =
  'project_id, started_ms, mode, prompt_strategy, model, prompt_version, total_cost_usd, duration_s, rounds_completed, max_rounds, qa_status';

/** Reads a project's aggregates; null when the project has no runs. */
export function loadProjectAggregates(db: Db, projectId: string): ProjectAggregates | null {
  const arms = db.prepare('SELECT * FROM agg_arm WHERE project_id = ?').all(projectId) as ArmRow[];
  const overallRow = arms.find((a) => a.factor === OVERALL);
  if (!overallRow || overallRow.n <= 0) return null;
  const agg = emptyProject(projectId);
  const legacy = new Map<string, ArmAggregate>();
  for (const row of arms) {
    const { factor, arm: name, bins, ...rest } = row;
    delete (rest as Record<string, unknown>).project_id;
    const arm: ArmAggregate = { ...emptyArm(), ...rest };
    if (factor === OVERALL) agg.overall = arm;
    else if ((FACTORS as readonly string[]).includes(factor)) agg.factors[factor as Factor].set(name, arm);
    if (bins) unpackBins(bins, arm.cost_bins);
    else legacy.set(factor + SEP + name, arm);
  }
  if (legacy.size > 0) {
    const rows = db.prepare('SELECT factor, arm, bin, n, sum FROM agg_cost_bin WHERE project_id = ?').all(projectId) as Array<{ factor: string; arm: string; bin: number; n: number; sum: number }>;
    for (const b of rows) legacy.get(b.factor + SEP + b.arm)?.cost_bins.set(b.bin, [b.n, b.sum]);
  }
  for (const r of db.prepare('SELECT rounds, n, hit_max_n, with_limit_n FROM agg_rounds WHERE project_id = ?').all(projectId) as RoundsRow[]) {
    agg.rounds.set(r.rounds, r);
  }
  for (const w of db.prepare('SELECT week_start, n, qa_passed, qa_n, sum_cost, cost_n FROM agg_week WHERE project_id = ?').all(projectId) as WeekRow[]) {
    agg.weeks.set(w.week_start, w);
  }
  return agg;
}

type RoundsRow = { rounds: number; n: number; hit_max_n: number; with_limit_n: number };
type WeekRow = { week_start: string; n: number; qa_passed: number; qa_n: number; sum_cost: number; cost_n: number };

/** Prepared statements for the agg_* tables of one connection. */
class AggStatements {
  readonly upsertArm;
  readonly deleteArm;
  readonly legacyBins;
  readonly upsertRounds;
  readonly deleteRounds;
  readonly upsertWeek;
  readonly deleteWeek;
  readonly deleteProject: Array<ReturnType<Db['prepare']>>;
  readonly bumpVersion;
  readonly version;
  constructor(db: Db) {
    this.upsertArm = db.prepare(`INSERT OR REPLACE INTO agg_arm (project_id, factor, arm, n, cost_n, sum_cost, log_n, sum_log_cost, sum_log_cost2,
      min_cost, max_cost, sum_duration, duration_n, sum_rounds, rounds_n, qa_passed, qa_warning, qa_failed, first_ms, last_ms, bins)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    this.legacyBins = db.prepare('SELECT EXISTS (SELECT 1 FROM agg_cost_bin WHERE project_id = ?)').pluck();
    this.deleteArm = db.prepare('DELETE FROM agg_arm WHERE project_id = ? AND factor = ? AND arm = ?');
    this.upsertRounds = db.prepare('INSERT OR REPLACE INTO agg_rounds (project_id, rounds, n, hit_max_n, with_limit_n) VALUES (?,?,?,?,?)');
    this.deleteRounds = db.prepare('DELETE FROM agg_rounds WHERE project_id = ? AND rounds = ?');
    this.upsertWeek = db.prepare('INSERT OR REPLACE INTO agg_week (project_id, week_start, n, qa_passed, qa_n, sum_cost, cost_n) VALUES (?,?,?,?,?,?,?)');
    this.deleteWeek = db.prepare('DELETE FROM agg_week WHERE project_id = ? AND week_start = ?');
    this.deleteProject = ['agg_arm', 'agg_cost_bin', 'agg_rounds', 'agg_week'].map((t) => db.prepare(`DELETE FROM ${t} WHERE project_id = ?`));
    this.bumpVersion = db.prepare('INSERT INTO project_versions (project_id, version) VALUES (?, 1) ON CONFLICT(project_id) DO UPDATE SET version = version + 1 RETURNING version').pluck();
    this.version = db.prepare('SELECT version FROM project_versions WHERE project_id = ?').pluck();
  }

  writeArm(p: string, factor: string, name: string, a: ArmAggregate): void {
    this.upsertArm.run(p, factor, name, a.n, a.cost_n, a.sum_cost, a.log_n, a.sum_log_cost, a.sum_log_cost2, a.min_cost, a.max_cost,
      a.sum_duration, a.duration_n, a.sum_rounds, a.rounds_n, a.qa_passed, a.qa_warning, a.qa_failed, a.first_ms, a.last_ms, packBins(a.cost_bins));
  }
}

function writeAll(st: AggStatements, agg: ProjectAggregates): void {
  const p = agg.project_id;
  for (const s of st.deleteProject) s.run(p);
  if (agg.overall.n <= 0) return;
  const arms: Array<[string, string, ArmAggregate]> = [[OVERALL, OVERALL, agg.overall]];
  for (const f of FACTORS) for (const [name, a] of agg.factors[f]) arms.push([f, name, a]);
  for (const [f, name, a] of arms) st.writeArm(p, f, name, a);
  for (const r of agg.rounds.values()) st.upsertRounds.run(p, r.rounds, r.n, r.hit_max_n, r.with_limit_n);
  for (const w of agg.weeks.values()) st.upsertWeek.run(p, w.week_start, w.n, w.qa_passed, w.qa_n, w.sum_cost, w.cost_n);
}

/** Facts of every run of a project, straight from the runs table. */
export function projectRunFacts(db: Db, projectId: string): Iterable<RunFacts> {
  return db.prepare(`SELECT ${RUN_FACTS_COLUMNS} FROM runs WHERE project_id = ?`).iterate(projectId) as Iterable<RunFacts>;
}

/** Rebuilds a project's agg_* rows from the runs table (repair path; tests prove incremental == full). */
export function recomputeProjectAggregates(db: Db, projectId: string): ProjectAggregates {
  const st = new AggStatements(db);
  return db.transaction(() => {
    const agg = aggregateRuns(projectId, projectRunFacts(db, projectId));
    writeAll(st, agg);
    st.bumpVersion.run(projectId);
    return agg;
  })();
}

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
  version: number;
  dirty: Dirty | null;
  /** Loaded with bins still in agg_cost_bin rows (a version-1 database): the next flush rewrites the project. */
  legacy: boolean;
}

/**
 * Keeps aggregates in step with run inserts and deletes inside the caller's transaction. Holds
 * each touched project's aggregates in memory (checked against project_versions, so another
 * writer's changes are reloaded) and writes only the rows a batch touched.
 */
export class AggregateTracker {
  private readonly st: AggStatements;
  private readonly cache = new Map<string, Cached>();
  private readonly touched: Cached[] = [];
  private readonly stale = new Set<string>();
  private last: Cached | null = null;
  private dirtyNow: Dirty | null = null;
  /** Runs folded since the last flush, with their signs, applied by flush() in this order. */
  private queue: RunFacts[] = [];
  private signs: number[] = [];
  private readonly visit: ArmVisitor = (arm, factor, name) => {
    const arms = (this.dirtyNow as Dirty).arms;
    if (!arms.has(arm)) arms.set(arm, { factor, name });
  };

  constructor(private readonly db: Db) {
    this.st = new AggStatements(db);
  }

  /**
   * Adds (1) or removes (−1) a run. Call inside the transaction that changes the runs table.
   * The fold itself waits for flush(), in order: one tight loop over the batch keeps the
   * aggregates in the CPU cache, where folding run by run between parsing and SQLite does not.
   */
  fold(facts: RunFacts, sign: 1 | -1): void {
    const entry = this.last;
    if (entry === null || entry.agg.project_id !== facts.project_id || entry.dirty === null) this.enter(facts.project_id);
    this.queue.push(facts);
    this.signs.push(sign);
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
      if (facts.rounds_completed != null) d.rounds.add(facts.rounds_completed);
      if (facts.started_ms != null) d.weeks.add(weekStart(facts.started_ms));
    }
    this.queue = [];
    this.signs = [];
  }

  /** The project's cached aggregates, (re)loaded on its first fold of a batch when another writer moved its version. */
  private enter(p: string): Cached {
    let entry = this.cache.get(p);
    if (entry === undefined || entry.dirty === null) {
      const version = (this.st.version.get(p) as number | undefined) ?? 0;
      if (entry === undefined || entry.version !== version) {
        entry = { agg: loadProjectAggregates(this.db, p) ?? emptyProject(p), version, dirty: null, legacy: this.st.legacyBins.get(p) === 1 };
        this.cache.set(p, entry);
      }
      entry.dirty = { arms: new Map(), rounds: new Set(), weeks: new Set() };
      this.touched.push(entry);
    }
    this.last = entry;
    return entry;
  }

  /** Writes the touched rows and bumps project versions; returns the projects touched. Inside the transaction. */
  flush(): string[] {
    this.applyQueue();
    const projects: string[] = [];
    for (const entry of this.touched) {
      const p = entry.agg.project_id;
      const d = entry.dirty as Dirty;
      if (this.stale.has(p)) this.recomputeExtrema(entry.agg, d);
      this.writeDirty(entry, d);
      entry.version = this.st.bumpVersion.get(p) as number;
      entry.dirty = null;
      projects.push(p);
    }
    this.touched.length = 0;
    this.stale.clear();
    this.last = null;
    this.dirtyNow = null;
    return projects;
  }

  /** After a rollback: forget what this batch folded. */
  discard(): void {
    this.queue = [];
    this.signs = [];
    for (const entry of this.touched) this.cache.delete(entry.agg.project_id);
    this.touched.length = 0;
    this.stale.clear();
    this.last = null;
    this.dirtyNow = null;
  }

  private recomputeExtrema(agg: ProjectAggregates, d: Dirty): void {
    const p = agg.project_id;
    type Ext = { arm: string | null; mn: number | null; mx: number | null; f: number | null; l: number | null };
    const set = (a: ArmAggregate, factor: string, name: string, e: Ext) => {
      a.min_cost = e.mn;
      a.max_cost = e.mx;
      a.first_ms = e.f;
      a.last_ms = e.l;
      if (!d.arms.has(a)) d.arms.set(a, { factor, name });
    };
    const cols = 'min(total_cost_usd) AS mn, max(total_cost_usd) AS mx, min(started_ms) AS f, max(started_ms) AS l';
    const all = this.db.prepare(`SELECT NULL AS arm, ${cols} FROM runs WHERE project_id = ?`).get(p) as Ext;
    set(agg.overall, OVERALL, OVERALL, all);
    for (const f of FACTORS) {
      const rows = this.db.prepare(`SELECT ${f} AS arm, ${cols} FROM runs WHERE project_id = ? AND ${f} IS NOT NULL GROUP BY ${f}`).all(p) as Ext[];
      for (const e of rows) {
        const a = agg.factors[f].get(e.arm as string);
        if (a) set(a, f, e.arm as string, e);
      }
    }
  }

  private writeDirty(entry: Cached, d: Dirty): void {
    const agg = entry.agg;
    const p = agg.project_id;
    const st = this.st;
    if (agg.overall.n <= 0) {
      for (const s of st.deleteProject) s.run(p);
      entry.agg = emptyProject(p);
      entry.legacy = false;
      return;
    }
    if (entry.legacy) {
      writeAll(st, agg); // moves every arm's bins into its blob and drops the old bin rows
      entry.legacy = false;
      return;
    }
    const armOf = (factor: string, name: string) => (factor === OVERALL ? agg.overall : agg.factors[factor as Factor]?.get(name));
    // Arms emptied during the batch first, so that an arm emptied and then re-created under
    // the same name (a new object) is written afterwards.
    for (const [arm, a] of d.arms) if (armOf(a.factor, a.name) !== arm) st.deleteArm.run(p, a.factor, a.name);
    for (const [arm, a] of d.arms) if (armOf(a.factor, a.name) === arm) st.writeArm(p, a.factor, a.name, arm);
    for (const r of d.rounds) {
      const row = agg.rounds.get(r);
      if (row) st.upsertRounds.run(p, r, row.n, row.hit_max_n, row.with_limit_n);
      else st.deleteRounds.run(p, r);
    }
    for (const w of d.weeks) {
      const row = agg.weeks.get(w);
      if (row) st.upsertWeek.run(p, w, row.n, row.qa_passed, row.qa_n, row.sum_cost, row.cost_n);
      else st.deleteWeek.run(p, w);
    }
  }
}

/** The fold's view of a run record. */
export function factsOf(r: {
  project_id: string; mode?: string; prompt_strategy?: string; model?: string; prompt_version?: string; total_cost_usd?: number;
  duration_s?: number; rounds_completed?: number; max_rounds?: number; qa_status?: QaStatus;
}, started_ms: number | null): RunFacts {
  return {
    project_id: r.project_id, started_ms, mode: r.mode ?? null, prompt_strategy: r.prompt_strategy ?? null, model: r.model ?? null,
    prompt_version: r.prompt_version ?? null, total_cost_usd: r.total_cost_usd ?? null, duration_s: r.duration_s ?? null,
    rounds_completed: r.rounds_completed ?? null, max_rounds: r.max_rounds ?? null, qa_status: r.qa_status ?? null,
  };
}
