/**
 * The agg_* tables: an aggregate row per project arm (sums, counts, min/max, cost bins as one
 * blob), per rounds count and per week, and each project's version (the analysis cache key).
 * Persistence only: the rows come folded from the ingest (ingest/aggregate-fold.ts).
 */
import { emptyArm, emptyProject, type ArmAggregate, type ProjectAggregates, type RoundsAggregate, type RoundsOutcomeCell, type WeekAggregate } from '../../shared/aggregates';
import { FACTORS, type Factor } from '../../shared/run-record';
import type { Db } from './db';
import type { Async } from './async-boundary';

/** factor '' / arm '' is the project's overall arm. */
export const OVERALL = '';

/** Min/max cost and first/last start of one arm, straight from the runs (after removals). */
export interface ArmExtrema {
  factor: Factor | '';
  arm: string;
  min_cost: number | null;
  max_cost: number | null;
  first_ms: number | null;
  last_ms: number | null;
}

/** Aggregate rows of the projects. Writes belong inside a unit of work (Store.ingestUnit). */
/** AggregateStore as the SQLite implementation has it: synchronous. */
export interface AggregateStoreSync {
  /** A project's aggregates; null when it has no runs. */
  load(projectId: string): ProjectAggregates | null;
  /** The project's version: bumped on every change to its runs (0 = never seen). */
  version(projectId: string): number;
  /** Projects that have at least one run. */
  projectIds(): string[];
  /** Arms of a factor that hold runs, sorted. */
  armNames(projectId: string, factor: Factor): string[];
  /** Per-arm extrema recomputed from the runs table (the fold cannot undo a min or max). */
  extrema(projectId: string): ArmExtrema[];
  writeArm(projectId: string, factor: Factor | '', arm: string, a: ArmAggregate): void;
  deleteArm(projectId: string, factor: Factor | '', arm: string): void;
  writeRounds(projectId: string, r: RoundsAggregate): void;
  deleteRounds(projectId: string, rounds: number): void;
  writeWeek(projectId: string, w: WeekAggregate): void;
  deleteWeek(projectId: string, weekStart: string): void;
  /** Deletes all of a project's rows. */
  deleteProject(projectId: string): void;
  /** Replaces all of a project's rows with `agg` (nothing when it has no runs). */
  replaceProject(agg: ProjectAggregates): void;
  /** Drops every project's rows (before a rebuild). */
  deleteAll(): void;
  /** Bumps and returns the project's version. */
  bumpVersion(projectId: string): number;
  /** The fold version the rows were written with; null when never recorded. */
  foldVersion(): number | null;
  setFoldVersion(v: number): void;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type AggregateStore = Async<AggregateStoreSync>;

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

interface ArmRow extends Omit<ArmAggregate, 'cost_bins'> {
  project_id?: string;
  factor: string;
  arm: string;
  bins: Buffer | null;
}

const EXTREMA = 'min(total_cost_usd) AS min_cost, max(total_cost_usd) AS max_cost, min(started_ms) AS first_ms, max(started_ms) AS last_ms';

export class SqliteAggregateStore implements AggregateStoreSync {
  private readonly s;
  private readonly deleteProjectRows;
  private readonly extremaOf;

