/**
 * The experiments' sufficient sums as the ingest keeps them, folded run by run (sign −1 removes
 * a run). What is kept is the finest table every analysis needs: per triple of dimensions (the
 * five factors and the week) the sums of each combination of levels, per (factor, arm, task key)
 * for pairing, and per arm with its first/last start. A factor's arms-by-stratum sums (one other
 * dimension, or a pair of them jointly) are marginals of a triple, summed when read
 * (`projectFactorSums`), so a run costs 20 + 5 + 5 cell additions instead of ~90. Cells are flat
 * Float64Arrays (the packArm layout); level strings are interned per dimension. Read back: stored-factor-sums.ts.
 */
import type { RunFacts } from '../../../shared/aggregates';
import type { ArmCostBins } from './arm-histograms';
import type { CustomFactorSums } from './custom-sums';
import { WEEK } from './sums';

/** The factors the ingest keeps sums for (also every stratum dimension besides the week). */
export const EXPERIMENT_FACTORS = ['mode', 'prompt_strategy', 'model', 'prompt_version', 'recipe'] as const;

/** Stored cell kinds (the `factor` / `dim` columns of agg_exp). */
export const OVERALL_FACTOR = '';
export const ALL_DIM = '';
export const DATED_DIM = '#dated';
export const ARM_DIM = '';
export const TASK_DIM = '#task';
export const TRIPLE_FACTOR = '#3';
/** How a missing level is stored (a real value can be any non-empty text). */
export const NULL_LEVEL = '\u0000';
export const LEVEL_SEP = '\u001f';

export const DIMS: readonly string[] = [...EXPERIMENT_FACTORS, WEEK];
export const D = DIMS.length;
export const F = EXPERIMENT_FACTORS.length;
export const DAY_MS = 86_400_000;

/** Summed slots of a cell, then first/last start and the unit generation that last touched it. */
export const SUMMED = 31;
export const FIRST = 31;
export const LAST = 32;
export const GEN = 33;
const CELL_LENGTH = 34;
/** Stored slots (the packed blob): the sums and the two times. */
export const PACKED_LENGTH = 33;
/**
 * Keys of a triple: ia·S² + ib·S + ic with S = 1024 while every id is below 1024 (a small integer,
 * which V8's maps hash fastest), else WIDE + ia·P² + ib·P + ic (a double, exact below P levels).
 */
const S = 1024;
const WIDE = S * S * S;
export const P = 131_072;
/** Task keys: task·S + arm while both are small, else WIDE + arm·Q + task (Q = 2^26 task keys). */
export const Q = 67_108_864;

export function taskKey(arm: number, task: number): number {
  return arm < S && task < WIDE / S ? task * S + arm : WIDE + arm * Q + task;
}

export function taskIds(key: number): [arm: number, task: number] {
  if (key < WIDE) return [key % S, Math.floor(key / S)];
  const k = key - WIDE;
  return [Math.floor(k / Q), k % Q];
}

/** One cell: the packArm layout plus bookkeeping. */
export type Cell = Float64Array;

export interface Interner {
  ids: Map<string, number>;
  names: string[];
}

export function interner(): Interner {
  return { ids: new Map(), names: [] };
}

export function intern(t: Interner, s: string, limit: number): number {
  let id = t.ids.get(s);
  if (id === undefined) {
    id = t.names.length;
    if (id >= limit) throw new Error(`experiment sums: more than ${limit.toLocaleString('en-US')} distinct values of one factor (or task keys) in one project`);
    t.ids.set(s, id);
    t.names.push(s);
  }
  return id;
}

/** The 20 triples of dimensions (i < j < k). */
export const TRIPLES: readonly (readonly [number, number, number])[] = (() => {
  const out: [number, number, number][] = [];
  for (let i = 0; i < D; i++) for (let j = i + 1; j < D; j++) for (let k = j + 1; k < D; k++) out.push([i, j, k]);
  return out;
})();

/** One project's sums as kept at ingest. */
export interface ProjectExperimentSums {
  levels: Interner[];
  tasks: Interner;
  /** Per triple (TRIPLES order): key → cell. */
  triples: Map<number, Cell>[];
  /** Per factor: level id → cell (first/last kept). */
  arms: Map<number, Cell>[];
  /** Per factor: taskKey(arm id, task id) → cell. */
  taskCells: Map<number, Cell>[];
  overall: Cell;
  dated: Cell;
  /** The user-named factors' sums (custom-sums.ts), in the order first seen. */
  custom: CustomFactorSums[];
  /** Per-arm histograms of cost (recipe, named factors) and the other metrics (arm-histograms.ts; the medians). */
  bins: ArmCostBins;
}

