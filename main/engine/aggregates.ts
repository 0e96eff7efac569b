/**
 * Aggregates kept up to date at ingest so a profile of a million runs is read, not recomputed.
 *
 * Everything here is a commutative fold: adding a run and later removing it (sign −1) leaves
 * the aggregate as it was, except min/max, which callers recompute when a removed run held them.
 * Quantiles come from a log-scale histogram in the spirit of DDSketch: bins are 0.1 % wide in
 * relative terms and keep the exact sum of their values, so a bin whose runs share one cost
 * (cents-rounded costs below $10 always do) reports that exact cost.
 */
import { FACTORS, type Factor } from '../../shared/run-record';
import { emptyArm, emptyProject, type ArmAggregate, type ProjectAggregates, type RunFacts } from '../../shared/aggregates';

/** Relative bin width: values in one bin differ by at most 0.1 %. */
export const COST_BIN_GAMMA = 1.001;
const LOG_GAMMA = Math.log(COST_BIN_GAMMA);
/** Bin of cost 0 (costs are ≥ 0; log is undefined at 0). */
export const ZERO_COST_BIN = -2_147_483_648;

export type { ArmAggregate, ProjectAggregates, RoundsAggregate, RunFacts, WeekAggregate } from '../../shared/aggregates';
export { emptyArm, emptyProject } from '../../shared/aggregates';

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
  if (cost != null && qa != null) {
    arm.qa_cost_n += sign;
    arm.qa_cost_sum += sign * cost;
    if (qa === 'passed') arm.qa_cost_passed += sign;
  }
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

/**
 * Version of what foldRun writes. Bump it whenever the fold or the aggregate rows change
 * meaning: the ingest then rebuilds every project's aggregates from its runs (see
 * ingest/rebuild-aggregates.ts), so a database never mixes rows of two definitions.
 * 2: cost per passed run; 3: the experiments' sums (agg_exp) and health's daily buckets (agg_health);
 * 4: the user-named experiment factors' sums (agg_exp factor "@name") and the per-arm histograms (dim "#bins…").
 */
export const AGGREGATE_FOLD_VERSION = 4;

function mergeArm(into: ArmAggregate, from: ArmAggregate): void {
  into.n += from.n;
  into.cost_n += from.cost_n;
  into.sum_cost += from.sum_cost;
  into.log_n += from.log_n;
  into.sum_log_cost += from.sum_log_cost;
  into.sum_log_cost2 += from.sum_log_cost2;
  into.sum_duration += from.sum_duration;
  into.duration_n += from.duration_n;
  into.sum_rounds += from.sum_rounds;
  into.rounds_n += from.rounds_n;
  into.qa_passed += from.qa_passed;
  into.qa_warning += from.qa_warning;
  into.qa_failed += from.qa_failed;
  into.qa_cost_n += from.qa_cost_n;
  into.qa_cost_sum += from.qa_cost_sum;
  into.qa_cost_passed += from.qa_cost_passed;
  const lo = (a: number | null, b: number | null) => (a == null ? b : b == null ? a : Math.min(a, b));
  const hi = (a: number | null, b: number | null) => (a == null ? b : b == null ? a : Math.max(a, b));
  into.min_cost = lo(into.min_cost, from.min_cost);
  into.max_cost = hi(into.max_cost, from.max_cost);
  into.first_ms = lo(into.first_ms, from.first_ms);
  into.last_ms = hi(into.last_ms, from.last_ms);
  for (const [bin, [n, sum]] of from.cost_bins) {
    const cell = into.cost_bins.get(bin);
    if (cell === undefined) into.cost_bins.set(bin, [n, sum]);
    else {
      cell[0] += n;
      cell[1] += sum;
    }
  }
}

/**
 * Adds the aggregates of a disjoint set of runs of the same project into `into` (e.g. folded
 * by parallel workers): every row is a sum, count, min or max, so the merge equals the fold of
 * the union.
 */
export function mergeAggregates(into: ProjectAggregates, from: ProjectAggregates): ProjectAggregates {
  if (into.project_id !== from.project_id) throw new Error(`mergeAggregates: ${from.project_id} into ${into.project_id}`);
  mergeArm(into.overall, from.overall);
  for (const f of FACTORS) {
    for (const [name, arm] of from.factors[f]) {
      let a = into.factors[f].get(name);
      if (a === undefined) into.factors[f].set(name, (a = emptyArm()));
      mergeArm(a, arm);
    }
  }
  for (const r of from.rounds.values()) {
    const a = into.rounds.get(r.rounds);
    if (a === undefined) into.rounds.set(r.rounds, { ...r });
    else {
      a.n += r.n;
      a.hit_max_n += r.hit_max_n;
      a.with_limit_n += r.with_limit_n;
    }
  }
  for (const w of from.weeks.values()) {
    const a = into.weeks.get(w.week_start);
    if (a === undefined) into.weeks.set(w.week_start, { ...w });
    else {
      a.n += w.n;
      a.qa_passed += w.qa_passed;
      a.qa_n += w.qa_n;
      a.sum_cost += w.sum_cost;
      a.cost_n += w.cost_n;
    }
  }
  return into;
}

/** Builds aggregates from a list of runs (tests, simulations, full recomputes). */
export function aggregateRuns(project_id: string, runs: Iterable<RunFacts>): ProjectAggregates {
  const agg = emptyProject(project_id);
  for (const r of runs) foldRun(agg, r, 1);
  return agg;
}
