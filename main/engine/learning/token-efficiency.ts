/**
 * Pattern 5 (seed 002 §4) and loop 5: tokens per successful output per prompt version. A
 * version is flagged when it spends > 20 % more tokens per pass than the previous version or the
 * best one, and its pass rate is not significantly better (one-sided Fisher exact test).
 */
import { fisherGreater } from './fisher';
import type { LearningOptions } from './options';
import { runPassed, runTimeMs, runTokens } from './run-facts';
import type { LearningRun } from './types';

export interface TokenEfficiencyRow {
  prompt_version: string;
  /** Runs with both a token count and a QA outcome. */
  runs: number;
  passes: number;
  tokens: number;
  /** tokens / passes; null with no pass (infinitely inefficient, shown as "no pass"). */
  tokens_per_success: number | null;
  /** The version before it in time (first run), null for the first. */
  previous_version: string | null;
  /** tokens_per_success / previous's − 1. */
  vs_previous: number | null;
  best_version: string | null;
  /** tokens_per_success / best's − 1 (0 for the best itself). */
  vs_best: number | null;
  /** One-sided Fisher p that this version passes more often than the comparator it exceeds. */
  quality_p: number | null;
  /** Which comparator triggered the flag. */
  flagged_against: 'previous' | 'best' | null;
  flagged: boolean;
}

/**
 * Versions in order of their first run (versions without dated runs after, by name), so
 * "previous" is the version deployed before. Tokens of a run: tokens_in + tokens_out, else the
 * sum of its steps' tokens; runs without tokens or QA outcome are left out.
 */
export function tokenEfficiency(runs: readonly LearningRun[], o: LearningOptions['patterns']): TokenEfficiencyRow[] {
  const acc = new Map<string, { first: number; runs: number; passes: number; tokens: number }>();
  for (const r of runs) {
    if (r.prompt_version == null) continue;
    const t = runTokens(r);
    const p = runPassed(r);
    let e = acc.get(r.prompt_version);
    if (!e) acc.set(r.prompt_version, (e = { first: Infinity, runs: 0, passes: 0, tokens: 0 }));
    e.first = Math.min(e.first, runTimeMs(r) ?? Infinity);
    if (t == null || p == null) continue;
    e.runs++;
    e.tokens += t;
    if (p) e.passes++;
  }
  const ordered = [...acc]
    .filter(([, e]) => e.runs > 0)
    .sort((a, b) => a[1].first - b[1].first || a[0].localeCompare(b[0], undefined, { numeric: true }));
  const tps = (e: { passes: number; tokens: number }): number | null => (e.passes > 0 ? e.tokens / e.passes : null);
  let best: [string, { runs: number; passes: number; tokens: number }] | null = null;
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
    return {
      prompt_version: version, runs: e.runs, passes: e.passes, tokens: e.tokens, tokens_per_success: mine,
      previous_version: prev?.[0] ?? null, vs_previous: vsPrev, best_version: best?.[0] ?? null, vs_best: vsBest,
      quality_p: p, flagged_against: against, flagged: against != null,
    };
  });
}