export function newCell(): Cell {
  const c = new Float64Array(CELL_LENGTH);
  c[FIRST] = NaN;
  c[LAST] = NaN;
  return c;
}

/** The cell under `key`, created empty when absent (every fold's get-or-create). */
export function cellIn(m: Map<number, Cell>, key: number): Cell {
  let c = m.get(key);
  if (c === undefined) {
    c = newCell();
    m.set(key, c);
  }
  return c;
}

/** Empty sums of a project. */
export function emptyProjectSums(): ProjectExperimentSums {
  return {
    levels: DIMS.map(() => interner()), tasks: interner(), triples: TRIPLES.map(() => new Map()),
    arms: EXPERIMENT_FACTORS.map(() => new Map()), taskCells: EXPERIMENT_FACTORS.map(() => new Map()), overall: newCell(), dated: newCell(), custom: [], bins: new Map(),
  };
}

/**
 * Where a touched cell lives: its kind (−1 overall, −2 dated, 0..19 triple, 100+f arm, 200+f task)
 * and key. Up to P values per dimension and Q task keys per project (else the fold says so).
 */
export type CellVisitor = (cell: Cell, kind: number, key: number) => void;

/** A run's contribution, in the packArm layout (sums only): what `addRun` adds, from the fold's facts. */
export function runVector(f: RunFacts, v: Float64Array): void {
  v.fill(0);
  v[0] = 1;
  const qa = f.qa_status === 'passed' || f.qa_status === 'warning' || f.qa_status === 'failed';
  const pass = f.qa_status === 'passed' ? 1 : 0;
  if (qa) {
    v[1] = 1;
    v[2] = pass;
  }
  const c = f.total_cost_usd;
  if (c != null && Number.isFinite(c)) {
    v[3] = 1;
    v[4] = c;
    v[5] = c * c;
    if (c === 0) v[6] = 1;
    else if (c > 0) {
      const l = Math.log(c);
      v[7] = 1;
      v[8] = l;
      v[9] = l * l;
    }
    if (qa) {
      v[10] = 1;
      v[11] = c;
      v[12] = c * c;
      v[13] = pass;
      v[14] = c * pass;
    }
  }
  const d = f.duration_s;
  if (d != null) {
    v[15] = 1;
    v[16] = d;
    v[17] = d * d;
  }
  const t = f.tokens;
  if (t != null) {
    v[18] = 1;
    v[19] = t;
    v[20] = t * t;
  }
  const r = f.retries;
  if (r != null) {
    v[21] = 1;
    v[22] = r;
    v[23] = r * r;
  }
  const g = f.rating;
  if (g != null) {
    v[24] = 1;
    v[25] = g;
    v[26] = g * g;
  }
  if (f.human_override != null) {
    v[27] = 1;
    if (f.human_override) v[28] = 1;
  }
  // Slots 29, 30: reserved (zero), so the layout can grow without a new blob size.
}

export function addVector(cell: Cell, v: Float64Array, sign: number): void {
  if (sign > 0) for (let i = 0; i < SUMMED; i++) cell[i] += v[i];
  else for (let i = 0; i < SUMMED; i++) cell[i] -= v[i];
}

export function addTimes(cell: Cell, t: number | null, sign: number): boolean {
  if (t == null) return false;
  if (sign > 0) {
    if (!(cell[FIRST] <= t)) cell[FIRST] = t;
    if (!(cell[LAST] >= t)) cell[LAST] = t;
    return false;
  }
  return t === cell[FIRST] || t === cell[LAST];
}

/** Widens a cell's first/last start to a combination's (both are set: the combination is dated). */
export function mergeTimes(cell: Cell, from: Cell): void {
  if (!(cell[FIRST] <= from[FIRST])) cell[FIRST] = from[FIRST];
  if (!(cell[LAST] >= from[LAST])) cell[LAST] = from[LAST];
}

export function tripleKey(ia: number, ib: number, ic: number): number {
  return ia < S && ib < S && ic < S ? (ia * S + ib) * S + ic : WIDE + (ia * P + ib) * P + ic;
}

export function tripleIds(key: number): [number, number, number] {
  if (key < WIDE) return [Math.floor(key / (S * S)), Math.floor(key / S) % S, key % S];
  const k = key - WIDE;
  return [Math.floor(k / (P * P)), Math.floor(k / P) % P, k % P];
}


