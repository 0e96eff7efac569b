/**
 * The experiments' part of the ingest fold: each run a unit inserts or removes is folded into its
 * project's experiment sums (engine/experiments/stored-sums.ts) and the cells it touched are
 * written as packed rows of agg_exp when the unit commits. Driven by AggregateFold, so both kinds
 * of aggregates share the project cache, the version check and the unit of work.
 */
import type { RunFacts } from '../../shared/aggregates';
import {
  cellsOf, emptyProjectSums, EXPERIMENT_FACTORS, experimentRunOf, foldExperimentRun, packArm, placeCell, unpackArm,
  OVERALL_FACTOR, DATED_DIM, ARM_DIM, type CellKey, type CellVisitor, type ProjectExperimentSums,
} from '../engine/experiments/stored-sums';
import type { ArmSums } from '../engine/experiments/sums';
import type { ExperimentStore } from '../store';

/** A project's experiment sums with what the current unit changed. */
export interface ExperimentEntry {
  sums: ProjectExperimentSums;
  /** Touched cells (by object) and where they live. */
  dirty: Map<ArmSums, CellKey>;
  /** A removal may have taken an arm's first or last start. */
  stale: boolean;
}

/** A project's stored sums (empty when none are kept). */
export function loadExperimentSums(store: ExperimentStore, projectId: string): ProjectExperimentSums {
  const ps = emptyProjectSums();
  for (const c of store.cells(projectId)) placeCell(ps, [c.factor, c.dim, c.arm, c.level], unpackArm(c.sums));
  return ps;
}

/** Folds runs into one project's entry; the week of a day is computed once per fold. */
export class ExperimentFolder {
  private readonly weeks = new Map<number, string>();
  private dirty: Map<ArmSums, CellKey> | null = null;
  private readonly visit: CellVisitor = (cell, factor, dim, arm, level) => {
    const d = this.dirty as Map<ArmSums, CellKey>;
    if (!d.has(cell)) d.set(cell, [factor, dim, arm, level]);
  };

  fold(entry: ExperimentEntry, facts: RunFacts, sign: 1 | -1): void {
    this.dirty = entry.dirty;
    if (foldExperimentRun(entry.sums, experimentRunOf(facts), sign, this.visit, this.weeks)) entry.stale = true;
  }
}

/** Puts the true first/last starts back after a removal (from the runs left). */
export function refreshTimes(store: ExperimentStore, projectId: string, entry: ExperimentEntry): void {
  const ps = entry.sums;
  for (const t of store.armTimes(projectId, EXPERIMENT_FACTORS)) {
    const cells: [ArmSums | undefined, CellKey][] = t.factor === OVERALL_FACTOR
      ? [[ps.overall, [OVERALL_FACTOR, '', '', '']], [ps.dated, [OVERALL_FACTOR, DATED_DIM, '', '']]]
      : [[ps.factors.get(t.factor)?.arms.get(t.arm), [t.factor, ARM_DIM, t.arm, '']]];
    for (const [s, key] of cells) {
      if (!s || s.n === 0 || (s.first_ms === t.first_ms && s.last_ms === t.last_ms)) continue;
      s.first_ms = t.first_ms;
      s.last_ms = t.last_ms;
      if (!entry.dirty.has(s)) entry.dirty.set(s, key);
    }
  }
}

function current(ps: ProjectExperimentSums, [factor, dim, arm, level]: CellKey): ArmSums | undefined {
  if (factor === OVERALL_FACTOR) return dim === DATED_DIM ? ps.dated : ps.overall;
  const fs = ps.factors.get(factor);
  if (!fs) return undefined;
  if (dim === ARM_DIM) return fs.arms.get(arm);
  if (dim === '#task') return fs.tasks.get(arm)?.get(level);
  return fs.strata.get(dim)?.get(arm)?.get(level);
}

/** Writes the cells a unit touched: emptied ones deleted first, so a cell emptied and re-created is written after. */
export function writeDirtyCells(store: ExperimentStore, projectId: string, entry: ExperimentEntry): void {
  const ps = entry.sums;
  for (const [cell, key] of entry.dirty) {
    if (current(ps, key) !== cell || cell.n === 0) store.deleteCell(projectId, ...key);
  }
  for (const [cell, key] of entry.dirty) {
    if (current(ps, key) === cell && cell.n !== 0) store.writeCell(projectId, { factor: key[0], dim: key[1], arm: key[2], level: key[3], sums: packArm(cell) });
  }
  entry.dirty = new Map();
  entry.stale = false;
}

/** Replaces a project's cells with `ps` (the rebuild). */
export function replaceExperimentSums(store: ExperimentStore, projectId: string, ps: ProjectExperimentSums): void {
  store.deleteProject(projectId);
  for (const [key, s] of cellsOf(ps)) store.writeCell(projectId, { factor: key[0], dim: key[1], arm: key[2], level: key[3], sums: packArm(s) });
}

/** A project's sums from its runs' facts (the rebuild path): `tee` folds each run it passes on. */
export function experimentAccumulator(): { sums: ProjectExperimentSums; tee(facts: Iterable<RunFacts>): Iterable<RunFacts> } {
  const sums = emptyProjectSums();
  const weeks = new Map<number, string>();
  const ignore: CellVisitor = () => {};
  return {
    sums,
    *tee(facts) {
      for (const f of facts) {
        foldExperimentRun(sums, experimentRunOf(f), 1, ignore, weeks);
        yield f;
      }
    },
  };
}
