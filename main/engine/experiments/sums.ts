/**
 * Sufficient statistics of an experiment, in a mergeable form: every field is a count or a sum,
 * so the store can keep them at ingest (add a run, sign −1 removes it, two sums merge by
 * addition) and the analysis never needs the runs themselves. The runs-array path builds the
 * same sums and runs the same statistics on them.
 */
import { addMoment, emptyMoments, type MomentSums } from '../stats/moments';
import type { ExperimentRun } from './types';

/** Sums over the runs that recorded both a cost and a QA outcome (cost per passed run). */
export interface CostPassSums {
  n: number;
  sum_cost: number;
  sum_cost2: number;
  passes: number;
  /** Σ cost × pass: the cross moment the delta method needs. */
  sum_cost_pass: number;
}

/** Sufficient statistics of one arm (or one arm within a task or a stratum). */
export interface ArmSums {
  n: number;
  /** Runs with a QA outcome, and those that passed. */
  qa_n: number;
  passes: number;
  /** Dollars over runs that recorded a cost, $0 runs included. */
  cost: MomentSums;
  zero_cost: number;
  /** ln(cost) over paid runs (cost > 0): the geometric mean. */
  log_cost: MomentSums;
  cp: CostPassSums;
  duration: MomentSums;
  tokens: MomentSums;
  retries: MomentSums;
  rating: MomentSums;
  /** Runs that recorded whether a human overrode, and those that did. */
  override_n: number;
  overrides: number;
  first_ms: number | null;
  last_ms: number | null;
}

/** Empty arm sums. */
export function emptyArm(): ArmSums {
  return {
    n: 0, qa_n: 0, passes: 0, cost: emptyMoments(), zero_cost: 0, log_cost: emptyMoments(),
    cp: { n: 0, sum_cost: 0, sum_cost2: 0, passes: 0, sum_cost_pass: 0 },
    duration: emptyMoments(), tokens: emptyMoments(), retries: emptyMoments(), rating: emptyMoments(),
    override_n: 0, overrides: 0, first_ms: null, last_ms: null,
  };
}

/**
 * Add one run to an arm's sums (sign −1 removes it; first/last times are then left for the
 * caller to recompute, as for min/max in the profile aggregates).
 */
export function addRun(s: ArmSums, r: ExperimentRun, sign = 1): void {
  s.n += sign;
  const pass = r.qa === 'passed' ? 1 : 0;
  if (r.qa) {
    s.qa_n += sign;
    s.passes += sign * pass;
  }
  if (r.cost_usd != null && Number.isFinite(r.cost_usd)) {
    const c = r.cost_usd;
    addMoment(s.cost, c, sign);
    if (c === 0) s.zero_cost += sign;
    else if (c > 0) addMoment(s.log_cost, Math.log(c), sign);
    if (r.qa) {
      s.cp.n += sign;
      s.cp.sum_cost += sign * c;
      s.cp.sum_cost2 += sign * c * c;
      s.cp.passes += sign * pass;
      s.cp.sum_cost_pass += sign * c * pass;
    }
  }
  if (r.duration_s != null) addMoment(s.duration, r.duration_s, sign);
  if (r.tokens != null) addMoment(s.tokens, r.tokens, sign);
  if (r.retries != null) addMoment(s.retries, r.retries, sign);
  if (r.rating != null) addMoment(s.rating, r.rating, sign);
  if (r.human_override != null) {
    s.override_n += sign;
    if (r.human_override) s.overrides += sign;
  }
  if (sign > 0 && r.started_ms != null) {
    if (s.first_ms == null || r.started_ms < s.first_ms) s.first_ms = r.started_ms;
    if (s.last_ms == null || r.started_ms > s.last_ms) s.last_ms = r.started_ms;
  }
}

function addM(a: MomentSums, b: MomentSums): void {
  a.n += b.n;
  a.sum += b.sum;
  a.sum2 += b.sum2;
}

