/**
 * Success and cost prediction from planned settings (issue 12 §4, seeds 001 and 003), built to
 * stay calibrated on small data: an additive model on the log-odds (pass) and on log cost, one
 * random effect per setting (mode, strategy, version, model, recipe, task type, task key),
 * every effect shrunk towards the project mean. Each factor's prior variance τ² is estimated
 * from the data (empirical Bayes, method of moments), so a setting that explains nothing gets
 * τ² = 0 and drops out, and a level seen twice moves the prediction only a little.
 * Fitting is penalised likelihood by backfitting (one Newton step per level per sweep).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { solveDense } from './dense-solve';
import { normalTau2, passTau2 } from './prior-variance';
import { runPassed } from './run-facts';
import type { LearningRun } from './types';

export const PREDICTION_FACTORS = ['mode', 'prompt_strategy', 'prompt_version', 'model', 'recipe', 'task_type', 'task_key'] as const;
export type PredictionFactor = (typeof PREDICTION_FACTORS)[number];
/** The planned settings of a run; unknown ones are left out. */
export type PlannedSettings = Partial<Record<PredictionFactor, string | null>>;

export interface FactorEffects {
  factor: PredictionFactor;
  /** Prior variance of the effects (log-odds or log-cost scale); 0 = the factor is ignored. */
  tau2: number;
  /** Level → { effect, posterior variance, n }. */
  levels: Record<string, { effect: number; variance: number; n: number }>;
}

export interface PassModel {
  n: number;
  passes: number;
  intercept: number;
  intercept_variance: number;
  factors: FactorEffects[];
}

export interface CostModel {
  n: number;
  /** Mean log cost at the project level. */
  intercept: number;
  intercept_variance: number;
  /** Residual variance of log cost. */
  sigma2: number;
  factors: FactorEffects[];
}

export { normalTau2, passTau2 } from './prior-variance';

const Z95 = normalQuantile(0.975, 0, 1);
const SWEEPS = 200;
const TOL = 1e-10;

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

function levelOf(run: LearningRun, f: PredictionFactor): string | null {
  const v = f === 'task_key' ? (run.task_key ?? run.task_id) : run[f];
  return v == null || v === '' ? null : String(v);
}

/** Groups row indices by level for each factor. */
function indexLevels(runs: readonly LearningRun[]): Map<PredictionFactor, Map<string, number[]>> {
  const out = new Map<PredictionFactor, Map<string, number[]>>();
  for (const f of PREDICTION_FACTORS) {
    const m = new Map<string, number[]>();
    runs.forEach((r, i) => {
      const l = levelOf(r, f);
      if (l == null) return;
      let list = m.get(l);
      if (!list) m.set(l, (list = []));
      list.push(i);
    });
    if (m.size > 0) out.set(f, m);
  }
  return out;
}

interface ActiveFactor {
  f: PredictionFactor;
  tau2: number;
  /** Level name and the cells at that level. */
  groups: [string, number[]][];
  /** Runs per level. */
  sizes: number[];
  u: Float64Array;
}

/**
 * Runs with the same levels of every active factor share one cell: the likelihood depends on
 * a cell's run count and sums only, so fitting costs O(cells), not O(runs).
 */
function cellsOf(n: number, active: { f: PredictionFactor; levels: Map<string, number[]> }[]): { cellOfRun: Int32Array; cells: number; byLevel: number[][][]; cellLevels: number[][] } {
  const levelOfRun = active.map(({ levels }) => {
    const idx = new Int32Array(n).fill(-1);
    [...levels.values()].forEach((runsAt, j) => runsAt.forEach((i) => (idx[i] = j)));
    return idx;
  });
  const keyToCell = new Map<string, number>();
  const cellOfRun = new Int32Array(n);
  const cellLevels: number[][] = [];
  for (let i = 0; i < n; i++) {
    const lv = levelOfRun.map((idx) => idx[i]);
    const key = lv.join(',');
    let c = keyToCell.get(key);
    if (c === undefined) {
      keyToCell.set(key, (c = cellLevels.length));
      cellLevels.push(lv);
    }
    cellOfRun[i] = c;
  }
  const byLevel = active.map(({ levels }, k) => {
    const lists: number[][] = Array.from({ length: levels.size }, () => []);
    cellLevels.forEach((lv, c) => {
      if (lv[k] >= 0) lists[lv[k]].push(c);
    });
    return lists;
  });
  return { cellOfRun, cells: cellLevels.length, byLevel, cellLevels };
}

