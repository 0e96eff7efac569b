/** Small readings of one run shared by the labels, patterns and prediction. */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import { wilsonInterval } from '../stats/wilson';
import type { LearningDecision, LearningRun, RateCi } from './types';

/** A rate with its 95 % Wilson interval; rate and interval null when n is 0. */
export function rateCi(successes: number, n: number): RateCi {
  return { successes, n, rate: n > 0 ? successes / n : null, ci95: wilsonInterval(successes, n) };
}

/** QA outcome as pass (true) / not pass (false); null when the run has none. "warning" is not a pass, as in the profile. */
export function runPassed(run: LearningRun): boolean | null {
  if (run.qa_status == null) return null;
  return run.qa_status === 'passed';
}

/** Tokens of a run: tokens_in + tokens_out when logged, else the sum over its steps; null when neither. */
export function runTokens(run: LearningRun): number | null {
  if (run.tokens_in != null || run.tokens_out != null) return (run.tokens_in ?? 0) + (run.tokens_out ?? 0);
  let sum = 0;
  let any = false;
  for (const s of run.steps ?? []) {
    if (s.tokens != null) {
      sum += s.tokens;
      any = true;
    }
  }
  return any ? sum : null;
}

/** Retries of a run: the sum of its steps' retries; null when no step logs retries. */
export function runRetries(run: LearningRun): number | null {
  let sum = 0;
  let any = false;
  for (const s of run.steps ?? []) {
    if (s.retries != null) {
      sum += s.retries;
      any = true;
    }
  }
  return any ? sum : null;
}

/** Start time in ms, null when absent or unparseable. */
export function runTimeMs(run: LearningRun): number | null {
  if (!run.started_at) return null;
  const t = Date.parse(run.started_at);
  return Number.isFinite(t) ? t : null;
}

/**
 * Runs in time order. Runs without a start time keep their input order and go after the dated
 * ones (a stable sort), so "the last 20 %" is never decided by an unknown date.
 */
export function sortByTime<T extends LearningRun>(runs: readonly T[]): T[] {
  return runs
    .map((r, i) => ({ r, i, t: runTimeMs(r) }))
    .sort((a, b) => (a.t ?? Infinity) - (b.t ?? Infinity) || a.i - b.i)
    .map((x) => x.r);
}

/** A stated confidence on 0–1: values above 1 are percentages. Null when absent or out of range. */
export function normaliseConfidence(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value) || value < 0) return null;
  const p = value > 1 ? value / 100 : value;
  return p <= 1 ? p : null;
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Did the human keep the agent's recommendation? The logged `aligned` wins; else the two strings
 * are compared (trimmed, case-insensitive); null when neither is known.
 */
export function decisionAligned(d: LearningDecision): boolean | null {
  if (d.aligned != null) return d.aligned;
  if (d.human_decision != null && d.agent_recommendation != null) return same(d.human_decision, d.agent_recommendation);
  return null;
}

/** Whether the human's decision is one of the options the agent listed (case-insensitive). */
export function decisionInOptions(d: LearningDecision): boolean | null {
  if (d.human_decision == null || d.options == null || d.options.length === 0) return null;
  return d.options.some((o) => same(o, d.human_decision!));
}

/**
 * Posterior probability that a rate exceeds `threshold` after `s` successes in `n` trials, with a
 * uniform Beta(1, 1) prior: 1 − I_threshold(1 + s, 1 + n − s).
 */
export function probRateAbove(s: number, n: number, threshold: number): number {
  if (threshold <= 0) return 1;
  if (threshold >= 1) return 0;
  return 1 - betaCdf(threshold, 1 + s, 1 + n - s);
}

/** Label used when an agent, gate or type is not logged. */
export const UNKNOWN = '(unknown)';

/** Median of a non-empty list; null when empty. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Mean of a list; null when empty. */
export function mean(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
