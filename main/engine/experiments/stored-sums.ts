/**
 * The experiments' sufficient sums as the ingest keeps them: one project's FactorSums for every
 * factor, folded run by run (sign −1 removes a run), always with the week as a stratum, plus the
 * project's overall and dated sums (runs per day, latest run). `analysisSums` turns them into
 * what `experimentsFromSums` reads, in a canonical order that a scan can reproduce
 * (`canonicalSums`), so both paths give the same output.
 */
import type { RunFacts } from '../../../shared/aggregates';
import { emptyArm, NO_VALUE, WEEK, weekOf, type ArmSums, type FactorSums, type StratumSums } from './sums';
import type { ExperimentRun } from './types';

/** The factors the ingest keeps sums for (also every stratum dimension besides the week). */
export const EXPERIMENT_FACTORS = ['mode', 'prompt_strategy', 'model', 'prompt_version', 'recipe'] as const;

/** Cell dimension of the arm itself and of the per-task cells; factor '' holds the project's own cells. */
export const ARM_DIM = '';
export const TASK_DIM = '#task';
export const OVERALL_FACTOR = '';
/** The project's cells: all runs, and the dated ones only. */
export const ALL_DIM = '';
export const DATED_DIM = '#dated';

/** Where a cell lives: (factor, dim, arm, level). */
export type CellKey = readonly [factor: string, dim: string, arm: string, level: string];

/** One project's sums as kept at ingest. */
export interface ProjectExperimentSums {
  factors: Map<string, FactorSums>;
  overall: ArmSums;
  dated: ArmSums;
}

const DIMS: readonly string[] = [...EXPERIMENT_FACTORS, WEEK];
const D = DIMS.length;
const DAY_MS = 86_400_000;

function emptyFactor(factor: string): FactorSums {
  const fs: FactorSums = { factor, arms: new Map(), tasks: new Map(), strata: new Map(), latest_value: null, latest_ms: null, runs_with_task: 0 };
  const self = DIMS.indexOf(factor);
  for (let i = 0; i < D; i++) if (i !== self) fs.strata.set(DIMS[i], new Map());
  for (let i = 0; i < D; i++) for (let j = i + 1; j < D; j++) if (i !== self && j !== self) fs.strata.set(`${DIMS[i]}×${DIMS[j]}`, new Map());
  return fs;
}

/** Empty sums of a project. */
export function emptyProjectSums(): ProjectExperimentSums {
  return { factors: new Map(EXPERIMENT_FACTORS.map((f) => [f, emptyFactor(f)])), overall: emptyArm(), dated: emptyArm() };
}

/** The experiments' view of the fold's facts. */
export function experimentRunOf(f: RunFacts): ExperimentRun {
  const qa = f.qa_status === 'passed' || f.qa_status === 'warning' || f.qa_status === 'failed' ? f.qa_status : null;
  return {
    run_id: '', started_ms: f.started_ms,
    factors: { mode: f.mode, prompt_strategy: f.prompt_strategy, model: f.model, prompt_version: f.prompt_version, recipe: f.recipe ?? null },
    task_id: f.task_key ?? null, cost_usd: f.total_cost_usd, qa, duration_s: f.duration_s, tokens: f.tokens ?? null,
    retries: f.retries ?? null, rating: f.rating ?? null, human_override: f.human_override ?? null,
  };
}

/**
 * Called for every cell a run changes, with the cell object as it is after the change (n 0:
 * the cell was removed). Keyed by object identity first, so callers can skip the key when seen.
 */
export type CellVisitor = (cell: ArmSums, factor: string, dim: string, arm: string, level: string) => void;