function activeFactors(
  levels: Map<PredictionFactor, Map<string, number[]>>, tau2Of: (f: PredictionFactor, m: Map<string, number[]>) => number, n: number,
): { factors: ActiveFactor[]; cellOfRun: Int32Array; cells: number; cellLevels: number[][] } {
  const chosen: { f: PredictionFactor; levels: Map<string, number[]>; tau2: number }[] = [];
  for (const [f, m] of levels) {
    const t = tau2Of(f, m);
    if (t > 0) chosen.push({ f, levels: m, tau2: t });
  }
  const { cellOfRun, cells, byLevel, cellLevels } = cellsOf(n, chosen);
  const factors = chosen.map((c, k) => ({
    f: c.f, tau2: c.tau2, groups: [...c.levels.keys()].map((l, j) => [l, byLevel[k][j]] as [string, number[]]),
    sizes: [...c.levels.values()].map((runsAt) => runsAt.length), u: new Float64Array(c.levels.size),
  }));
  return { factors, cellOfRun, cells, cellLevels };
}

/** Above this many parameters the final full-Newton polish is skipped (O(p³) per step). */
const MAX_POLISH_PARAMS = 400;

/**
 * Backfitting converges slowly along directions where factors are confounded (a harness that
 * only ran with one model): a few full Newton steps on the penalised log-likelihood, with the
 * exact Hessian accumulated from the cells, finish the job.
 */
function polishPass(
  b0: number, factors: ActiveFactor[], cellLevels: number[][], cn: Float64Array, cs: Float64Array, eta: Float64Array,
): number {
  const offsets: number[] = [];
  let p = 1;
  for (const fac of factors) {
    offsets.push(p);
    p += fac.u.length;
  }
  if (p > MAX_POLISH_PARAMS) return b0;
  const cells = cn.length;
  const idx = (c: number): number[] => [0, ...factors.flatMap((_, k) => (cellLevels[c][k] >= 0 ? [offsets[k] + cellLevels[c][k]] : []))];
  const cellIdx = Array.from({ length: cells }, (_, c) => idx(c));
  for (let iter = 0; iter < 25; iter++) {
    const h = Array.from({ length: p }, () => new Float64Array(p));
    const g = new Float64Array(p);
    for (let c = 0; c < cells; c++) {
      const pr = logistic(eta[c]);
      const r = cs[c] - cn[c] * pr;
      const w = cn[c] * pr * (1 - pr);
      const ix = cellIdx[c];
      for (const i of ix) {
        g[i] += r;
        for (const j of ix) h[i][j] += w;
      }
    }
    factors.forEach((fac, k) => fac.u.forEach((u, j) => {
      g[offsets[k] + j] -= u / fac.tau2;
      h[offsets[k] + j][offsets[k] + j] += 1 / fac.tau2;
    }));
    const d = solveDense(h, g);
    if (!d) return b0;
    let max = 0;
    b0 += d[0];
    factors.forEach((fac, k) => fac.u.forEach((_, j) => (fac.u[j] += d[offsets[k] + j])));
    for (let c = 0; c < cells; c++) {
      let step = 0;
      for (const i of cellIdx[c]) step += d[i];
      eta[c] += step;
    }
    for (const v of d) max = Math.max(max, Math.abs(v));
    if (max < 1e-12) break;
  }
  return b0;
}

/**
 * Fits the pass model on runs with a QA outcome. `tau2` fixes the prior variances (tests);
 * otherwise they are estimated per factor from the marginal level rates.
 */
