/**
 * The sums kept at ingest for user-named factors (shared/custom-factors.ts), beside the built-in
 * ones of stored-sums.ts: per named factor its arms, its (arm, task key) cells for pairing, and
 * per pair of the built-in dimensions (the five factors and the week) the (arm, level, level)
 * cells — a named factor's strata over one dimension are marginals of a pair, as the built-in
 * factors' are of a triple. A named factor is balanced against the built-in factors and the week
 * (not against another named factor); 1 + 1 + 15 cells per run and named factor.
 * Cell kinds: CUSTOM_KIND + 100·index + 0 (arm), 1 (task), 2 + pair.
 */
import { NO_VALUE, type ArmSums, type FactorSums, type StratumSums } from './sums';
import {
  addTimes, addVector, D, DIMS, intern, interner, LEVEL_SEP, newCell, cellIn, NULL_LEVEL, P, PACKED_LENGTH, Q, taskIds, taskKey, tripleIds, tripleKey,
  type Cell, type CellKey, type Interner, type ProjectExperimentSums,
} from './stored-sums';
import type { ExperimentFoldState } from './experiment-fold-state';
import { addInto, armSumsOf, toStratum } from './stored-factor-sums';

/** Kinds of the named factors' cells start here (built-in kinds are below 300). */
export const CUSTOM_KIND = 1000;
/** Stored `factor` of a named factor's cells: the prefix keeps them apart from the built-in ones. */
export const CUSTOM_PREFIX = '@';

/** The pairs of built-in dimensions (i < j), a named factor's joint strata. */
export const PAIRS: readonly (readonly [number, number])[] = (() => {
  const out: [number, number][] = [];
  for (let i = 0; i < D; i++) for (let j = i + 1; j < D; j++) out.push([i, j]);
  return out;
})();

/** One named factor's sums. */
export interface CustomFactorSums {
  name: string;
  levels: Interner;
  arms: Map<number, Cell>;
  /** taskKey(arm id, task id) → cell (task ids of the project's interner). */
  taskCells: Map<number, Cell>;
  /** Per PAIRS entry: tripleKey(arm id, level id i, level id j) → cell. */
  pairs: Map<number, Cell>[];
}

function customOf(ps: ProjectExperimentSums, name: string): [CustomFactorSums, number] {
  const i = ps.custom.findIndex((c) => c.name === name);
  if (i >= 0) return [ps.custom[i], i];
  const c: CustomFactorSums = { name, levels: interner(), arms: new Map(), taskCells: new Map(), pairs: PAIRS.map(() => new Map()) };
  ps.custom.push(c);
  return [c, ps.custom.length - 1];
}

function add(m: Map<number, Cell>, key: number, v: Float64Array, sign: number, state: ExperimentFoldState, kind: number): Cell {
  const c = cellIn(m, key);
  addVector(c, v, sign);
  state.touch(c, kind, key);
  if (c[0] === 0) m.delete(key);
  return c;
}

/**
 * Folds the named factors' values of the run `state` just folded (its vector and level ids).
 * Returns true when a removal may have taken an arm's first or last start.
 */
export function foldCustom(ps: ProjectExperimentSums, custom: Readonly<Record<string, string>> | null | undefined, startedMs: number | null,
  sign: 1 | -1, state: ExperimentFoldState): boolean {
  if (!custom) return false;
  let stale = false;
  const { v, ids, task } = state;
  for (const name in custom) {
    const [c, idx] = customOf(ps, name);
    const base = CUSTOM_KIND + 100 * idx;
    const arm = intern(c.levels, custom[name], P);
    const cell = cellIn(c.arms, arm);
    addVector(cell, v, sign);
    if (addTimes(cell, startedMs, sign)) stale = true;
    state.touch(cell, base, arm);
    if (cell[0] === 0) c.arms.delete(arm);
    if (task >= 0) add(c.taskCells, taskKey(arm, task), v, sign, state, base + 1);
    for (let p = 0; p < PAIRS.length; p++) add(c.pairs[p], tripleKey(arm, ids[PAIRS[p][0]], ids[PAIRS[p][1]]), v, sign, state, base + 2 + p);
  }
  return stale;
}

/** The cell now at a named factor's (kind, key), if any. */
export function customCellAt(ps: ProjectExperimentSums, kind: number, key: number): Cell | undefined {
  const c = ps.custom[Math.floor((kind - CUSTOM_KIND) / 100)];
  const sub = (kind - CUSTOM_KIND) % 100;
  if (!c) return undefined;
  return sub === 0 ? c.arms.get(key) : sub === 1 ? c.taskCells.get(key) : c.pairs[sub - 2]?.get(key);
}

const pairName = (p: number) => `${DIMS[PAIRS[p][0]]}×${DIMS[PAIRS[p][1]]}`;
const PAIR_INDEX = new Map(PAIRS.map((_, p) => [pairName(p), p]));