/** Adds a signed run to an arm's sums; first/last are kept only on adds (removals: the caller recomputes them). */
function add(s: ArmSums, r: ExperimentRun, sign: number): void {
  s.n += sign;
  const pass = r.qa === 'passed' ? 1 : 0;
  if (r.qa) {
    s.qa_n += sign;
    s.passes += sign * pass;
  }
  const c = r.cost_usd;
  if (c != null && Number.isFinite(c)) {
    s.cost.n += sign;
    s.cost.sum += sign * c;
    s.cost.sum2 += sign * c * c;
    if (c === 0) s.zero_cost += sign;
    else if (c > 0) {
      const l = Math.log(c);
      s.log_cost.n += sign;
      s.log_cost.sum += sign * l;
      s.log_cost.sum2 += sign * l * l;
    }
    if (r.qa) {
      s.cp.n += sign;
      s.cp.sum_cost += sign * c;
      s.cp.sum_cost2 += sign * c * c;
      s.cp.passes += sign * pass;
      s.cp.sum_cost_pass += sign * c * pass;
    }
  }
  if (r.duration_s != null) {
    s.duration.n += sign;
    s.duration.sum += sign * r.duration_s;
    s.duration.sum2 += sign * r.duration_s * r.duration_s;
  }
  if (r.tokens != null) {
    s.tokens.n += sign;
    s.tokens.sum += sign * r.tokens;
    s.tokens.sum2 += sign * r.tokens * r.tokens;
  }
  if (r.retries != null) {
    s.retries.n += sign;
    s.retries.sum += sign * r.retries;
    s.retries.sum2 += sign * r.retries * r.retries;
  }
  if (r.rating != null) {
    s.rating.n += sign;
    s.rating.sum += sign * r.rating;
    s.rating.sum2 += sign * r.rating * r.rating;
  }
  if (r.human_override != null) {
    s.override_n += sign;
    if (r.human_override) s.overrides += sign;
  }
  if (sign > 0 && r.started_ms != null) {
    if (s.first_ms == null || r.started_ms < s.first_ms) s.first_ms = r.started_ms;
    if (s.last_ms == null || r.started_ms > s.last_ms) s.last_ms = r.started_ms;
  }
}

/** Stats-free cells (tasks, strata) keep no times: nothing reads them and removals could not keep them. */
function addTimeless(s: ArmSums, r: ExperimentRun, sign: number): void {
  add(s, r, sign);
  s.first_ms = null;
  s.last_ms = null;
}

function nestedCell(m: Map<string, Map<string, ArmSums>>, a: string, b: string): ArmSums {
  let inner = m.get(a);
  if (!inner) {
    inner = new Map();
    m.set(a, inner);
  }
  let s = inner.get(b);
  if (!s) {
    s = emptyArm();
    inner.set(b, s);
  }
  return s;
}

function dropEmpty(m: Map<string, Map<string, ArmSums>>, a: string, b: string, s: ArmSums): void {
  if (s.n !== 0) return;
  const inner = m.get(a)!;
  inner.delete(b);
  if (inner.size === 0) m.delete(a);
}

/**
 * Folds one run into a project's sums (sign −1 removes it). Returns true when a removal may have
 * taken an arm's first or last start time (the caller then recomputes them from the runs).
 */
