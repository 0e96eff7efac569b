/**
 * Pattern 5 (seed 002 §4) and loop 5: tokens per successful output per prompt version. A
 * version is flagged when it spends > 20 % more tokens per pass than the previous version or the
 * best one, and its pass rate is not significantly better (one-sided Fisher exact test).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { fisherGreater } from './fisher';
import type { LearningOptions } from './options';
import { runPassed, runTimeMs, runTokens } from './run-facts';
import type { LearningRun } from './types';
import type { TokenEfficiencyRow } from '../../../shared/learning';
export type { TokenEfficiencyRow } from '../../../shared/learning';

interface Acc {
  first: number;
  runs: number;
  passes: number;
  tokens: number;
  tokens2: number;
  /** Tokens of the passing runs: Σ x·y for the covariance. */
  passTokens: number;
}

const Z95 = normalQuantile(0.975, 0, 1);

/**
 * Var(log R) for R = Ȳ / X̄ (Y = a run's tokens, X = 1 if it passed) by the delta method (Deng,
 * Knoblich & Lu, KDD 2018): Var(R) ≈ (s²_Y − 2R·s_XY + R²·s²_X) / (n·X̄²), and Var(log R) = Var(R)/R².
 * Null below 2 runs or without a pass.
 */
export function logRatioVariance(e: { runs: number; passes: number; tokens: number; tokens2: number; passTokens: number }): number | null {
  const n = e.runs;
  if (n < 2 || e.passes === 0) return null;
  const yBar = e.tokens / n;
  const xBar = e.passes / n;
  const r = yBar / xBar;
  const sY2 = (e.tokens2 - n * yBar * yBar) / (n - 1);
  const sX2 = (e.passes - n * xBar * xBar) / (n - 1);
  const sXY = (e.passTokens - n * xBar * yBar) / (n - 1);
  const varR = Math.max(0, sY2 - 2 * r * sXY + r * r * sX2) / (n * xBar * xBar);
  return varR / (r * r);
}

/**
 * Versions in order of their first run (versions without dated runs after, by name), so
 * "previous" is the version deployed before. Tokens of a run: tokens_in + tokens_out, else the
 * sum of its steps' tokens; runs without tokens or QA outcome are left out.
 */
export function tokenEfficiency(runs: readonly LearningRun[], o: LearningOptions['patterns']): TokenEfficiencyRow[] {
  const acc = new Map<string, Acc>();
  for (const r of runs) {
    if (r.prompt_version == null) continue;
    const t = runTokens(r);
    const p = runPassed(r);
    let e = acc.get(r.prompt_version);
    if (!e) acc.set(r.prompt_version, (e = { first: Infinity, runs: 0, passes: 0, tokens: 0, tokens2: 0, passTokens: 0 }));
    e.first = Math.min(e.first, runTimeMs(r) ?? Infinity);
    if (t == null || p == null) continue;
    e.runs++;
    e.tokens += t;
    e.tokens2 += t * t;
    if (p) {
      e.passes++;
      e.passTokens += t;
    }
  }
  const ordered = [...acc]
    .filter(([, e]) => e.runs > 0)
    .sort((a, b) => a[1].first - b[1].first || a[0].localeCompare(b[0], undefined, { numeric: true }));
  const tps = (e: { passes: number; tokens: number }): number | null => (e.passes > 0 ? e.tokens / e.passes : null);
  let best: [string, Acc] | null = null;
  for (const entry of ordered) {
    const v = tps(entry[1]);
    if (v != null && (best == null || v < tps(best[1])!)) best = entry;
  }
  return ordered.map(([version, e], i) => {
    const mine = tps(e);
    const prev = i > 0 ? ordered[i - 1] : null;
    const prevTps = prev ? tps(prev[1]) : null;
    const bestTps = best ? tps(best[1]) : null;
    const vsPrev = mine != null && prevTps != null ? mine / prevTps - 1 : null;
    const vsBest = mine != null && bestTps != null ? mine / bestTps - 1 : null;
    let against: 'previous' | 'best' | null = null;
    let p: number | null = null;
    const notBetter = (c: { runs: number; passes: number }): number => fisherGreater(e.passes, e.runs, c.passes, c.runs);
    if (prev && vsPrev != null && vsPrev > o.tokenExcess) {
      p = notBetter(prev[1]);
      if (p >= o.qualityAlpha) against = 'previous';
    }
    if (!against && best && best[0] !== version && vsBest != null && vsBest > o.tokenExcess) {
      const pb = notBetter(best[1]);
      if (p == null || pb >= o.qualityAlpha) p = pb;
      if (pb >= o.qualityAlpha) against = 'best';
    }
    const lv = logRatioVariance(e);
    const lvPrev = prev ? logRatioVariance(prev[1]) : null;
    return {
      prompt_version: version, runs: e.runs, passes: e.passes, tokens: e.tokens, tokens_per_success: mine,
      tokens_per_success_ci95: mine != null && lv != null ? [mine * Math.exp(-Z95 * Math.sqrt(lv)), mine * Math.exp(Z95 * Math.sqrt(lv))] : null,
      previous_version: prev?.[0] ?? null, vs_previous: vsPrev,
      vs_previous_ci95: vsPrev != null && lv != null && lvPrev != null
        ? [(1 + vsPrev) * Math.exp(-Z95 * Math.sqrt(lv + lvPrev)) - 1, (1 + vsPrev) * Math.exp(Z95 * Math.sqrt(lv + lvPrev)) - 1] : null,
      best_version: best?.[0] ?? null, vs_best: vsBest,
      quality_p: p, flagged_against: against, flagged: against != null,
    };
  });
}
