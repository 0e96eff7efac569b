/**
 * The experiments' part of the ingest fold: each run a unit inserts or removes is folded into its
 * project's experiment sums (engine/experiments/stored-sums.ts) and the cells it touched are
 * written as packed rows of agg_exp when the unit commits. Driven by AggregateFold, so both kinds
 * of aggregates share the project cache, the version check and the unit of work.
 */
import type { RunFacts } from '../../shared/aggregates';
import {
  cellAt, cellsOf, emptyProjectSums, EXPERIMENT_FACTORS, packCell, placeCell,
  setTimes, storedKey, unpackCell, type Cell, type CellKey, type ProjectExperimentSums,
} from '../engine/experiments/stored-sums';
import { ExperimentFoldState } from '../engine/experiments/experiment-fold-state';
import { armCell } from '../engine/experiments/stored-factor-sums';
import { binCount, BINNED_METRICS, BINS_DIM, binsKey, binsKeyParts, foldArmCost, packArmBins, placeArmBins } from '../engine/experiments/arm-histograms';
import {
  CUSTOM_KIND, CUSTOM_PREFIX, customArmCell, customCellAt, customCellsOf, customStoredKey, foldCustom, placeCustomCell,
} from '../engine/experiments/custom-sums';
import type { ExperimentStore } from '../store';

/** A project's experiment sums with what the current unit changed. */
export interface ExperimentEntry {
  sums: ProjectExperimentSums;
  /** Touched cells: the cell, its kind and key. */
  dirty: [Cell, number, number][];
  /** Touched arm cost histograms: factor key → arms. */
  dirtyBins?: Map<string, Set<string>>;
  /** A removal may have taken an arm's first or last start. */
  stale: boolean;
}

/** A fresh entry. */
export function emptyExperimentEntry(): ExperimentEntry {
  return { sums: emptyProjectSums(), dirty: [], stale: false };
}

/** A project's stored sums (empty when none are kept). */
export async function loadExperimentSums(store: ExperimentStore, projectId: string): Promise<ProjectExperimentSums> {
  const ps = emptyProjectSums();
  for (const c of await store.cells(projectId)) {
    const key: CellKey = [c.factor, c.dim, c.arm, c.level];
    if (c.dim.startsWith(BINS_DIM)) placeArmBins(ps.bins, binsKey(c.dim, c.factor), c.arm, unpackCell(c.sums));
    else if (c.factor.startsWith(CUSTOM_PREFIX)) placeCustomCell(ps, key, unpackCell(c.sums));
    else placeCell(ps, key, unpackCell(c.sums));
  }
  return ps;
}

/** Folds runs into projects' entries; each unit's touched cells are marked by a generation. */
export class ExperimentFolder {
  private readonly state = new ExperimentFoldState();
  private entry: ExperimentEntry | null = null;
  private readonly visit = (cell: Cell, kind: number, key: number): void => {
    (this.entry as ExperimentEntry).dirty.push([cell, kind, key]);
  };

  /** Adds or removes a run; an added run's share of the shared cells waits for settle(). */
  fold(entry: ExperimentEntry, facts: RunFacts, sign: 1 | -1): void {
    this.entry = entry;
    if (sign > 0) this.state.add(entry.sums, facts, this.visit);
    else if (this.state.fold(entry.sums, facts, sign, this.visit)) entry.stale = true;
    // The named factors' cells and the arm histograms are folded at once (the state still holds the run's levels).
    if (foldCustom(entry.sums, facts.custom, facts.started_ms, sign, this.state)) entry.stale = true;
    foldBins(entry.sums, facts, sign, (factor, arm) => {
      const d = (entry.dirtyBins ??= new Map());
      let arms = d.get(factor);
      if (!arms) d.set(factor, (arms = new Set()));
      arms.add(arm);
    });
  }

  /** Folds the entry's deferred adds into its cells (before its cells are read or written). */
  settle(entry: ExperimentEntry): void {
    this.entry = entry;
    this.state.settle(entry.sums, this.visit);
  }

  /**
   * A new unit: cells touched before count as untouched again (`keep`: they stay touched, their
   * writes being deferred, so the dirty lists hold them once); nothing deferred by add() survives it.
   */
  nextUnit(keep = false): void {
    this.state.dropPending();
    if (!keep) this.state.gen++;
  }
}

const COST_KEY = binsKey(BINS_DIM, 'recipe');
const METRIC_DIMS = BINNED_METRICS.map((m) => `${BINS_DIM}:${m}`);
const METRIC_KEYS = METRIC_DIMS.map((dim) => EXPERIMENT_FACTORS.map((f) => binsKey(dim, f)));

/**
 * Folds a run into the histograms its arms keep (cost: recipe's and the named factors'; duration,
 * tokens, retries and rating: every factor's); `touched` hears of each key and arm.
 */
function foldBins(ps: ProjectExperimentSums, f: RunFacts, sign: 1 | -1, touched: ((key: string, arm: string) => void) | null): void {
  const one = (key: string, arm: string, v: number | null | undefined) => {
    if (v != null && foldArmCost(ps.bins, key, arm, v, sign)) touched?.(key, arm);
  };
  const cost = f.total_cost_usd;
  if (f.recipe != null) one(COST_KEY, f.recipe, cost);
  if (f.custom) for (const name in f.custom) one(binsKey(BINS_DIM, CUSTOM_PREFIX + name), f.custom[name], cost);
  const values = [f.duration_s, f.tokens, f.retries, f.rating];
  for (let m = 0; m < values.length; m++) {
    const v = values[m];
    if (v == null) continue;
    const keys = METRIC_KEYS[m];
    const arms = [f.mode, f.prompt_strategy, f.model, f.prompt_version, f.recipe];
    for (let i = 0; i < arms.length; i++) if (arms[i] != null) one(keys[i], arms[i] as string, v);
    if (f.custom) for (const name in f.custom) one(binsKey(METRIC_DIMS[m], CUSTOM_PREFIX + name), f.custom[name], v);
  }
}