/** Merge b into a (sums of two disjoint sets of runs). */
export function mergeArm(a: ArmSums, b: ArmSums): void {
  a.n += b.n;
  a.qa_n += b.qa_n;
  a.passes += b.passes;
  addM(a.cost, b.cost);
  a.zero_cost += b.zero_cost;
  addM(a.log_cost, b.log_cost);
  a.cp.n += b.cp.n;
  a.cp.sum_cost += b.cp.sum_cost;
  a.cp.sum_cost2 += b.cp.sum_cost2;
  a.cp.passes += b.cp.passes;
  a.cp.sum_cost_pass += b.cp.sum_cost_pass;
  addM(a.duration, b.duration);
  addM(a.tokens, b.tokens);
  addM(a.retries, b.retries);
  addM(a.rating, b.rating);
  a.override_n += b.override_n;
  a.overrides += b.overrides;
  if (b.first_ms != null && (a.first_ms == null || b.first_ms < a.first_ms)) a.first_ms = b.first_ms;
  if (b.last_ms != null && (a.last_ms == null || b.last_ms > a.last_ms)) a.last_ms = b.last_ms;
}

/** Stratum key name for a run's week (ISO week, Monday UTC). */
export const WEEK = 'week';
/** Level given to runs without a value for a stratifying factor. */
export const NO_VALUE = '(none)';

/** Monday (UTC) of the run's week, as YYYY-MM-DD. */
export function weekOf(ms: number): string {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7;
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
  return new Date(monday).toISOString().slice(0, 10);
}

/** arm → level → sums. */
export type StratumSums = Map<string, Map<string, ArmSums>>;

/**
 * Every sum one experiment on `factor` needs: per arm, per (arm, task key) for pairing, and per
 * (arm, stratum level) for balance and stratified estimates. Strata are each other factor, the
 * week, and each pair of them jointly (key "a×b", level "x×y").
 */
export interface FactorSums {
  factor: string;
  arms: Map<string, ArmSums>;
  tasks: Map<string, Map<string, ArmSums>>;
  strata: Map<string, StratumSums>;
  /** Value of the factor in the latest run (by start time, then input order), for the control. */
  latest_value: string | null;
  latest_ms: number | null;
  /** Runs per arm whose task key is set (pairing needs them). */
  runs_with_task: number;
}

function cell<K>(m: Map<K, ArmSums>, k: K): ArmSums {
  let s = m.get(k);
  if (!s) {
    s = emptyArm();
    m.set(k, s);
  }
  return s;
}

function nested(m: Map<string, Map<string, ArmSums>>, a: string, b: string): ArmSums {
  let inner = m.get(a);
  if (!inner) {
    inner = new Map();
    m.set(a, inner);
  }
  return cell(inner, b);
}



/** Build the sums of one factor's experiment from runs (runs without a value are skipped). */
export function buildFactorSums(factor: string, runs: readonly ExperimentRun[], allFactors: readonly string[]): FactorSums {
  return buildAllFactorSums([factor], runs, allFactors).get(factor)!;
}

const DAY_MS = 86_400_000;

/**
 * The sums of several factors' experiments in one pass: each run's stratum levels (and the joint
 * levels of every pair) are computed once and shared by all factors.
 */