export function foldExperimentRun(ps: ProjectExperimentSums, r: ExperimentRun, sign: 1 | -1, visit: CellVisitor, weekCache: Map<number, string>): boolean {
  let stale = false;
  const t = r.started_ms;
  const edge = (s: ArmSums): boolean => sign < 0 && t != null && (t === s.first_ms || t === s.last_ms);
  if (edge(ps.overall)) stale = true;
  add(ps.overall, r, sign);
  visit(ps.overall, OVERALL_FACTOR, ALL_DIM, '', '');
  if (t != null) {
    add(ps.dated, r, sign);
    visit(ps.dated, OVERALL_FACTOR, DATED_DIM, '', '');
  }
  const levels = new Array<string>(D);
  for (let i = 0; i < D - 1; i++) levels[i] = r.factors[DIMS[i]] ?? NO_VALUE;
  if (t == null) levels[D - 1] = NO_VALUE;
  else {
    const day = Math.floor(t / DAY_MS);
    let w = weekCache.get(day);
    if (w == null) {
      w = weekOf(t);
      weekCache.set(day, w);
    }
    levels[D - 1] = w;
  }
  let pairs: string[][] | null = null;
  for (let f = 0; f < D - 1; f++) {
    const factor = DIMS[f];
    const v = r.factors[factor];
    if (v == null) continue;
    if (pairs === null) {
      pairs = [];
      for (let i = 0; i < D; i++) {
        const row: string[] = new Array<string>(D);
        for (let j = i + 1; j < D; j++) row[j] = `${levels[i]}×${levels[j]}`;
        pairs.push(row);
      }
    }
    const fs = ps.factors.get(factor)!;
    let arm = fs.arms.get(v);
    if (!arm) {
      arm = emptyArm();
      fs.arms.set(v, arm);
    }
    if (edge(arm)) stale = true;
    add(arm, r, sign);
    visit(arm, factor, ARM_DIM, v, '');
    if (arm.n === 0) fs.arms.delete(v);
    if (r.task_id != null) {
      fs.runs_with_task += sign;
      const s = nestedCell(fs.tasks, v, r.task_id);
      addTimeless(s, r, sign);
      visit(s, factor, TASK_DIM, v, r.task_id);
      dropEmpty(fs.tasks, v, r.task_id, s);
    }
    for (let i = 0; i < D; i++) {
      if (i === f) continue;
      const dimI = DIMS[i];
      const m = fs.strata.get(dimI) as StratumSums;
      const s = nestedCell(m, v, levels[i]);
      addTimeless(s, r, sign);
      visit(s, factor, dimI, v, levels[i]);
      dropEmpty(m, v, levels[i], s);
      for (let j = i + 1; j < D; j++) {
        if (j === f) continue;
        const key = `${dimI}×${DIMS[j]}`;
        const pm = fs.strata.get(key) as StratumSums;
        const level = pairs[i][j];
        const ps2 = nestedCell(pm, v, level);
        addTimeless(ps2, r, sign);
        visit(ps2, factor, key, v, level);
        dropEmpty(pm, v, level, ps2);
      }
    }
  }
  return stale;
}

/** Every stored cell of a project's sums with its key (for a full write). */
export function* cellsOf(ps: ProjectExperimentSums): Iterable<[CellKey, ArmSums]> {
  if (ps.overall.n > 0) yield [[OVERALL_FACTOR, ALL_DIM, '', ''], ps.overall];
  if (ps.dated.n > 0) yield [[OVERALL_FACTOR, DATED_DIM, '', ''], ps.dated];
  for (const [factor, fs] of ps.factors) {
    for (const [arm, s] of fs.arms) yield [[factor, ARM_DIM, arm, ''], s];
    for (const [arm, inner] of fs.tasks) for (const [task, s] of inner) yield [[factor, TASK_DIM, arm, task], s];
    for (const [dim, m] of fs.strata) for (const [arm, inner] of m) for (const [level, s] of inner) yield [[factor, dim, arm, level], s];
  }
}

/** Puts a loaded cell back in place (the inverse of cellsOf). */
export function placeCell(ps: ProjectExperimentSums, [factor, dim, arm, level]: CellKey, s: ArmSums): void {
  if (factor === OVERALL_FACTOR) {
    if (dim === ALL_DIM) ps.overall = s;
    else if (dim === DATED_DIM) ps.dated = s;
    return;
  }
  const fs = ps.factors.get(factor);
  if (!fs) return;
  if (dim === ARM_DIM) fs.arms.set(arm, s);
  else if (dim === TASK_DIM) {
    fs.runs_with_task += s.n;
    nestedPut(fs.tasks, arm, level, s);
  } else {
    const m = fs.strata.get(dim);
    if (m) nestedPut(m, arm, level, s);
  }
}

function nestedPut(m: Map<string, Map<string, ArmSums>>, a: string, b: string, s: ArmSums): void {
  let inner = m.get(a);
  if (!inner) {
    inner = new Map();
    m.set(a, inner);
  }
  inner.set(b, s);
}

/** Number of Float64 slots of a packed cell. */
export const PACKED_LENGTH = 33;

