/**
 * Aggregates kept up to date at ingest so a profile of a million runs is read, not recomputed.
 *
 * Everything here is a commutative fold: adding a run and later removing it (sign −1) leaves
 * the aggregate as it was, except min/max, which callers recompute when a removed run held them.
 * Quantiles come from a log-scale histogram in the spirit of DDSketch: bins are 0.1 % wide in
 * relative terms and keep the exact sum of their values, so a bin whose runs share one cost
 * (cents-rounded costs below $10 always do) reports that exact cost.
 */
import { FACTORS, type Factor, type QaStatus } from '../../shared/run-record';

/** Relative bin width: values in one bin differ by at most 0.1 %. */
export const COST_BIN_GAMMA = 1.001;
const LOG_GAMMA = Math.log(COST_BIN_GAMMA);
/** Bin of cost 0 (costs are ≥ 0; log is undefined at 0). */
export const ZERO_COST_BIN = -2_147_483_648;

/** What the fold needs from a run: the normalized columns, nothing else. */
export interface RunFacts {
  project_id: string;
  started_ms: number | null;
  mode: string | null;
  prompt_strategy: string | null;
  model: string | null;
  prompt_version: string | null;
  total_cost_usd: number | null;
  duration_s: number | null;
  rounds_completed: number | null;
  max_rounds: number | null;
  qa_status: QaStatus | null;
}

export interface ArmAggregate {
  n: number;
  cost_n: number;
  sum_cost: number;
  /** Sums over runs with cost > 0 (log cost is what the tests compare). */
  log_n: number;
  sum_log_cost: number;
  sum_log_cost2: number;
  min_cost: number | null;
  max_cost: number | null;
  sum_duration: number;
  duration_n: number;
  sum_rounds: number;
  rounds_n: number;
  qa_passed: number;
  qa_warning: number;
  qa_failed: number;
  first_ms: number | null;
  last_ms: number | null;
  /** bin → [count, sum of values]. */
  cost_bins: Map<number, [number, number]>;
}

export interface RoundsAggregate {
  rounds: number;
  n: number;
  /** Runs at this rounds count that reached their own max_rounds. */
  hit_max_n: number;
  /** Runs at this rounds count that recorded a max_rounds at all. */
  with_limit_n: number;
}

export interface WeekAggregate {
  week_start: string;
  n: number;
  qa_passed: number;
  qa_n: number;
  sum_cost: number;
  cost_n: number;
}

/** One project's aggregates: the overall arm, each factor's arms, rounds and weekly buckets. */
export interface ProjectAggregates {
  project_id: string;
  overall: ArmAggregate;
  factors: Record<Factor, Map<string, ArmAggregate>>;
  rounds: Map<number, RoundsAggregate>;
  weeks: Map<string, WeekAggregate>;
}

export function emptyArm(): ArmAggregate {
  return {
    n: 0, cost_n: 0, sum_cost: 0, log_n: 0, sum_log_cost: 0, sum_log_cost2: 0, min_cost: null, max_cost: null,
    sum_duration: 0, duration_n: 0, sum_rounds: 0, rounds_n: 0, qa_passed: 0, qa_warning: 0, qa_failed: 0,
    first_ms: null, last_ms: null, cost_bins: new Map(),
  };
}

export function emptyProject(project_id: string): ProjectAggregates {
  const factors = {} as Record<Factor, Map<string, ArmAggregate>>;
  for (const f of FACTORS) factors[f] = new Map();
  return { project_id, overall: emptyArm(), factors, rounds: new Map(), weeks: new Map() };
}

export function costBin(cost: number): number {
  return cost > 0 ? Math.round(Math.log(cost) / LOG_GAMMA) : ZERO_COST_BIN;
}

const DAY_MS = 86_400_000;
/** Monday's day number → its YYYY-MM-DD (a few thousand weeks at most in practice). */
const weekText = new Map<number, string>();

/**
 * Monday (UTC) of the week containing `ms`, as YYYY-MM-DD. Pure day arithmetic (UTC has no
 * DST): day 0 (1970-01-01) was a Thursday. Only a first sight of a week builds a Date.
 */
export function weekStart(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  let text = weekText.get(monday);
  if (text === undefined) {
    text = new Date(monday * DAY_MS).toISOString().slice(0, 10);
    if (weekText.size >= 100_000) weekText.clear();
    weekText.set(monday, text);
  }
  return text;
}