/** Puts the true first/last starts back after a removal (from the runs left). */
export async function refreshTimes(store: ExperimentStore, projectId: string, entry: ExperimentEntry): Promise<void> {
  const ps = entry.sums;
  for (const t of await store.armTimes(projectId, [...EXPERIMENT_FACTORS, ...ps.custom.map((c) => c.name)])) {
    if (t.factor === '') {
      if (ps.overall[0] > 0 && setTimes(ps.overall, t.first_ms, t.last_ms)) entry.dirty.push([ps.overall, -1, 0]);
      if (ps.dated[0] > 0 && setTimes(ps.dated, t.first_ms, t.last_ms)) entry.dirty.push([ps.dated, -2, 0]);
      continue;
    }
    if (!(EXPERIMENT_FACTORS as readonly string[]).includes(t.factor)) {
      const c = customArmCell(ps, t.factor, t.arm);
      if (c && setTimes(c[0], t.first_ms, t.last_ms)) entry.dirty.push([c[0], c[1], c[2]]);
      continue;
    }
    const a = armCell(ps, t.factor, t.arm);
    if (a && setTimes(a[0], t.first_ms, t.last_ms)) entry.dirty.push([a[0], 100 + EXPERIMENT_FACTORS.indexOf(t.factor as never), a[1]]);
  }
}

/** A cell's stored key never changes: built once (strings for its levels) and remembered. */
const keyOfCell = new WeakMap<Cell, CellKey>();

function keyOf(ps: ProjectExperimentSums, cell: Cell, kind: number, key: number): CellKey {
  let k = keyOfCell.get(cell);
  if (k === undefined) {
    k = kind >= CUSTOM_KIND ? customStoredKey(ps, kind, key) : storedKey(ps, kind, key);
    keyOfCell.set(cell, k);
  }
  return k;
}

const at = (ps: ProjectExperimentSums, kind: number, key: number) => (kind >= CUSTOM_KIND ? customCellAt(ps, kind, key) : cellAt(ps, kind, key));

/** Writes the cells a unit touched: emptied ones deleted first, so a cell emptied and re-created is written after. */
export async function writeDirtyCells(store: ExperimentStore, projectId: string, entry: ExperimentEntry): Promise<void> {
  const ps = entry.sums;
  for (const [cell, kind, key] of entry.dirty) {
    if (at(ps, kind, key) !== cell || cell[0] === 0) await store.deleteCell(projectId, ...keyOf(ps, cell, kind, key));
  }
  const written = new Set<Cell>();
  for (const [cell, kind, key] of entry.dirty) {
    if (written.has(cell) || at(ps, kind, key) !== cell || cell[0] === 0) continue;
    written.add(cell);
    const [factor, dim, arm, level] = keyOf(ps, cell, kind, key);
    await store.writeCell(projectId, { factor, dim, arm, level, sums: packCell(cell) });
  }
  for (const [key, arms] of entry.dirtyBins ?? []) {
    const [dim, factor] = binsKeyParts(key);
    for (const arm of arms) {
      const bins = ps.bins.get(key)?.get(arm);
      if (bins && binCount(bins) > 0) await store.writeCell(projectId, { factor, dim, arm, level: '', sums: packArmBins(bins) });
      else await store.deleteCell(projectId, factor, dim, arm, '');
    }
  }
  entry.dirty = [];
  entry.dirtyBins = undefined;
  entry.stale = false;
}

/** Replaces a project's cells with `ps` (the rebuild). */
export async function replaceExperimentSums(store: ExperimentStore, projectId: string, ps: ProjectExperimentSums): Promise<void> {
  await store.deleteProject(projectId);
  for (const [kind, key, cell] of [...cellsOf(ps), ...customCellsOf(ps)]) {
    const [factor, dim, arm, level] = kind >= CUSTOM_KIND ? customStoredKey(ps, kind, key) : storedKey(ps, kind, key);
    await store.writeCell(projectId, { factor, dim, arm, level, sums: packCell(cell) });
  }
  for (const [key, arms] of ps.bins) {
    const [dim, factor] = binsKeyParts(key);
    for (const [arm, bins] of arms) await store.writeCell(projectId, { factor, dim, arm, level: '', sums: packArmBins(bins) });
  }
}

/**
 * A project's sums from its runs' facts (the rebuild path, and experiments while the kept sums
 * are deferred): `add` folds a run and hands it back; `done` gives the sums. Runs that share every
 * level are summed once per combination (ExperimentFoldState.add), as the ingest does.
 */
export function experimentAccumulator(): { add(f: RunFacts): RunFacts; done(): ProjectExperimentSums } {
  const sums = emptyProjectSums();
  const state = new ExperimentFoldState();
  return {
    add(f) {
      state.add(sums, f, null);
      foldCustom(sums, f.custom, f.started_ms, 1, state);
      foldBins(sums, f, 1, null);
      return f;
    },
    done() {
      state.settle(sums, null);
      return sums;
    },
  };
}
