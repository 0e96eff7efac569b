/**
 * Kaplan–Meier for "rounds needed to finish", where runs stopped by the limit are censored at the
 * limit: they needed more rounds than they got, but how many more is unknown. Counting them as
 * finished (or dropping them) biases every share low. Greenwood's variance gives the uncertainty;
 * the one-sided lower bound of "finished within L" is Clopper–Pearson on the Kaplan–Meier
 * effective sample size (exact when nothing is censored up to L).
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';

/** Runs at one time (round count): how many finished there, how many were censored there. */
export interface SurvivalCount {
  time: number;
  events: number;
  censored: number;
}

/** The Kaplan–Meier estimate at one time with an event or a censoring. */
export interface KmStep {
  time: number;
  at_risk: number;
  events: number;
  censored: number;
  /** S(t) = P(still not finished after t). */
  survival: number;
  /** Greenwood's Σ d/(n(n−d)) up to t; Var S(t) = S(t)² · this. Infinite once S(t) = 0. */
  greenwood_sum: number;
}

/** Kaplan–Meier steps from counts per time (any order; duplicates are merged). Censored runs at t are at risk at t. */
export function kaplanMeier(counts: readonly SurvivalCount[]): KmStep[] {
  const byTime = new Map<number, SurvivalCount>();
  for (const c of counts) {
    if (!(c.events >= 0 && c.censored >= 0) || c.events + c.censored === 0) continue;
    const cur = byTime.get(c.time) ?? { time: c.time, events: 0, censored: 0 };
    cur.events += c.events;
    cur.censored += c.censored;
    byTime.set(c.time, cur);
  }
  const rows = [...byTime.values()].sort((a, b) => a.time - b.time);
  let atRisk = rows.reduce((s, r) => s + r.events + r.censored, 0);
  let survival = 1;
  let greenwood = 0;
  const steps: KmStep[] = [];
  for (const r of rows) {
    if (r.events > 0) {
      survival *= 1 - r.events / atRisk;
      greenwood = atRisk > r.events ? greenwood + r.events / (atRisk * (atRisk - r.events)) : Infinity;
    }
    steps.push({ time: r.time, at_risk: atRisk, events: r.events, censored: r.censored, survival, greenwood_sum: greenwood });
    atRisk -= r.events + r.censored;
  }
  return steps;
}

/** S(t): the step at the largest time ≤ t (1 before the first). */
function stepAt(steps: readonly KmStep[], t: number): KmStep | null {
  let hit: KmStep | null = null;
  for (const s of steps) {
    if (s.time > t) break;
    hit = s;
  }
  return hit;
}

export interface FinishedWithin {
  limit: number;
  /** Kaplan–Meier P(finished within `limit` rounds). */
  share: number;
  /** One-sided lower confidence bound of `share`. */
  lower: number;
  /** Effective sample size behind the bound (the run count when nothing is censored up to the limit). */
  n_eff: number;
  /** Runs censored at or before the limit (their rounds-to-finish exceed what they were given). */
  censored_within: number;
}

/**
 * P(finished ≤ limit) with a one-sided lower bound at `confidence`. The effective sample size is
 * F(1−F)/Var F (Greenwood), which equals n without censoring, so the bound is then exactly
 * Clopper–Pearson (8 of 8 finished: 0.05^(1/8) = 0.689). When F is 0 or 1 the variance is 0 and
 * n_eff falls back to the runs not censored before the limit.
 */
export function finishedWithin(steps: readonly KmStep[], limit: number, confidence = 0.95): FinishedWithin | null {
  const total = steps.length ? steps[0].at_risk : 0;
  if (total === 0) return null;
  const s = stepAt(steps, limit);
  const survival = s ? s.survival : 1;
  const share = 1 - survival;
  const censoredWithin = steps.filter((x) => x.time <= limit).reduce((n, x) => n + x.censored, 0);
  const variance = s && Number.isFinite(s.greenwood_sum) ? survival * survival * s.greenwood_sum : 0;
  const nEff = share > 0 && share < 1 && variance > 0 ? (share * (1 - share)) / variance : total - censoredWithin;
  return { limit, share, lower: clopperPearsonLower(share * nEff, nEff, confidence), n_eff: nEff, censored_within: censoredWithin };
}

/** One-sided Clopper–Pearson lower bound for x successes in n trials (x, n may be fractional: effective counts). */
export function clopperPearsonLower(x: number, n: number, confidence = 0.95): number {
  if (!(n > 0) || x <= 0) return 0;
  const k = Math.min(x, n);
  return betaQuantile(1 - confidence, k, n - k + 1);
}

/** The smallest observed time L with KM P(finished ≤ L) ≥ `share`, or null when the estimate never gets there. */
export function smallestLimitReaching(steps: readonly KmStep[], share: number): number | null {
  for (const s of steps) if (s.events > 0 && 1 - s.survival >= share - 1e-12) return s.time;
  return null;
}