export function buildAllFactorSums(factors: readonly string[], runs: readonly ExperimentRun[], allFactors: readonly string[]): Map<string, FactorSums> {
  const withWeek = runs.some((r) => r.started_ms != null);
  const dimsAll = withWeek ? [...allFactors, WEEK] : [...allFactors];
  const D = dimsAll.length;
  const weekByDay = new Map<number, string>();
  const weekLevel = (ms: number | null): string => {
    if (ms == null) return NO_VALUE;
    const day = Math.floor(ms / DAY_MS);
    let w = weekByDay.get(day);
    if (w == null) {
      w = weekOf(ms);
      weekByDay.set(day, w);
    }
    return w;
  };
  interface Plan {
    out: FactorSums;
    /** Column of the factor in dimsAll (−1 when it is not a stratifying dimension). */
    self: number;
    single: (StratumSums | null)[];
    pair: (StratumSums | null)[][];
    latestSeen: number;
  }
  const plans: Plan[] = factors.map((factor) => {
    const out: FactorSums = { factor, arms: new Map(), tasks: new Map(), strata: new Map(), latest_value: null, latest_ms: null, runs_with_task: 0 };
    const self = dimsAll.indexOf(factor);
    const single: (StratumSums | null)[] = dimsAll.map((d, i) => {
      if (i === self) return null;
      const m: StratumSums = new Map();
      out.strata.set(d, m);
      return m;
    });
    const pair: (StratumSums | null)[][] = dimsAll.map(() => new Array<StratumSums | null>(D).fill(null));
    for (let i = 0; i < D; i++) {
      for (let j = i + 1; j < D; j++) {
        if (i === self || j === self) continue;
        const m: StratumSums = new Map();
        out.strata.set(`${dimsAll[i]}×${dimsAll[j]}`, m);
        pair[i][j] = m;
      }
    }
    return { out, self, single, pair, latestSeen: -Infinity };
  });
  const levels = new Array<string>(D);
  const pairKey: string[][] = dimsAll.map(() => new Array<string>(D));
  for (const r of runs) {
    let levelsReady = false;
    for (const plan of plans) {
      const v = r.factors[plan.out.factor];
      if (v == null) continue;
      if (!levelsReady) {
        for (let i = 0; i < D; i++) levels[i] = dimsAll[i] === WEEK ? weekLevel(r.started_ms) : (r.factors[dimsAll[i]] ?? NO_VALUE);
        for (let i = 0; i < D; i++) for (let j = i + 1; j < D; j++) pairKey[i][j] = `${levels[i]}×${levels[j]}`;
        levelsReady = true;
      }
      const out = plan.out;
      addRun(cell(out.arms, v), r);
      if (r.task_id != null) {
        out.runs_with_task++;
        addRun(nested(out.tasks, v, r.task_id), r);
      }
      for (let i = 0; i < D; i++) {
        const m = plan.single[i];
        if (m) addRun(nested(m, v, levels[i]), r);
        for (let j = i + 1; j < D; j++) {
          const pm = plan.pair[i][j];
          if (pm) addRun(nested(pm, v, pairKey[i][j]), r);
        }
      }
      const t = r.started_ms ?? -Infinity;
      if (t >= plan.latestSeen) {
        plan.latestSeen = t;
        out.latest_value = v;
        out.latest_ms = r.started_ms;
      }
    }
  }
  return new Map(plans.map((p) => [p.out.factor, p.out]));
}

function mergeNested(into: Map<string, Map<string, ArmSums>>, from: Map<string, Map<string, ArmSums>>): void {
  for (const [a, inner] of from) {
    for (const [b, s] of inner) mergeArm(nested(into, a, b), s);
  }
}

/**
 * Merge the sums of two disjoint sets of runs of one factor (e.g. two ingest batches) into a new
 * object; the latest value is the one with the later start time (ties: b, the later batch).
 */
export function mergeFactorSums(a: FactorSums, b: FactorSums): FactorSums {
  const out: FactorSums = { factor: a.factor, arms: new Map(), tasks: new Map(), strata: new Map(), latest_value: null, latest_ms: null, runs_with_task: a.runs_with_task + b.runs_with_task };
  for (const src of [a, b]) {
    for (const [v, s] of src.arms) mergeArm(cell(out.arms, v), s);
    mergeNested(out.tasks, src.tasks);
    for (const [dim, m] of src.strata) {
      let into = out.strata.get(dim);
      if (!into) {
        into = new Map();
        out.strata.set(dim, into);
      }
      mergeNested(into, m);
    }
  }
  const bLater = b.latest_value != null && (a.latest_value == null || (b.latest_ms ?? -Infinity) >= (a.latest_ms ?? -Infinity));
  out.latest_value = bLater ? b.latest_value : a.latest_value;
  out.latest_ms = bLater ? b.latest_ms : a.latest_ms;
  return out;
}
