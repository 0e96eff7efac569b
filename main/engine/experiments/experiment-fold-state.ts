/**
 * The ingest's running fold of one project's experiment sums: runs are summed per combination of
 * levels first and settled into the triples, arms and overall cells once per unit (the layout and
 * the cells themselves: stored-sums.ts).
 */
import type { RunFacts } from '../../../shared/aggregates';
import { weekOf } from './sums';
import {
  NULL_LEVEL, D, F, DAY_MS, SUMMED, GEN, P, Q, taskKey, intern, TRIPLES, newCell, cellIn, runVector, addVector, addTimes, mergeTimes, tripleKey,
  type Cell, type ProjectExperimentSums, type CellVisitor,
} from './stored-sums';

/**
 * Runs added since the last settle that share every level (the five factors and the week): their
 * summed vector and first/last start. A run then costs one combination cell and its task cells;
 * the 20 triples, the arms and the overall cells take each combination once when settled.
 */
interface Combo {
  ids: Int32Array;
  /** Bit f: factor f has no value; bit F: no start time. */
  nulls: number;
  cell: Cell;
}

interface Pending {
  byKey: Map<number, Map<number, Combo>>;
  list: Combo[];
}

/** Folds runs into one project's sums; `gen` marks the cells of the current unit for `visit`. */
export class ExperimentFoldState {
  /** The last run's contribution and level ids per dimension (custom-sums.ts folds on them). */
  readonly v = new Float64Array(SUMMED);
  readonly ids = new Array<number>(D).fill(0);
  /** The last run's task id (−1: none). */
  task = -1;
  /** The run's factor values in EXPERIMENT_FACTORS order. */
  private readonly vals = new Array<string | null>(F).fill(null);
  private readonly weeks = new Map<number, string>();
  private visit: CellVisitor | null = null;
  private readonly pending = new Map<ProjectExperimentSums, Pending>();
  gen = 1;

  /** Reports a cell to the unit's visitor the first time the unit touches it. */
  touch(cell: Cell, kind: number, key: number): void {
    if (this.visit !== null && cell[GEN] !== this.gen) {
      cell[GEN] = this.gen;
      this.visit(cell, kind, key);
    }
  }

  /** Interns the run's levels into `ids` (and its values into `vals`); the task id, or −1. */
  private levelsOf(ps: ProjectExperimentSums, r: RunFacts): number {
    const ids = this.ids;
    const vals = this.vals;
    vals[0] = r.mode;
    vals[1] = r.prompt_strategy;
    vals[2] = r.model;
    vals[3] = r.prompt_version;
    vals[4] = r.recipe ?? null;
    for (let i = 0; i < F; i++) ids[i] = intern(ps.levels[i], vals[i] ?? NULL_LEVEL, P);
    const t = r.started_ms;
    let week = NULL_LEVEL;
    if (t != null) {
      const day = Math.floor(t / DAY_MS);
      const w = this.weeks.get(day);
      if (w === undefined) {
        week = weekOf(t);
        this.weeks.set(day, week);
      } else week = w;
    }
    ids[F] = intern(ps.levels[F], week, P);
    this.task = r.task_key == null ? -1 : intern(ps.tasks, r.task_key, Q);
    return this.task;
  }

  /** Adds the run's vector to its (arm, task) cells. */
  private foldTasks(ps: ProjectExperimentSums, task: number, sign: number): void {
    if (task < 0) return;
    const ids = this.ids;
    const vals = this.vals;
    const v = this.v;
    for (let f = 0; f < F; f++) {
      if (vals[f] == null) continue;
      const key = taskKey(ids[f], task);
      const m = ps.taskCells[f];
      const c = cellIn(m, key);
      addVector(c, v, sign);
      this.touch(c, 200 + f, key);
      if (c[0] === 0) m.delete(key);
    }
  }