export function fitPassModel(runs: readonly LearningRun[], tau2?: Partial<Record<PredictionFactor, number>>): PassModel | null {
  const data = runs.filter((r) => runPassed(r) != null);
  const n = data.length;
  if (n === 0) return null;
  const y = data.map((r) => (runPassed(r) ? 1 : 0));
  const passes = y.reduce<number>((a, b) => a + b, 0);
  const { factors, cellOfRun, cells, cellLevels } = activeFactors(indexLevels(data),
    (f, m) => tau2?.[f] ?? passTau2([...m.values()].map((idx) => ({ s: idx.reduce((a, i) => a + y[i], 0), n: idx.length }))), n);
  const cn = new Float64Array(cells);
  const cs = new Float64Array(cells);
  for (let i = 0; i < n; i++) {
    cn[cellOfRun[i]]++;
    cs[cellOfRun[i]] += y[i];
  }
  // Start at the pooled rate, nudged off 0 and 1 so the log-odds are finite.
  let b0 = logit((passes + 0.5) / (n + 1));
  const eta = new Float64Array(cells).fill(b0);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    // Intercept: a Newton step on the unpenalised log-likelihood.
    let g = 0;
    let h = 0;
    for (let c = 0; c < cells; c++) {
      const p = logistic(eta[c]);
      g += cs[c] - cn[c] * p;
      h += cn[c] * p * (1 - p);
    }
    const step0 = Math.max(-2, Math.min(2, h > 0 ? g / h : 0));
    b0 += step0;
    for (let c = 0; c < cells; c++) eta[c] += step0;
    let maxStep = Math.abs(step0);
    for (const fac of factors) {
      fac.groups.forEach(([, cellsAt], j) => {
        let gj = -fac.u[j] / fac.tau2;
        let hj = 1 / fac.tau2;
        for (const c of cellsAt) {
          const p = logistic(eta[c]);
          gj += cs[c] - cn[c] * p;
          hj += cn[c] * p * (1 - p);
        }
        const step = Math.max(-2, Math.min(2, gj / hj));
        fac.u[j] += step;
        for (const c of cellsAt) eta[c] += step;
        maxStep = Math.max(maxStep, Math.abs(step));
      });
    }
    if (maxStep < TOL) break;
  }
  b0 = polishPass(b0, factors, cellLevels, cn, cs, eta);
  const w = (c: number): number => {
    const p = logistic(eta[c]);
    return cn[c] * p * (1 - p);
  };
  let info = 0;
  for (let c = 0; c < cells; c++) info += w(c);
  return {
    n, passes, intercept: b0, intercept_variance: info > 0 ? 1 / info : Infinity,
    factors: factors.map((fac) => ({
      factor: fac.f, tau2: fac.tau2,
      levels: Object.fromEntries(fac.groups.map(([level, cellsAt], j) => {
        const wj = cellsAt.reduce((a, c) => a + w(c), 0);
        return [level, { effect: fac.u[j], variance: 1 / (wj + 1 / fac.tau2), n: fac.sizes[j] }];
      })),
    })),
  };
}

