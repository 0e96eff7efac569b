/**
 * The seeds' degradation rule (seed 004 PerformanceMonitor.is_degraded) as a second check, on
 * daily buckets: the last 7 days (the UTC day of the project's latest run and the 6 before it)
 * against the 30-day baseline before them. Alert on a drop > 20 % in pass rate or rating, or a
 * rise > 20 % in cost or duration per run, only with ≥ 30 runs in each window; sample sizes,
 * 95 % intervals and the certainty that the recent window is worse are reported for every
 * metric checked. With 30–40 runs a 20 % move happens by chance about once in 100 checks per
 * metric (simulated stable projects: 2.5 % of them tripped the bare rule), so a triggered rule
 * becomes an alert only when the certainty is ≥ 0.999 as well (0.995 let ~1 % of stable projects
 * through, a fifth of their whole false-alarm budget).
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { passRatePosterior, probDiffBelow } from '../stats/beta-compare';
import { wilsonInterval } from '../stats/wilson';
import { type DailyBucket, type Moments, bucketsBetween, dayOf, dayStartMs, mergeBuckets } from './daily-buckets';
import { clusteredEstimate, pooledCertaintyWorse } from './batch-estimates';
import { severityOf } from './severity';
import type { Estimate, HealthAlert } from './types';
import type { SeedMetric, SeedRuleCheck } from '../../../shared/health';

/**
 * `minCertaintyByDay`: with days as the observations (batched runs) the check is recomputed on
 * mostly the same days every day; at 0.999, 3 % of stable simulated batched projects tripped it at
 * some look over 25 days (batch-severity.sim.test.ts).
 */
export const SEED_RULE = { recentDays: 7, baselineDays: 30, minRuns: 30, threshold: 0.2, minCertainty: 0.999, minCertaintyByDay: 0.9999 } as const;
export const SEED_METHOD = 'seed_rule_7d_vs_30d';

const DAY_MS = 86_400_000;

const BAD: Record<SeedMetric, 'up' | 'down'> = { qa_pass_rate: 'down', rating: 'down', cost_per_run: 'up', duration_s: 'up' };
const MOMENTS: Record<Exclude<SeedMetric, 'qa_pass_rate'>, 'rating' | 'cost' | 'duration'> = { rating: 'rating', cost_per_run: 'cost', duration_s: 'duration' };

function meanEstimate(m: Moments): Estimate & { sd: number } {
  if (m.n <= 0) return { value: null, ci95: null, n: 0, sd: 0 };
  const mean = m.sum / m.n;
  const sd = m.n > 1 ? Math.sqrt(Math.max(0, (m.sum2 - m.n * mean * mean) / (m.n - 1))) : 0;
  const half = m.n > 1 ? tQuantile(0.975, m.n - 1) * (sd / Math.sqrt(m.n)) : null;
  return { value: mean, ci95: half == null ? null : [Math.max(0, mean - half), mean + half], n: m.n, sd };
}

/** Welch one-sided probability that the recent mean is above the baseline mean. */
function probHigher(recent: Estimate & { sd: number }, base: Estimate & { sd: number }): number {
  const va = (recent.sd * recent.sd) / recent.n;
  const vb = (base.sd * base.sd) / base.n;
  const d = recent.value! - base.value!;
  if (va + vb === 0) return d > 0 ? 1 : d < 0 ? 0 : 0.5;
  const df = (va + vb) ** 2 / ((va * va) / (recent.n - 1) + (vb * vb) / (base.n - 1));
  return tCdf(d / Math.sqrt(va + vb), df);
}

export type { SeedRuleCheck } from '../../../shared/health';

/**
 * The day as the unit (batched runs: batch-estimates.ts): each day's rate or mean one
 * observation, the cluster-robust intervals and the pooled t on the days' means.
 */
function byDayCheck(metric: SeedMetric, recentDays: readonly DailyBucket[], baseDays: readonly DailyBucket[]): { before: Estimate; after: Estimate; certainty: number } {
  const cells = (days: readonly DailyBucket[]) => {
    const n: number[] = [];
    const sum: number[] = [];
    for (const d of days) {
      const m = metric === 'qa_pass_rate' ? { n: d.qa_n, sum: d.passes } : d[MOMENTS[metric]];
      if (m.n > 0) {
        n.push(m.n);
        sum.push(m.sum);
      }
    }
    return { n, sum, means: sum.map((x, i) => x / n[i]) };
  };
  const r = cells(recentDays);
  const b = cells(baseDays);
  const rate = metric === 'qa_pass_rate';
  return { before: clusteredEstimate(rate, b.n, b.sum), after: clusteredEstimate(rate, r.n, r.sum), certainty: pooledCertaintyWorse(BAD[metric], b.means, r.means) };
}