  constructor(db: Db) {
    this.s = {
      arms: db.prepare('SELECT * FROM agg_arm WHERE project_id = ?'),
      rounds: db.prepare('SELECT rounds, n, hit_max_n, with_limit_n, outcomes FROM agg_rounds WHERE project_id = ?'),
      weeks: db.prepare('SELECT week_start, n, qa_passed, qa_n, sum_cost, cost_n FROM agg_week WHERE project_id = ?'),
      version: db.prepare('SELECT version FROM project_versions WHERE project_id = ?').pluck(),
      bump: db.prepare('INSERT INTO project_versions (project_id, version) VALUES (?, 1) ON CONFLICT(project_id) DO UPDATE SET version = version + 1 RETURNING version').pluck(),
      projects: db.prepare("SELECT project_id FROM agg_arm WHERE factor = '' AND arm = '' AND n > 0 ORDER BY project_id").pluck(),
      armNames: db.prepare('SELECT arm FROM agg_arm WHERE project_id = ? AND factor = ? AND n > 0 ORDER BY arm').pluck(),
      upsertArm: db.prepare(`INSERT OR REPLACE INTO agg_arm (project_id, factor, arm, n, cost_n, sum_cost, log_n, sum_log_cost, sum_log_cost2,
        min_cost, max_cost, sum_duration, duration_n, sum_rounds, rounds_n, qa_passed, qa_warning, qa_failed, first_ms, last_ms, bins,
        qa_cost_n, qa_cost_sum, qa_cost_passed)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      deleteArm: db.prepare('DELETE FROM agg_arm WHERE project_id = ? AND factor = ? AND arm = ?'),
      upsertRounds: db.prepare('INSERT OR REPLACE INTO agg_rounds (project_id, rounds, n, hit_max_n, with_limit_n, outcomes) VALUES (?,?,?,?,?,?)'),
      deleteRounds: db.prepare('DELETE FROM agg_rounds WHERE project_id = ? AND rounds = ?'),
      upsertWeek: db.prepare('INSERT OR REPLACE INTO agg_week (project_id, week_start, n, qa_passed, qa_n, sum_cost, cost_n) VALUES (?,?,?,?,?,?,?)'),
      deleteWeek: db.prepare('DELETE FROM agg_week WHERE project_id = ? AND week_start = ?'),
      deleteAll: ['agg_arm', 'agg_rounds', 'agg_week'].map((t) => db.prepare(`DELETE FROM ${t}`)),
      foldVersion: db.prepare('SELECT fold_version FROM agg_meta').pluck(),
      clearFoldVersion: db.prepare('DELETE FROM agg_meta'),
      setFoldVersion: db.prepare('INSERT INTO agg_meta (fold_version) VALUES (?)'),
    };
    this.deleteProjectRows = ['agg_arm', 'agg_rounds', 'agg_week'].map((t) => db.prepare(`DELETE FROM ${t} WHERE project_id = ?`));
    this.extremaOf = {
      overall: db.prepare(`SELECT ${EXTREMA} FROM runs WHERE project_id = ?`),
      factors: FACTORS.map((f) => [f, db.prepare(`SELECT ${f} AS arm, ${EXTREMA} FROM runs WHERE project_id = ? AND ${f} IS NOT NULL GROUP BY ${f}`)] as const),
    };
  }

  load(projectId: string): ProjectAggregates | null {
    const arms = this.s.arms.all(projectId) as ArmRow[];
    const overallRow = arms.find((a) => a.factor === OVERALL);
    if (!overallRow || overallRow.n <= 0) return null;
    const agg = emptyProject(projectId);
    for (const row of arms) {
      const { factor, arm: name, bins, ...rest } = row;
      delete rest.project_id;
      const arm: ArmAggregate = { ...emptyArm(), ...rest };
      if (factor === OVERALL) agg.overall = arm;
      else if ((FACTORS as readonly string[]).includes(factor)) agg.factors[factor as Factor].set(name, arm);
      if (bins) unpackBins(bins, arm.cost_bins);
    }
    for (const { outcomes, ...r } of this.s.rounds.all(projectId) as Array<Omit<RoundsAggregate, 'outcomes'> & { outcomes: string | null }>) {
      // Rows of fold version 4 and earlier have no outcomes (the version change rebuilds them).
      agg.rounds.set(r.rounds, outcomes == null ? r : { ...r, outcomes: JSON.parse(outcomes) as RoundsOutcomeCell[] });
    }
    for (const w of this.s.weeks.all(projectId) as WeekAggregate[]) agg.weeks.set(w.week_start, w);
    return agg;
  }

  version(projectId: string): number {
    return (this.s.version.get(projectId) as number | undefined) ?? 0;
  }

  projectIds(): string[] {
    return this.s.projects.all() as string[];
  }

  armNames(projectId: string, factor: Factor): string[] {
    return this.s.armNames.all(projectId, factor) as string[];
  }

  extrema(projectId: string): ArmExtrema[] {
    type Row = Omit<ArmExtrema, 'factor' | 'arm'> & { arm?: string };
    const overall = this.extremaOf.overall.get(projectId) as Row;
    const out: ArmExtrema[] = [{ ...overall, factor: OVERALL, arm: OVERALL }];
    for (const [f, st] of this.extremaOf.factors) for (const r of st.all(projectId) as Row[]) out.push({ ...r, factor: f, arm: r.arm as string });
    return out;
  }

  writeArm(p: string, factor: Factor | '', name: string, a: ArmAggregate): void {
    this.s.upsertArm.run(p, factor, name, a.n, a.cost_n, a.sum_cost, a.log_n, a.sum_log_cost, a.sum_log_cost2, a.min_cost, a.max_cost,
      a.sum_duration, a.duration_n, a.sum_rounds, a.rounds_n, a.qa_passed, a.qa_warning, a.qa_failed, a.first_ms, a.last_ms, packBins(a.cost_bins),
      a.qa_cost_n, a.qa_cost_sum, a.qa_cost_passed);
  }

  deleteArm(p: string, factor: Factor | '', name: string): void {
    this.s.deleteArm.run(p, factor, name);
  }

  writeRounds(p: string, r: RoundsAggregate): void {
    this.s.upsertRounds.run(p, r.rounds, r.n, r.hit_max_n, r.with_limit_n, r.outcomes ? JSON.stringify(r.outcomes) : null);
  }

  deleteRounds(p: string, rounds: number): void {
    this.s.deleteRounds.run(p, rounds);
  }

  writeWeek(p: string, w: WeekAggregate): void {
    this.s.upsertWeek.run(p, w.week_start, w.n, w.qa_passed, w.qa_n, w.sum_cost, w.cost_n);
  }

  deleteWeek(p: string, weekStart: string): void {
    this.s.deleteWeek.run(p, weekStart);
  }

  deleteProject(p: string): void {
    for (const s of this.deleteProjectRows) s.run(p);
  }

  replaceProject(agg: ProjectAggregates): void {
    const p = agg.project_id;
    this.deleteProject(p);
    if (agg.overall.n <= 0) return;
    this.writeArm(p, OVERALL, OVERALL, agg.overall);
    for (const f of FACTORS) for (const [name, a] of agg.factors[f]) this.writeArm(p, f, name, a);
    for (const r of agg.rounds.values()) this.writeRounds(p, r);
    for (const w of agg.weeks.values()) this.writeWeek(p, w);
  }

  deleteAll(): void {
    for (const s of this.s.deleteAll) s.run();
  }

  bumpVersion(p: string): number {
    return this.s.bump.get(p) as number;
  }

  foldVersion(): number | null {
    return (this.s.foldVersion.get() as number | undefined) ?? null;
  }

  setFoldVersion(v: number): void {
    this.s.clearFoldVersion.run();
    this.s.setFoldVersion.run(v);
  }
}