/** Fits the log-cost model on runs with a cost > 0. */
export function fitCostModel(runs: readonly LearningRun[]): CostModel | null {
  const data = runs.filter((r) => r.total_cost_usd != null && r.total_cost_usd > 0);
  const n = data.length;
  if (n < 2) return null;
  const y = data.map((r) => Math.log(r.total_cost_usd!));
  const m0 = y.reduce((a, b) => a + b, 0) / n;
  const { factors, cellOfRun, cells } = activeFactors(indexLevels(data),
    (_f, m) => normalTau2([...m.values()].map((idx) => ({ sum: idx.reduce((a, i) => a + y[i], 0), sum2: idx.reduce((a, i) => a + y[i] ** 2, 0), n: idx.length }))), n);
  const cn = new Float64Array(cells);
  const cy = new Float64Array(cells);
  const cy2 = new Float64Array(cells);
  for (let i = 0; i < n; i++) {
    const c = cellOfRun[i];
    cn[c]++;
    cy[c] += y[i];
    cy2[c] += y[i] * y[i];
  }
  let sigma2 = Math.max(1e-6, y.reduce((a, v) => a + (v - m0) ** 2, 0) / (n - 1));
  let b0 = m0;
  const fitted = new Float64Array(cells).fill(b0);
  for (let round = 0; round < 3; round++) {
    for (let sweep = 0; sweep < SWEEPS; sweep++) {
      let r0 = 0;
      for (let c = 0; c < cells; c++) r0 += cy[c] - cn[c] * fitted[c];
      r0 /= n;
      b0 += r0;
      for (let c = 0; c < cells; c++) fitted[c] += r0;
      let maxStep = Math.abs(r0);
      for (const fac of factors) {
        fac.groups.forEach(([, cellsAt], j) => {
          let resid = fac.sizes[j] * fac.u[j];
          for (const c of cellsAt) resid += cy[c] - cn[c] * fitted[c];
          const next = resid / (fac.sizes[j] + sigma2 / fac.tau2);
          const step = next - fac.u[j];
          fac.u[j] = next;
          for (const c of cellsAt) fitted[c] += step;
          maxStep = Math.max(maxStep, Math.abs(step));
        });
      }
      if (maxStep < TOL) break;
    }
    // Residual variance given the fit; the effects use it as their noise level.
    let ss = 0;
    for (let c = 0; c < cells; c++) ss += cy2[c] - 2 * fitted[c] * cy[c] + cn[c] * fitted[c] ** 2;
    sigma2 = Math.max(1e-6, ss / Math.max(1, n - 1));
  }
  return {
    n, intercept: b0, intercept_variance: sigma2 / n, sigma2,
    factors: factors.map((fac) => ({
      factor: fac.f, tau2: fac.tau2,
      levels: Object.fromEntries(fac.groups.map(([level], j) => [level, { effect: fac.u[j], variance: 1 / (fac.sizes[j] / sigma2 + 1 / fac.tau2), n: fac.sizes[j] }])),
    })),
  };
}

/** Linear predictor and its approximate variance (effects treated as independent) for settings. */
function linear(model: { intercept: number; intercept_variance: number; factors: FactorEffects[] }, s: PlannedSettings): { eta: number; variance: number; unseen: string[] } {
  let eta = model.intercept;
  let variance = model.intercept_variance;
  const unseen: string[] = [];
  for (const f of model.factors) {
    const level = s[f.factor];
    if (level == null) continue;
    const e = f.levels[level];
    if (e) {
      eta += e.effect;
      variance += e.variance;
    } else {
      // A level never seen: no shift, but its whole prior variance.
      variance += f.tau2;
      unseen.push(`${f.factor}=${level}`);
    }
  }
  return { eta, variance, unseen };
}

export interface PassPrediction {
  p_pass: number;
  ci95: [number, number];
  /** Settings the model has never seen (they widen the interval). */
  unseen: string[];
}

/** P(pass) with a 95 % interval on the log-odds scale. */
export function predictPass(model: PassModel, s: PlannedSettings): PassPrediction {
  const { eta, variance, unseen } = linear(model, s);
  const sd = Math.sqrt(variance);
  return { p_pass: logistic(eta), ci95: [logistic(eta - Z95 * sd), logistic(eta + Z95 * sd)], unseen };
}

export interface CostPrediction {
  /** Predicted median (geometric mean) cost per run, with the 95 % interval of that median. */
  median_usd: number;
  median_ci95: [number, number];
  /** Lognormal mean exp(η + σ²/2): the expected dollars per run. */
  expected_usd: number;
  /** 95 % prediction interval for one run's cost. */
  run_pi95: [number, number];
  unseen: string[];
}

/** Expected cost of a run with these settings. */
export function predictCost(model: CostModel, s: PlannedSettings): CostPrediction {
  const { eta, variance, unseen } = linear(model, s);
  const sd = Math.sqrt(variance);
  const pi = Math.sqrt(variance + model.sigma2);
  return {
    median_usd: Math.exp(eta), median_ci95: [Math.exp(eta - Z95 * sd), Math.exp(eta + Z95 * sd)],
    expected_usd: Math.exp(eta + model.sigma2 / 2), run_pi95: [Math.exp(eta - Z95 * pi), Math.exp(eta + Z95 * pi)], unseen,
  };
}

/** The settings of a logged run, as planned settings. */
export function settingsOf(run: LearningRun): PlannedSettings {
  const s: PlannedSettings = {};
  for (const f of PREDICTION_FACTORS) {
    const l = levelOf(run, f);
    if (l != null) s[f] = l;
  }
  return s;
}