/** The stored key of a named factor's (kind, key). */
export function customStoredKey(ps: ProjectExperimentSums, kind: number, key: number): CellKey {
  const c = ps.custom[Math.floor((kind - CUSTOM_KIND) / 100)];
  const sub = (kind - CUSTOM_KIND) % 100;
  const factor = CUSTOM_PREFIX + c.name;
  if (sub === 0) return [factor, '', c.levels.names[key], ''];
  if (sub === 1) {
    const [arm, task] = taskIds(key);
    return [factor, '#task', c.levels.names[arm], ps.tasks.names[task]];
  }
  const p = sub - 2;
  const [arm, la, lb] = tripleIds(key);
  const [i, j] = PAIRS[p];
  return [factor, pairName(p), c.levels.names[arm], ps.levels[i].names[la] + LEVEL_SEP + ps.levels[j].names[lb]];
}

/** Puts a loaded named-factor cell back (factor starts with CUSTOM_PREFIX); unknown keys are ignored. */
export function placeCustomCell(ps: ProjectExperimentSums, [factor, dim, arm, level]: CellKey, packed: Float64Array): void {
  const [c] = customOf(ps, factor.slice(CUSTOM_PREFIX.length));
  const cell = newCell();
  cell.set(packed.subarray(0, PACKED_LENGTH));
  const id = intern(c.levels, arm, P);
  if (dim === '') c.arms.set(id, cell);
  else if (dim === '#task') c.taskCells.set(taskKey(id, intern(ps.tasks, level, Q)), cell);
  else {
    const p = PAIR_INDEX.get(dim);
    if (p === undefined) return;
    const [la, lb] = level.split(LEVEL_SEP);
    const [i, j] = PAIRS[p];
    c.pairs[p].set(tripleKey(id, intern(ps.levels[i], la, P), intern(ps.levels[j], lb, P)), cell);
  }
}

/** Every stored cell of the named factors with its kind and key. */
export function* customCellsOf(ps: ProjectExperimentSums): Iterable<[number, number, Cell]> {
  for (let idx = 0; idx < ps.custom.length; idx++) {
    const c = ps.custom[idx];
    const base = CUSTOM_KIND + 100 * idx;
    for (const [k, cell] of c.arms) yield [base, k, cell];
    for (const [k, cell] of c.taskCells) yield [base + 1, k, cell];
    for (let p = 0; p < PAIRS.length; p++) for (const [k, cell] of c.pairs[p]) yield [base + 2 + p, k, cell];
  }
}


const levelName = (s: string) => (s === NULL_LEVEL ? NO_VALUE : s);

/** One named factor's FactorSums: strata over every built-in dimension (in order), then every pair, as a scan builds them. */
export function customFactorSums(ps: ProjectExperimentSums, c: CustomFactorSums): FactorSums {
  const names = c.levels.names;
  const arms = new Map<string, ArmSums>();
  for (const [id, cell] of c.arms) arms.set(names[id], armSumsOf(cell));
  const tasks = new Map<string, Map<string, ArmSums>>();
  let withTask = 0;
  for (const [key, cell] of c.taskCells) {
    const [armId, taskId] = taskIds(key);
    let inner = tasks.get(names[armId]);
    if (!inner) {
      inner = new Map();
      tasks.set(names[armId], inner);
    }
    inner.set(ps.tasks.names[taskId], armSumsOf(cell, false));
    withTask += cell[0];
  }
  const singles = new Map<number, Map<string, Map<string, Float64Array>>>();
  const pairs: Map<string, Map<string, Float64Array>>[] = [];
  for (let p = 0; p < PAIRS.length; p++) {
    const [i, j] = PAIRS[p];
    const fill = [i, j].filter((d) => !singles.has(d));
    for (const d of fill) singles.set(d, new Map());
    const pm = new Map<string, Map<string, Float64Array>>();
    pairs.push(pm);
    for (const [key, cell] of c.pairs[p]) {
      const [armId, la, lb] = tripleIds(key);
      const a = levelName(ps.levels[i].names[la]);
      const b = levelName(ps.levels[j].names[lb]);
      addInto(pm, names[armId], `${a}×${b}`, cell);
      for (const d of fill) addInto(singles.get(d)!, names[armId], d === i ? a : b, cell);
    }
  }
  const strata = new Map<string, StratumSums>();
  for (let d = 0; d < D; d++) strata.set(DIMS[d], toStratum(singles.get(d) ?? new Map()));
  for (let p = 0; p < PAIRS.length; p++) strata.set(pairName(p), toStratum(pairs[p]));
  return { factor: c.name, arms, tasks, strata, latest_value: null, latest_ms: null, runs_with_task: withTask };
}

/** The named factor's arm cell of `value` (for the time refresh). */
export function customArmCell(ps: ProjectExperimentSums, name: string, value: string): [Cell, number, number] | null {
  const idx = ps.custom.findIndex((c) => c.name === name);
  if (idx < 0) return null;
  const id = ps.custom[idx].levels.ids.get(value);
  const cell = id === undefined ? undefined : ps.custom[idx].arms.get(id);
  return cell && id !== undefined ? [cell, CUSTOM_KIND + 100 * idx, id] : null;
}