/** A cell's sums as Float64s (NaN for a missing time): the agg_exp.sums blob. */
export function packArm(s: ArmSums): Buffer {
  const f = new Float64Array(PACKED_LENGTH);
  let i = 0;
  const m = (x: { n: number; sum: number; sum2: number }) => {
    f[i++] = x.n;
    f[i++] = x.sum;
    f[i++] = x.sum2;
  };
  f[i++] = s.n;
  f[i++] = s.qa_n;
  f[i++] = s.passes;
  m(s.cost);
  f[i++] = s.zero_cost;
  m(s.log_cost);
  f[i++] = s.cp.n;
  f[i++] = s.cp.sum_cost;
  f[i++] = s.cp.sum_cost2;
  f[i++] = s.cp.passes;
  f[i++] = s.cp.sum_cost_pass;
  m(s.duration);
  m(s.tokens);
  m(s.retries);
  m(s.rating);
  f[i++] = s.override_n;
  f[i++] = s.overrides;
  f[i++] = s.first_ms ?? NaN;
  f[i++] = s.last_ms ?? NaN;
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

/** Reads a packed cell. */
export function unpackArm(blob: Buffer): ArmSums {
  const f = new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  let i = 0;
  const m = () => ({ n: f[i++], sum: f[i++], sum2: f[i++] });
  const n = f[i++];
  const qa_n = f[i++];
  const passes = f[i++];
  const cost = m();
  const zero_cost = f[i++];
  const log_cost = m();
  const cp = { n: f[i++], sum_cost: f[i++], sum_cost2: f[i++], passes: f[i++], sum_cost_pass: f[i++] };
  const duration = m();
  const tokens = m();
  const retries = m();
  const rating = m();
  const override_n = f[i++];
  const overrides = f[i++];
  const first = f[i++];
  const last = f[i++];
  return {
    n, qa_n, passes, cost, zero_cost, log_cost, cp, duration, tokens, retries, rating, override_n, overrides,
    first_ms: Number.isNaN(first) ? null : first, last_ms: Number.isNaN(last) ? null : last,
  };
}

function byTime(a: [string, ArmSums], b: [string, ArmSums]): number {
  const fa = a[1].first_ms;
  const fb = b[1].first_ms;
  if (fa !== fb) return fa == null ? 1 : fb == null ? -1 : fa - fb;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function sortedByName<V>(m: ReadonlyMap<string, V>): Map<string, V> {
  return new Map([...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/**
 * One factor's sums in the canonical order: arms by first start (undated last, then by name),
 * tasks and levels by name, strata as the scan builds them; week strata dropped when no run is
 * dated (the scan has none then). Used by both the stored and the scan path.
 */
export function canonicalSums(fs: FactorSums, anyDated: boolean): FactorSums {
  const arms = new Map([...fs.arms].sort(byTime));
  const tasks = new Map<string, Map<string, ArmSums>>();
  for (const a of arms.keys()) {
    const t = fs.tasks.get(a);
    if (t) tasks.set(a, sortedByName(t));
  }
  const strata = new Map<string, StratumSums>();
  for (const [dim, m] of fs.strata) {
    if (!anyDated && (dim === WEEK || dim.startsWith(`${WEEK}×`) || dim.endsWith(`×${WEEK}`))) continue;
    const out: StratumSums = new Map();
    for (const a of arms.keys()) {
      const inner = m.get(a);
      if (inner) out.set(a, sortedByName(inner));
    }
    strata.set(dim, out);
  }
  let withTask = 0;
  for (const inner of tasks.values()) for (const s of inner.values()) withTask += s.n;
  return { factor: fs.factor, arms, tasks, strata, latest_value: fs.latest_value, latest_ms: fs.latest_ms, runs_with_task: withTask };
}

/** Runs per day of the project from its dated sums (as `runsPerDay` computes it from runs). */
export function runsPerDayOf(dated: ArmSums): number | null {
  if (dated.n < 2 || dated.first_ms == null || dated.last_ms == null || dated.last_ms - dated.first_ms < 60_000) return null;
  return (dated.n - 1) / ((dated.last_ms - dated.first_ms) / DAY_MS);
}

/**
 * The stored sums ready for `experimentsFromSums`: canonical order, with the latest value of each
 * factor (from the runs: a removal cannot be undone in sums) for the assumed control.
 */
export function analysisSums(ps: ProjectExperimentSums, latest: Record<string, string | null>): Map<string, FactorSums> {
  const anyDated = ps.dated.n > 0;
  const out = new Map<string, FactorSums>();
  for (const [factor, fs] of ps.factors) {
    const c = canonicalSums(fs, anyDated);
    c.latest_value = latest[factor] ?? null;
    c.latest_ms = null;
    out.set(factor, c);
  }
  return out;
}
