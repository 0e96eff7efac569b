/**
 * The agg_* tables: reading them back into the engine's ProjectAggregates, writing the rows a
 * batch touched, and the full recompute used as a repair path and by tests.
 */
import { FACTORS, type Factor, type QaStatus } from '../../shared/run-record';
import { aggregateRuns, costBin, emptyArm, emptyProject, foldRun, weekStart, type ArmAggregate, type ProjectAggregates, type RunFacts } from '../engine/aggregates';
import type { Db } from './db';

const OVERALL = '';
const SEP = '\u0001';

interface ArmRow extends Omit<ArmAggregate, 'cost_bins'> {
  factor: string;
  arm: string;
}

export const RUN_FACTS_COLUMNS =
  'project_id, started_ms, mode, prompt_strategy, model, prompt_version, total_cost_usd, duration_s, rounds_completed, max_rounds, qa_status';

/** Reads a project's aggregates; null when the project has no runs. */
export function loadProjectAggregates(db: Db, projectId: string): ProjectAggregates | null {
  const arms = db.prepare('SELECT * FROM agg_arm WHERE project_id = ?').all(projectId) as ArmRow[];
  const overallRow = arms.find((a) => a.factor === OVERALL);
  if (!overallRow || overallRow.n <= 0) return null;
  const agg = emptyProject(projectId);
  const byKey = new Map<string, ArmAggregate>();
  for (const row of arms) {
    const { factor, arm: name, ...rest } = row;
    delete (rest as Record<string, unknown>).project_id;
    const arm: ArmAggregate = { ...emptyArm(), ...rest };
    if (factor === OVERALL) agg.overall = arm;
    else if ((FACTORS as readonly string[]).includes(factor)) agg.factors[factor as Factor].set(name, arm);
    byKey.set(factor + SEP + name, arm);
  }
  const bins = db.prepare('SELECT factor, arm, bin, n, sum FROM agg_cost_bin WHERE project_id = ?').all(projectId) as Array<{ factor: string; arm: string; bin: number; n: number; sum: number }>;
  for (const b of bins) byKey.get(b.factor + SEP + b.arm)?.cost_bins.set(b.bin, [b.n, b.sum]);
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
  readonly deleteArmBins;
  readonly upsertBin;
  readonly deleteBin;
  readonly upsertRounds;
  readonly deleteRounds;
  readonly upsertWeek;
  readonly deleteWeek;
  readonly deleteProject: Array<ReturnType<Db['prepare']>>;
  readonly bumpVersion;
  readonly version;
  constructor(db: Db) {
    this.upsertArm = db.prepare(`INSERT OR REPLACE INTO agg_arm (project_id, factor, arm, n, cost_n, sum_cost, log_n, sum_log_cost, sum_log_cost2,
      min_cost, max_cost, sum_duration, duration_n, sum_rounds, rounds_n, qa_passed, qa_warning, qa_failed, first_ms, last_ms)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    this.deleteArm = db.prepare('DELETE FROM agg_arm WHERE project_id = ? AND factor = ? AND arm = ?');
    this.deleteArmBins = db.prepare('DELETE FROM agg_cost_bin WHERE project_id = ? AND factor = ? AND arm = ?');
    this.upsertBin = db.prepare('INSERT OR REPLACE INTO agg_cost_bin (project_id, factor, arm, bin, n, sum) VALUES (?,?,?,?,?,?)');
    this.deleteBin = db.prepare('DELETE FROM agg_cost_bin WHERE project_id = ? AND factor = ? AND arm = ? AND bin = ?');
    this.upsertRounds = db.prepare('INSERT OR REPLACE INTO agg_rounds (project_id, rounds, n, hit_max_n, with_limit_n) VALUES (?,?,?,?,?)');
    this.deleteRounds = db.prepare('DELETE FROM agg_rounds WHERE project_id = ? AND rounds = ?');
    this.upsertWeek = db.prepare('INSERT OR REPLACE INTO agg_week (project_id, week_start, n, qa_passed, qa_n, sum_cost, cost_n) VALUES (?,?,?,?,?,?,?)');
    this.deleteWeek = db.prepare('DELETE FROM agg_week WHERE project_id = ? AND week_start = ?');
    this.deleteProject = ['agg_arm', 'agg_cost_bin', 'agg_rounds', 'agg_week'].map((t) => db.prepare(`DELETE FROM ${t} WHERE project_id = ?`));
    this.bumpVersion = db.prepare('INSERT INTO project_versions (project_id, version) VALUES (?, 1) ON CONFLICT(project_id) DO UPDATE SET version = version + 1 RETURNING version');
    this.version = db.prepare('SELECT version FROM project_versions WHERE project_id = ?').pluck();
  }

  writeArm(p: string, factor: string, name: string, a: ArmAggregate): void {
    this.upsertArm.run(p, factor, name, a.n, a.cost_n, a.sum_cost, a.log_n, a.sum_log_cost, a.sum_log_cost2, a.min_cost, a.max_cost,
      a.sum_duration, a.duration_n, a.sum_rounds, a.rounds_n, a.qa_passed, a.qa_warning, a.qa_failed, a.first_ms, a.last_ms);
  }
}

function writeAll(st: AggStatements, agg: ProjectAggregates): void {
  const p = agg.project_id;
  for (const s of st.deleteProject) s.run(p);
  if (agg.overall.n <= 0) return;
  const arms: Array<[string, string, ArmAggregate]> = [[OVERALL, OVERALL, agg.overall]];
  for (const f of FACTORS) for (const [name, a] of agg.factors[f]) arms.push([f, name, a]);
  for (const [f, name, a] of arms) {
    st.writeArm(p, f, name, a);
    for (const [bin, [n, sum]] of a.cost_bins) st.upsertBin.run(p, f, name, bin, n, sum);
  }
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

interface Dirty {
  arms: Set<string>;
  bins: Set<string>;
  rounds: Set<number>;
  weeks: Set<string>;
}

/**
 * Keeps aggregates in step with run inserts and deletes inside the caller's transaction. Holds
 * each touched project's aggregates in memory (checked against project_versions, so another
 * writer's changes are reloaded) and writes only the rows a batch touched.
 */
export class AggregateTracker {
  private readonly st: AggStatements;
  private readonly cache = new Map<string, { agg: ProjectAggregates; version: number }>();
  private readonly dirty = new Map<string, Dirty>();
  private readonly stale = new Set<string>();
  /** Day number → week start: weekStart builds Dates, too slow to call per run at 1 M runs. */
  private readonly weekOfDay = new Map<number, string>();

  constructor(private readonly db: Db) {
    this.st = new AggStatements(db);
  }

  /** Adds (1) or removes (−1) a run. Call inside the transaction that changes the runs table. */
  fold(facts: RunFacts, sign: 1 | -1): void {
    const p = facts.project_id;
    let d = this.dirty.get(p);
    if (!d) {
      d = { arms: new Set(), bins: new Set(), rounds: new Set(), weeks: new Set() };
      this.dirty.set(p, d);
      const version = (this.st.version.get(p) as number | undefined) ?? 0;
      const cached = this.cache.get(p);
      if (!cached || cached.version !== version) this.cache.set(p, { agg: loadProjectAggregates(this.db, p) ?? emptyProject(p), version });
    }
    const agg = (this.cache.get(p) as { agg: ProjectAggregates }).agg;
    if (foldRun(agg, facts, sign)) this.stale.add(p);
    const bin = facts.total_cost_usd != null ? costBin(facts.total_cost_usd) : null;
    const mark = (factor: string, name: string) => {
      d.arms.add(factor + SEP + name);
      if (bin != null) d.bins.add(factor + SEP + name + SEP + bin);
    };
    mark(OVERALL, OVERALL);
    for (const f of FACTORS) if (facts[f] != null) mark(f, facts[f] as string);
    if (facts.rounds_completed != null) d.rounds.add(facts.rounds_completed);
    if (facts.started_ms != null) d.weeks.add(this.week(facts.started_ms));
  }

  private week(ms: number): string {
    const day = Math.floor(ms / 86_400_000);
    let w = this.weekOfDay.get(day);
    if (w === undefined) {
      w = weekStart(ms);
      if (this.weekOfDay.size > 100_000) this.weekOfDay.clear();
      this.weekOfDay.set(day, w);
    }
    return w;
  }

  /** Writes the touched rows and bumps project versions; returns the projects touched. Inside the transaction. */
  flush(): string[] {
    const touched = [...this.dirty.keys()];
    for (const p of touched) {
      const entry = this.cache.get(p) as { agg: ProjectAggregates; version: number };
      const d = this.dirty.get(p) as Dirty;
      if (this.stale.has(p)) this.recomputeExtrema(entry.agg, d);
      this.writeDirty(entry.agg, d);
      entry.version = this.st.bumpVersion.get(p) as number;
    }
    this.dirty.clear();
    this.stale.clear();
    return touched;
  }

  /** After a rollback: forget what this batch folded. */
  discard(): void {
    for (const p of this.dirty.keys()) this.cache.delete(p);
    this.dirty.clear();
    this.stale.clear();
  }

  private recomputeExtrema(agg: ProjectAggregates, d: Dirty): void {
    const p = agg.project_id;
    type Ext = { arm: string | null; mn: number | null; mx: number | null; f: number | null; l: number | null };
    const set = (a: ArmAggregate, e: Ext) => {
      a.min_cost = e.mn;
      a.max_cost = e.mx;
      a.first_ms = e.f;
      a.last_ms = e.l;
    };
    const cols = 'min(total_cost_usd) AS mn, max(total_cost_usd) AS mx, min(started_ms) AS f, max(started_ms) AS l';
    const all = this.db.prepare(`SELECT NULL AS arm, ${cols} FROM runs WHERE project_id = ?`).get(p) as Ext;
    set(agg.overall, all);
    d.arms.add(OVERALL + SEP + OVERALL);
    for (const f of FACTORS) {
      const rows = this.db.prepare(`SELECT ${f} AS arm, ${cols} FROM runs WHERE project_id = ? AND ${f} IS NOT NULL GROUP BY ${f}`).all(p) as Ext[];
      for (const e of rows) {
        const a = agg.factors[f].get(e.arm as string);
        if (a) {
          set(a, e);
          d.arms.add(f + SEP + e.arm);
        }
      }
    }
  }

  private writeDirty(agg: ProjectAggregates, d: Dirty): void {
    const p = agg.project_id;
    const st = this.st;
    if (agg.overall.n <= 0) {
      for (const s of st.deleteProject) s.run(p);
      this.cache.set(p, { agg: emptyProject(p), version: this.cache.get(p)?.version ?? 0 });
      return;
    }
    const armOf = (factor: string, name: string) => (factor === OVERALL ? agg.overall : agg.factors[factor as Factor]?.get(name));
    for (const key of d.arms) {
      const [factor, name] = key.split(SEP);
      const a = armOf(factor, name);
      if (a) st.writeArm(p, factor, name, a);
      else {
        st.deleteArm.run(p, factor, name);
        st.deleteArmBins.run(p, factor, name);
      }
    }
    for (const key of d.bins) {
      const [factor, name, binText] = key.split(SEP);
      const a = armOf(factor, name);
      if (!a) continue;
      const bin = Number(binText);
      const cell = a.cost_bins.get(bin);
      if (cell) st.upsertBin.run(p, factor, name, bin, cell[0], cell[1]);
      else st.deleteBin.run(p, factor, name, bin);
    }
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