/**
 * The seeds' rule on one scope's buckets; `latestMs` is the project's latest run. `byDay`: the
 * runs are batched (batch-times.ts), so a day counts as one observation, not its runs.
 */
export function seedRuleChecks(buckets: readonly DailyBucket[], latestMs: number, byDay = false): SeedRuleCheck[] {
  const lastDay = dayOf(latestMs);
  const recentFrom = dayOf(dayStartMs(lastDay) - (SEED_RULE.recentDays - 1) * DAY_MS);
  const baseTo = dayOf(dayStartMs(recentFrom) - DAY_MS);
  const baseFrom = dayOf(dayStartMs(recentFrom) - SEED_RULE.baselineDays * DAY_MS);
  const recentDays = bucketsBetween(buckets, recentFrom, lastDay);
  const baseDays = bucketsBetween(buckets, baseFrom, baseTo);
  const recent = mergeBuckets(recentFrom, recentDays);
  const base = mergeBuckets(baseFrom, baseDays);
  const out: SeedRuleCheck[] = [];
  for (const metric of Object.keys(BAD) as SeedMetric[]) {
    const bad = BAD[metric];
    let before: Estimate;
    let after: Estimate;
    let certainty: number;
    if (metric === 'qa_pass_rate') {
      if (recent.qa_n < SEED_RULE.minRuns || base.qa_n < SEED_RULE.minRuns) continue;
      before = { value: base.passes / base.qa_n, ci95: wilsonInterval(base.passes, base.qa_n), n: base.qa_n };
      after = { value: recent.passes / recent.qa_n, ci95: wilsonInterval(recent.passes, recent.qa_n), n: recent.qa_n };
      certainty = probDiffBelow(passRatePosterior(recent.passes, recent.qa_n), passRatePosterior(base.passes, base.qa_n), 0);
    } else {
      const r = meanEstimate(recent[MOMENTS[metric]]);
      const b = meanEstimate(base[MOMENTS[metric]]);
      if (r.n < SEED_RULE.minRuns || b.n < SEED_RULE.minRuns) continue;
      const up = probHigher(r, b);
      certainty = bad === 'up' ? up : 1 - up;
      before = { value: b.value, ci95: b.ci95, n: b.n };
      after = { value: r.value, ci95: r.ci95, n: r.n };
    }
    if (byDay) ({ before, after, certainty } = byDayCheck(metric, recentDays, baseDays));
    if (before.value == null || after.value == null || !(before.value > 0)) continue;
    const rel = after.value / before.value - 1;
    const triggered = bad === 'down' ? rel < -SEED_RULE.threshold : rel > SEED_RULE.threshold;
    out.push({
      metric, recent_days: [recentFrom, lastDay], baseline_days: [baseFrom, baseTo], recent: after, baseline: before,
      relative_change: rel, certainty, triggered, alert: triggered && certainty >= (byDay ? SEED_RULE.minCertaintyByDay : SEED_RULE.minCertainty),
    });
  }
  return out;
}

/** Alerts from the checks that passed both the rule and the certainty bar. */
export function seedRuleAlerts(checks: readonly SeedRuleCheck[], latestMs: number): HealthAlert[] {
  return checks.filter((c) => c.alert).map((c) => ({
    kind: 'degradation' as const, metric: c.metric, series: 'project',
    change_at: new Date(dayStartMs(c.recent_days[0])).toISOString(),
    change_interval: [new Date(dayStartMs(c.recent_days[0])).toISOString(), new Date(latestMs).toISOString()] as [string, string],
    detected_at: new Date(latestMs).toISOString(),
    before: c.baseline, after: c.recent, relative_change: c.relative_change, certainty: c.certainty,
    severity: severityOf(c.metric === 'qa_pass_rate' ? 'bernoulli' : 'lognormal', c.baseline.value, c.recent.value, c.certainty),
    method: SEED_METHOD, status: 'ongoing' as const, resolved_at: null, linked: [], also_in: [],
  }));
}
