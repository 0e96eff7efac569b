/**
 * The prediction block of the learning output: the model's calibration measured on a
 * time-ordered hold-out (the last 20 % of runs with a QA outcome), against predicting the
 * training runs' pass rate. If the model does worse than that baseline on the hold-out, the
 * baseline is what gets used: the output never ships a model that lost to the base rate.
 */
import { calibrationOf } from './calibration';
import type { LearningOptions } from './options';
import {
  fitCostModel, fitPassModel, predictCost, predictPass, settingsOf,
  type CostModel, type CostPrediction, type PassModel, type PlannedSettings,
} from './prediction-model';
import { wilsonInterval } from '../stats/wilson';
import { runPassed, sortByTime } from './run-facts';
import type { LearningRun } from './types';
import type { PredictionSummary } from '../../../shared/learning';
export type { PredictionSummary } from '../../../shared/learning';

export interface Predictor {
  summary: PredictionSummary;
  pass: PassModel | null;
  cost: CostModel | null;
}

/** Fits on the first 80 % in time, scores the rest, then refits on all runs. */
export function buildPredictor(runs: readonly LearningRun[], o: LearningOptions['prediction']): Predictor {
  const scored = sortByTime(runs.filter((r) => runPassed(r) != null));
  const cost = fitCostModel(runs);
  const none = (reason: string): Predictor => ({
    summary: { brier: null, baseline_brier: null, holdout_n: 0, train_n: scored.length, holdout_ece: null, method: 'none', factors: [], reason },
    pass: null, cost,
  });
  if (scored.length < o.minRuns) return none(`${scored.length} runs with a QA outcome; at least ${o.minRuns} are needed`);
  const holdoutN = Math.max(1, Math.round(scored.length * o.holdoutShare));
  const train = scored.slice(0, scored.length - holdoutN);
  const test = scored.slice(scored.length - holdoutN);
  const trainModel = fitPassModel(train)!;
  const base = trainModel.passes / trainModel.n;
  let brier = 0;
  let baseline = 0;
  const pairs: { p: number; y: boolean }[] = [];
  for (const r of test) {
    const y = runPassed(r)!;
    const p = predictPass(trainModel, settingsOf(r)).p_pass;
    brier += (p - (y ? 1 : 0)) ** 2;
    baseline += (base - (y ? 1 : 0)) ** 2;
    pairs.push({ p, y });
  }
  brier /= test.length;
  baseline /= test.length;
  const full = fitPassModel(scored)!;
  const useModel = brier <= baseline;
  return {
    summary: {
      brier, baseline_brier: baseline, holdout_n: test.length, train_n: train.length,
      holdout_ece: calibrationOf(pairs)!.ece,
      method: useModel ? 'shrinkage' : 'baseline',
      factors: useModel ? full.factors.map((f) => ({ factor: f.factor, tau2: f.tau2, levels: Object.keys(f.levels).length })) : [],
      reason: useModel
        ? `hold-out Brier ${brier.toFixed(4)} ≤ base-rate Brier ${baseline.toFixed(4)} on the latest ${test.length} runs`
        : `hold-out Brier ${brier.toFixed(4)} > base-rate Brier ${baseline.toFixed(4)}: predictions use the project pass rate`,
    },
    pass: useModel ? full : { ...full, factors: [] },
    cost,
  };
}

export interface RunPrediction {
  method: PredictionSummary['method'];
  p_pass: number | null;
  p_pass_ci95: [number, number] | null;
  cost: CostPrediction | null;
  unseen: string[];
  based_on_runs: number;
}

/**
 * Prediction for a planned run. With the baseline method the interval is the 95 % Wilson
 * interval of the project pass rate.
 */
export function predictRun(p: Predictor, settings: PlannedSettings): RunPrediction {
  const cost = p.cost ? predictCost(p.cost, settings) : null;
  if (!p.pass) return { method: 'none', p_pass: null, p_pass_ci95: null, cost, unseen: cost?.unseen ?? [], based_on_runs: 0 };
  if (p.summary.method === 'baseline') {
    return {
      method: 'baseline', p_pass: p.pass.passes / p.pass.n, p_pass_ci95: wilsonInterval(p.pass.passes, p.pass.n),
      cost, unseen: [], based_on_runs: p.pass.n,
    };
  }
  const pp = predictPass(p.pass, settings);
  return { method: 'shrinkage', p_pass: pp.p_pass, p_pass_ci95: pp.ci95, cost, unseen: pp.unseen, based_on_runs: p.pass.n };
}