/** The cell now at (kind, key), if any. */
export function cellAt(ps: ProjectExperimentSums, kind: number, key: number): Cell | undefined {
  if (kind === -1) return ps.overall;
  if (kind === -2) return ps.dated;
  if (kind >= 200) return ps.taskCells[kind - 200].get(key);
  if (kind >= 100) return ps.arms[kind - 100].get(key);
  return ps.triples[kind].get(key);
}

/** Stored key of a cell: (factor, dim, arm, level) columns of agg_exp. */
export type CellKey = readonly [factor: string, dim: string, arm: string, level: string];

/** The stored key of (kind, key). */
export function storedKey(ps: ProjectExperimentSums, kind: number, key: number): CellKey {
  if (kind === -1) return [OVERALL_FACTOR, ALL_DIM, '', ''];
  if (kind === -2) return [OVERALL_FACTOR, DATED_DIM, '', ''];
  if (kind >= 200) {
    const f = kind - 200;
    const [arm, task] = taskIds(key);
    return [DIMS[f], TASK_DIM, ps.levels[f].names[arm], ps.tasks.names[task]];
  }
  if (kind >= 100) return [DIMS[kind - 100], ARM_DIM, ps.levels[kind - 100].names[key], ''];
  const [a, b, c] = TRIPLES[kind];
  const [ia, ib, ic] = tripleIds(key);
  return [TRIPLE_FACTOR, `${DIMS[a]}×${DIMS[b]}×${DIMS[c]}`, '', [ps.levels[a].names[ia], ps.levels[b].names[ib], ps.levels[c].names[ic]].join(LEVEL_SEP)];
}

const TRIPLE_INDEX = new Map(TRIPLES.map(([a, b, c], k) => [`${DIMS[a]}×${DIMS[b]}×${DIMS[c]}`, k]));

/** Puts a loaded cell back in place (the inverse of storedKey); unknown keys are ignored. */
export function placeCell(ps: ProjectExperimentSums, [factor, dim, arm, level]: CellKey, packed: Float64Array): void {
  const cell = newCell();
  cell.set(packed.subarray(0, PACKED_LENGTH));
  if (factor === OVERALL_FACTOR) {
    if (dim === ALL_DIM) ps.overall = cell;
    else if (dim === DATED_DIM) ps.dated = cell;
    return;
  }
  if (factor === TRIPLE_FACTOR) {
    const k = TRIPLE_INDEX.get(dim);
    if (k === undefined) return;
    const [a, b, c] = TRIPLES[k];
    const [la, lb, lc] = level.split(LEVEL_SEP);
    const key = tripleKey(intern(ps.levels[a], la, P), intern(ps.levels[b], lb, P), intern(ps.levels[c], lc, P));
    ps.triples[k].set(key, cell);
    return;
  }
  const f = DIMS.indexOf(factor);
  if (f < 0 || f >= F) return;
  const id = intern(ps.levels[f], arm, P);
  if (dim === ARM_DIM) ps.arms[f].set(id, cell);
  else if (dim === TASK_DIM) ps.taskCells[f].set(taskKey(id, intern(ps.tasks, level, Q)), cell);
}

/** Every stored cell of a project's sums with its kind and key (for a full write). */
export function* cellsOf(ps: ProjectExperimentSums): Iterable<[number, number, Cell]> {
  if (ps.overall[0] > 0) yield [-1, 0, ps.overall];
  if (ps.dated[0] > 0) yield [-2, 0, ps.dated];
  for (let f = 0; f < F; f++) {
    for (const [k, c] of ps.arms[f]) yield [100 + f, k, c];
    for (const [k, c] of ps.taskCells[f]) yield [200 + f, k, c];
  }
  for (let k = 0; k < TRIPLES.length; k++) for (const [key, c] of ps.triples[k]) yield [k, key, c];
}

/** A cell's stored blob (Float64 little-endian, PACKED_LENGTH slots; NaN = no time). */
export function packCell(c: Cell): Buffer {
  const f = c.slice(0, PACKED_LENGTH);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

/** Reads a stored blob. */
export function unpackCell(blob: Buffer): Float64Array {
  return new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** Sets a cell's first/last start (after a removal, from the runs); true when they changed. */
export function setTimes(c: Cell, first: number | null, last: number | null): boolean {
  const f = first ?? NaN;
  const l = last ?? NaN;
  if (Object.is(c[FIRST], f) && Object.is(c[LAST], l)) return false;
  c[FIRST] = f;
  c[LAST] = l;
  return true;
}