  /**
   * Adds a run, deferring its combination's share (overall, dated, arms, triples) to settle():
   * equal to fold(ps, r, 1, visit) once settled (sums to rounding: the order of additions differs).
   */
  add(ps: ProjectExperimentSums, r: RunFacts, visit: CellVisitor | null): void {
    this.visit = visit;
    const v = this.v;
    runVector(r, v);
    const task = this.levelsOf(ps, r);
    this.foldTasks(ps, task, 1);
    const ids = this.ids;
    let p = this.pending.get(ps);
    if (p === undefined) {
      p = { byKey: new Map(), list: [] };
      this.pending.set(ps, p);
    }
    const k1 = tripleKey(ids[0], ids[1], ids[2]);
    const k2 = tripleKey(ids[3], ids[4], ids[5]);
    let inner = p.byKey.get(k1);
    if (inner === undefined) {
      inner = new Map();
      p.byKey.set(k1, inner);
    }
    let combo = inner.get(k2);
    if (combo === undefined) {
      let nulls = 0;
      for (let f = 0; f < F; f++) if (this.vals[f] == null) nulls |= 1 << f;
      if (r.started_ms == null) nulls |= 1 << F;
      combo = { ids: Int32Array.from(ids), nulls, cell: newCell() };
      inner.set(k2, combo);
      p.list.push(combo);
    }
    const cell = combo.cell;
    addVector(cell, v, 1);
    addTimes(cell, r.started_ms, 1);
  }

  /** Folds the combinations add() deferred into the project's cells (telling `visit` of each touched). */
  settle(ps: ProjectExperimentSums, visit: CellVisitor | null): void {
    const p = this.pending.get(ps);
    if (p === undefined) return;
    this.pending.delete(ps);
    this.visit = visit;
    for (const combo of p.list) {
      const v = combo.cell;
      const ids = combo.ids;
      const dated = (combo.nulls & (1 << F)) === 0;
      addVector(ps.overall, v, 1);
      this.touch(ps.overall, -1, 0);
      if (dated) {
        mergeTimes(ps.overall, v);
        addVector(ps.dated, v, 1);
        mergeTimes(ps.dated, v);
        this.touch(ps.dated, -2, 0);
      }
      for (let f = 0; f < F; f++) {
        if ((combo.nulls & (1 << f)) !== 0) continue;
        const arms = ps.arms[f];
        const arm = cellIn(arms, ids[f]);
        addVector(arm, v, 1);
        if (dated) mergeTimes(arm, v);
        this.touch(arm, 100 + f, ids[f]);
      }
      for (let k = 0; k < TRIPLES.length; k++) {
        const [a, b, c3] = TRIPLES[k];
        const key = tripleKey(ids[a], ids[b], ids[c3]);
        const m = ps.triples[k];
        const c = cellIn(m, key);
        addVector(c, v, 1);
        this.touch(c, k, key);
      }
    }
  }

  /** Forgets what add() deferred (the unit was rolled back). */
  dropPending(): void {
    this.pending.clear();
  }

  /**
   * Adds (1) or removes (−1) a run. Returns true when a removal may have taken an arm's first or
   * last start (the caller then recomputes them from the runs). Settles the project's deferred adds first.
   */
  fold(ps: ProjectExperimentSums, r: RunFacts, sign: 1 | -1, visit: CellVisitor | null): boolean {
    if (this.pending.size > 0) this.settle(ps, visit);
    const v = this.v;
    const ids = this.ids;
    const vals = this.vals;
    this.visit = visit;
    runVector(r, v);
    let stale = false;
    const t = r.started_ms;
    addVector(ps.overall, v, sign);
    if (addTimes(ps.overall, t, sign)) stale = true;
    this.touch(ps.overall, -1, 0);
    if (t != null) {
      addVector(ps.dated, v, sign);
      if (addTimes(ps.dated, t, sign)) stale = true;
      this.touch(ps.dated, -2, 0);
    }
    const task = this.levelsOf(ps, r);
    for (let f = 0; f < F; f++) {
      if (vals[f] == null) continue;
      const arms = ps.arms[f];
      const arm = cellIn(arms, ids[f]);
      addVector(arm, v, sign);
      if (addTimes(arm, t, sign)) stale = true;
      this.touch(arm, 100 + f, ids[f]);
      if (arm[0] === 0) arms.delete(ids[f]);
    }
    this.foldTasks(ps, task, sign);
    for (let k = 0; k < TRIPLES.length; k++) {
      const [a, b, c3] = TRIPLES[k];
      const key = tripleKey(ids[a], ids[b], ids[c3]);
      const m = ps.triples[k];
      const c = cellIn(m, key);
      addVector(c, v, sign);
      this.touch(c, k, key);
      if (c[0] === 0) m.delete(key);
    }
    return stale;
  }
}
