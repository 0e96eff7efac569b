/**
 * Loop 4 (seed 002 §5): has output quality dropped vs the previous period? The metric is the
 * mean seed-002 quality score when both periods have enough scored runs, else the QA pass rate.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { probDiffBelow } from '../stats/beta-compare';
import { qualityScore } from './labels';
import type { LearningOptions } from './options';
import { mean, runPassed, runTimeMs } from './run-facts';
import type { LearningRun } from './types';
import type { PeriodStats, QualityComparison } from '../../../shared/learning';
export type { PeriodStats, QualityComparison } from '../../../shared/learning';

const DAY_MS = 86_400_000;

/**
 * Compares [end − d, end) with [end − 2d, end − d), where `end` is just after the latest run
 * started at or before `now` (so logs that stopped a month ago still compare their last two
 * periods). Null when either period has fewer than `periodMinRuns` runs with the metric, or the
 * previous level is 0.
 */
export function compareQuality(
  runs: readonly LearningRun[], now: Date, o: LearningOptions['loops'], labelOpts: LearningOptions['labels'],
): QualityComparison | null {
  let latest = -Infinity;
  for (const r of runs) {
    const t = runTimeMs(r);
    if (t != null && t <= now.getTime() && t > latest) latest = t;
  }
  if (latest === -Infinity) return null;
  const end = Math.min(now.getTime(), latest + 1);
  const mid = end - o.periodDays * DAY_MS;
  const start = mid - o.periodDays * DAY_MS;
  const cur: LearningRun[] = [];
  const prev: LearningRun[] = [];
  for (const r of runs) {
    const t = runTimeMs(r);
    if (t == null) continue;
    if (t >= mid && t < end) cur.push(r);
    else if (t >= start && t < mid) prev.push(r);
  }
  const scores = (list: LearningRun[]): number[] => list.flatMap((r) => {
    const q = qualityScore(r, labelOpts);
    return q ? [q.score] : [];
  });
  const passes = (list: LearningRun[]): boolean[] => list.flatMap((r) => {
    const p = runPassed(r);
    return p == null ? [] : [p];
  });
  const sc = scores(cur);
  const sp = scores(prev);
  let metric: QualityComparison['metric'];
  let vc: number;
  let vp: number;
  let nc: number;
  let np: number;
  let probLower: number;
  if (sc.length >= o.periodMinRuns && sp.length >= o.periodMinRuns) {
    metric = 'quality_score';
    vc = mean(sc)!;
    vp = mean(sp)!;
    nc = sc.length;
    np = sp.length;
    const se = Math.sqrt(variance(sc) / nc + variance(sp) / np);
    probLower = se > 0 ? normalCdf((vp - vc) / se, 0, 1) : vc < vp ? 1 : 0.5;
  } else {
    const pc = passes(cur);
    const pp = passes(prev);
    if (pc.length < o.periodMinRuns || pp.length < o.periodMinRuns) return null;
    metric = 'qa_pass_rate';
    const sC = pc.filter(Boolean).length;
    const sP = pp.filter(Boolean).length;
    nc = pc.length;
    np = pp.length;
    vc = sC / nc;
    vp = sP / np;
    probLower = probDiffBelow({ a: 1 + sC, b: 1 + nc - sC }, { a: 1 + sP, b: 1 + np - sP }, 0);
  }
  if (!(vp > 0)) return null;
  const current = period(cur, mid, end, nc, vc);
  const previous = period(prev, start, mid, np, vp);
  const changed = (['prompt_version', 'model', 'recipe'] as const).filter((k) => current.top[k] !== previous.top[k]);
  return { metric, current, previous, relative_drop: (vp - vc) / vp, prob_lower: probLower, changed };
}

function variance(xs: number[]): number {
  const m = mean(xs)!;
  return xs.length > 1 ? xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) : 0;
}

function topOf(list: LearningRun[], key: 'prompt_version' | 'model' | 'recipe'): string | null {
  const c = new Map<string, number>();
  for (const r of list) if (r[key]) c.set(r[key]!, (c.get(r[key]!) ?? 0) + 1);
  return [...c].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

function period(list: LearningRun[], from: number, to: number, n: number, value: number): PeriodStats {
  return {
    from: new Date(from).toISOString(), to: new Date(to).toISOString(), runs: list.length, metric_n: n, value,
    top: { prompt_version: topOf(list, 'prompt_version'), model: topOf(list, 'model'), recipe: topOf(list, 'recipe') },
  };
}
