/**
 * Pattern 7 (seed 002 §4): does an agent's stated confidence match what happened? Decisions:
 * agent_confidence vs `aligned` with the human; steps: confidence vs success. Five buckets
 * [0, 0.2) … [0.8, 1.0], expected calibration error, Brier score, per agent and source.
 */
import type { LearningOptions } from './options';
import { decisionAligned, normaliseConfidence, rateCi, UNKNOWN } from './run-facts';
import type { LearningRun } from './types';
import type { CalibrationBucket, CalibrationRow } from '../../../shared/learning';
export type { CalibrationBucket, CalibrationRow } from '../../../shared/learning';

export const BUCKET_EDGES = [0, 0.2, 0.4, 0.6, 0.8, 1.0] as const;

/** Index of p's bucket: [0, 0.2), [0.2, 0.4), …, [0.8, 1.0] (1.0 falls in the last). */
export function bucketOf(p: number): number {
  return Math.min(BUCKET_EDGES.length - 2, Math.floor(p / 0.2 + 1e-12));
}

/** Calibration of one list of (stated probability, outcome) pairs; null when empty. */
export function calibrationOf(pairs: readonly { p: number; y: boolean }[]): Omit<CalibrationRow, 'agent' | 'source' | 'flag'> | null {
  if (pairs.length === 0) return null;
  const k = BUCKET_EDGES.length - 1;
  const sumP = new Array<number>(k).fill(0);
  const sumY = new Array<number>(k).fill(0);
  const cnt = new Array<number>(k).fill(0);
  let brier = 0;
  let totalP = 0;
  let totalY = 0;
  for (const { p, y } of pairs) {
    const b = bucketOf(p);
    cnt[b]++;
    sumP[b] += p;
    sumY[b] += y ? 1 : 0;
    brier += (p - (y ? 1 : 0)) ** 2;
    totalP += p;
    totalY += y ? 1 : 0;
  }
  const n = pairs.length;
  let ece = 0;
  const buckets: CalibrationBucket[] = [];
  for (let b = 0; b < k; b++) {
    const r = rateCi(sumY[b], cnt[b]);
    const stated = cnt[b] ? sumP[b] / cnt[b] : null;
    if (cnt[b]) ece += (cnt[b] / n) * Math.abs(stated! - r.rate!);
    buckets.push({ from: BUCKET_EDGES[b], to: BUCKET_EDGES[b + 1], n: cnt[b], stated, actual: r.rate, actual_ci95: r.ci95 });
  }
  const all = rateCi(totalY, n);
  return { n, buckets, ece, brier: brier / n, mean_stated: totalP / n, actual: all.rate!, actual_ci95: all.ci95 };
}

/** Calibration per agent, separately for decisions and steps; rows with no stated confidence are absent. */
export function calibration(runs: readonly LearningRun[], o: LearningOptions['patterns']): CalibrationRow[] {
  const groups = new Map<string, { agent: string; source: 'decision' | 'step'; pairs: { p: number; y: boolean }[] }>();
  const add = (agent: string, source: 'decision' | 'step', p: number, y: boolean): void => {
    const key = `${source}\u0000${agent}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { agent, source, pairs: [] }));
    g.pairs.push({ p, y });
  };
  for (const r of runs) {
    for (const d of r.decisions ?? []) {
      const p = normaliseConfidence(d.agent_confidence);
      const y = decisionAligned(d);
      if (p != null && y != null) add(d.agent || UNKNOWN, 'decision', p, y);
    }
    for (const s of r.steps ?? []) {
      const p = normaliseConfidence(s.confidence);
      if (p != null && s.success != null) add(s.agent || UNKNOWN, 'step', p, s.success);
    }
  }
  const rows: CalibrationRow[] = [];
  for (const g of groups.values()) {
    const c = calibrationOf(g.pairs)!;
    let flag: CalibrationRow['flag'] = null;
    if (c.n >= o.calibrationMinN && c.actual_ci95) {
      if (c.mean_stated > c.actual_ci95[1]) flag = 'overconfident';
      else if (c.mean_stated < c.actual_ci95[0]) flag = 'underconfident';
    }
    rows.push({ agent: g.agent, source: g.source, flag, ...c });
  }
  return rows.sort((a, b) => a.source.localeCompare(b.source) || b.ece - a.ece || a.agent.localeCompare(b.agent));
}
