/**
 * Paired comparison on the task keys two arms share (§4): per-task means, McNemar's exact test
 * for pass (one QA run per task and arm; else a paired t on per-task pass rates), paired t on
 * dollars (decides) and on log cost (reported), and paired delta-method effects for decisions.
 */
import { mcnemarExact } from '../stats/exact-tests';
import { addMoment, emptyMoments, oneSampleT } from '../stats/moments';
import type { Effect } from './estimates';
import type { ArmSums } from './sums';
import type { DecisionMetric } from './types';

/** Shared task keys from which the paired estimate decides. */
export const MIN_PAIRED_TASKS = 20;

export interface PairedResult {
  /** Task keys both arms ran. */
  paired_n: number;
  p_value_pass: number | null;
  /** Paired t on per-task mean log cost (a ratio; reported). */
  p_value_cost_log: number | null;
  /** Paired t on per-task mean dollars (decides for cost). */
  p_value_cost_usd: number | null;
  /** Mean per-task dollar difference, variant − control. */
  cost_diff_usd: number | null;
  effects: Record<DecisionMetric, Effect | null>;
}

/** Task keys that appear in both arms. */
export function sharedTasks(c: Map<string, ArmSums> | undefined, t: Map<string, ArmSums> | undefined): string[] {
  if (!c || !t) return [];
  const out: string[] = [];
  for (const k of c.keys()) if (t.has(k)) out.push(k);
  return out;
}

/**
 * Delta-method variance of g(means) for per-task vectors: gᵀ Σ g / m, with Σ the sample
 * covariance of the task vectors (so the covariance between the arms on a task is used).
 */
function deltaPaired(rows: number[][], grad: (means: number[]) => number[] | null, value: (means: number[]) => number): Effect | null {
  const m = rows.length;
  if (m < 2) return null;
  const k = rows[0].length;
  const means = new Array<number>(k).fill(0);
  for (const r of rows) for (let i = 0; i < k; i++) means[i] += r[i] / m;
  const g = grad(means);
  if (!g) return null;
  // gᵀΣg = sample variance of the projected rows gᵀ(r − mean).
  let ss = 0;
  for (const r of rows) {
    let proj = 0;
    for (let i = 0; i < k; i++) proj += g[i] * (r[i] - means[i]);
    ss += proj * proj;
  }
  const variance = ss / (m - 1) / m;
  const gain = value(means);
  return { gain, variance: variance <= 1e-24 * Math.max(1, gain * gain) ? 0 : variance, n: 2 * m };
}

/** Paired figures for control vs variant; null with no shared task. */
export function pairedCompare(cTasks: Map<string, ArmSums> | undefined, tTasks: Map<string, ArmSums> | undefined): PairedResult | null {
  const keys = sharedTasks(cTasks, tTasks);
  if (keys.length === 0 || !cTasks || !tTasks) return null;
  let b = 0;
  let c = 0;
  let single = true;
  const passD = emptyMoments();
  const usdD = emptyMoments();
  const logD = emptyMoments();
  const passRows: number[][] = [];
  const usdRows: number[][] = [];
  const cppRows: number[][] = [];
  for (const k of keys) {
    const x = cTasks.get(k)!;
    const y = tTasks.get(k)!;
    if (x.qa_n > 0 && y.qa_n > 0) {
      if (x.qa_n !== 1 || y.qa_n !== 1) single = false;
      const px = x.passes / x.qa_n;
      const py = y.passes / y.qa_n;
      if (py > px) b++;
      else if (px > py) c++;
      addMoment(passD, py - px);
      passRows.push([px, py]);
    }
    if (x.cost.n > 0 && y.cost.n > 0) {
      const cx = x.cost.sum / x.cost.n;
      const cy = y.cost.sum / y.cost.n;
      addMoment(usdD, cy - cx);
      usdRows.push([cx, cy]);
    }
    if (x.log_cost.n > 0 && y.log_cost.n > 0) addMoment(logD, y.log_cost.sum / y.log_cost.n - x.log_cost.sum / x.log_cost.n);
    if (x.cp.n > 0 && y.cp.n > 0) cppRows.push([x.cp.sum_cost / x.cp.n, x.cp.passes / x.cp.n, y.cp.sum_cost / y.cp.n, y.cp.passes / y.cp.n]);
  }
  const passT = oneSampleT(passD);
  const p_value_pass = passD.n === 0 ? null : single ? mcnemarExact(b, c) : passT ? passT.p : null;
  const usdT = oneSampleT(usdD);
  const logT = oneSampleT(logD);
  const pass = passRows.length >= 2
    ? { gain: passD.sum / passD.n, variance: passT ? passT.se * passT.se : 0, n: 2 * passD.n }
    : null;
  const cost = deltaPaired(usdRows, ([mc, mt]) => (mc > 0 && mt > 0 ? [1 / mc, -1 / mt] : null), ([mc, mt]) => -Math.log(mt / mc));
  const cpp = deltaPaired(
    cppRows,
    ([yc, xc, yt, xt]) => (yc > 0 && xc > 0 && yt > 0 && xt > 0 ? [1 / yc, -1 / xc, -1 / yt, 1 / xt] : null),
    ([yc, xc, yt, xt]) => -(Math.log(yt / xt) - Math.log(yc / xc)),
  );
  return {
    paired_n: keys.length,
    p_value_pass,
    p_value_cost_log: logT ? logT.p : null,
    p_value_cost_usd: usdT ? usdT.p : null,
    cost_diff_usd: usdD.n > 0 ? usdD.sum / usdD.n : null,
    effects: { pass_rate: pass, cost, cost_per_pass: cpp },
  };
}