function foldArm(arm: ArmAggregate, run: RunFacts, sign: 1 | -1, logCost: number, bin: number): void {
  arm.n += sign;
  const cost = run.total_cost_usd;
  if (cost != null) {
    arm.cost_n += sign;
    arm.sum_cost += sign * cost;
    if (cost > 0) {
      arm.log_n += sign;
      arm.sum_log_cost += sign * logCost;
      arm.sum_log_cost2 += sign * logCost * logCost;
    }
    if (sign > 0) {
      arm.min_cost = arm.min_cost == null ? cost : Math.min(arm.min_cost, cost);
      arm.max_cost = arm.max_cost == null ? cost : Math.max(arm.max_cost, cost);
    }
    const cell = arm.cost_bins.get(bin);
    if (cell === undefined) arm.cost_bins.set(bin, [sign, 0 + sign * cost]);
    else {
      cell[0] += sign;
      cell[1] += sign * cost;
      if (cell[0] === 0) arm.cost_bins.delete(bin);
    }
  }
  if (run.duration_s != null) {
    arm.duration_n += sign;
    arm.sum_duration += sign * run.duration_s;
  }
  if (run.rounds_completed != null) {
    arm.rounds_n += sign;
    arm.sum_rounds += sign * run.rounds_completed;
  }
  const qa = run.qa_status;
  if (qa === 'passed') arm.qa_passed += sign;
  else if (qa === 'warning') arm.qa_warning += sign;
  else if (qa === 'failed') arm.qa_failed += sign;
  const t = run.started_ms;
  if (sign > 0 && t != null) {
    arm.first_ms = arm.first_ms == null ? t : Math.min(arm.first_ms, t);
    arm.last_ms = arm.last_ms == null ? t : Math.max(arm.last_ms, t);
  }
}

/** Told about every arm a fold touched: `factor` and `arm` are '' for the project's overall arm. */
export type ArmVisitor = (arm: ArmAggregate, factor: Factor | '', name: string) => void;

/**
 * Adds (sign 1) or removes (sign −1) one run. Returns true when a removal touched a min, max,
 * first or last value, which the caller must then recompute from the runs table. `visit`
 * (optional) hears of each arm folded, before an emptied arm is dropped.
 */
export function foldRun(agg: ProjectAggregates, run: RunFacts, sign: 1 | -1, visit?: ArmVisitor): boolean {
  let extremaStale = false;
  const cost = run.total_cost_usd;
  const logCost = cost != null && cost > 0 ? Math.log(cost) : 0;
  const bin = cost == null ? 0 : cost > 0 ? Math.round(logCost / LOG_GAMMA) : ZERO_COST_BIN;
  const overall = agg.overall;
  if (sign < 0) extremaStale = touchesExtrema(overall, run);
  foldArm(overall, run, sign, logCost, bin);
  if (visit) visit(overall, '', '');
  for (let i = 0; i < FACTORS.length; i++) {
    const f = FACTORS[i];
    const key = run[f];
    if (key == null) continue;
    const arms = agg.factors[f];
    let arm = arms.get(key);
    if (arm === undefined) arms.set(key, (arm = emptyArm()));
    if (sign < 0 && !extremaStale) extremaStale = touchesExtrema(arm, run);
    foldArm(arm, run, sign, logCost, bin);
    if (visit) visit(arm, f, key);
    if (sign < 0 && arm.n === 0) arms.delete(key);
  }
  const rc = run.rounds_completed;
  if (rc != null) {
    let r = agg.rounds.get(rc);
    if (r === undefined) agg.rounds.set(rc, (r = { rounds: rc, n: 0, hit_max_n: 0, with_limit_n: 0 }));
    r.n += sign;
    if (run.max_rounds != null) {
      r.with_limit_n += sign;
      if (rc >= run.max_rounds) r.hit_max_n += sign;
    }
    if (r.n === 0) agg.rounds.delete(rc);
  }
  if (run.started_ms != null) {
    const key = weekStart(run.started_ms);
    let w = agg.weeks.get(key);
    if (w === undefined) agg.weeks.set(key, (w = { week_start: key, n: 0, qa_passed: 0, qa_n: 0, sum_cost: 0, cost_n: 0 }));
    w.n += sign;
    if (run.qa_status != null) {
      w.qa_n += sign;
      if (run.qa_status === 'passed') w.qa_passed += sign;
    }
    if (cost != null) {
      w.cost_n += sign;
      w.sum_cost += sign * cost;
    }
    if (w.n === 0) agg.weeks.delete(key);
  }
  return extremaStale;
}

function touchesExtrema(arm: ArmAggregate, run: RunFacts): boolean {
  const c = run.total_cost_usd;
  const t = run.started_ms;
  return (c != null && (c === arm.min_cost || c === arm.max_cost)) || (t != null && (t === arm.first_ms || t === arm.last_ms));
}

/** Builds aggregates from a list of runs (tests, simulations, full recomputes). */
export function aggregateRuns(project_id: string, runs: Iterable<RunFacts>): ProjectAggregates {
  const agg = emptyProject(project_id);
  for (const r of runs) foldRun(agg, r, 1);
  return agg;
}

/**
 * The q-quantile (0..1) of the costs in an arm, with linear interpolation between order
 * statistics (pandas' and numpy's default), each order statistic read as its bin's mean.
 */
export function costQuantile(arm: ArmAggregate, q: number): number | null {
  if (arm.cost_n <= 0) return null;
  const bins = [...arm.cost_bins.entries()].sort((a, b) => a[0] - b[0]);
  const pos = q * (arm.cost_n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const at = (rank: number): number => {
    let seen = 0;
    for (const [, [n, sum]] of bins) {
      seen += n;
      if (rank < seen) return sum / n;
    }
    const last = bins[bins.length - 1][1];
    return last[1] / last[0];
  };
  const a = at(lo);
  return lo === hi ? a : a + (pos - lo) * (at(hi) - a);
}
