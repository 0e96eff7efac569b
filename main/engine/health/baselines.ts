/**
 * Baselines (seed 001 performance tracker): n, mean, sd, p50/p95/p99 of duration, cost, tokens
 * and steps per project, agent and task type over the last 24 h / 7 d / 30 d and all time, and
 * the 7-day vs 30-day trend. Windows end at the project's latest run. Exact (numpy's linear
 * quantiles) from the recent runs when they cover the window; else from the daily buckets
 * (UTC days; quantiles from the 2 % log histogram).
 */
import { type BucketMetric, type DailyBucket, bucketsBetween, dayOf, dayStartMs, momentsOver } from './daily-buckets';
import type { HealthRun, HealthStep, ScopedBuckets } from './types';

import { BASELINE_METRICS, BASELINE_WINDOWS, type BaselineMetric, type BaselineRow, type BaselineStats, type BaselineTrend, type BaselineWindow, type Baselines } from '../../../shared/health';

export { BASELINE_METRICS, BASELINE_WINDOWS };
export type { BaselineMetric, BaselineRow, BaselineStats, BaselineTrend, BaselineWindow, Baselines };

const HOUR_MS = 3_600_000;
const WINDOW_MS: Record<Exclude<BaselineWindow, 'all'>, number> = { '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS };
const WINDOW_DAYS: Record<Exclude<BaselineWindow, 'all'>, number> = { '24h': 1, '7d': 7, '30d': 30 };
/** A trend within ±5 % is flat. */
export const FLAT_TREND = 0.05;

/** Linear-interpolation quantile of sorted values (numpy's default, Hyndman–Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Stats of raw values (null when there are none). */
export function statsOf(values: readonly number[]): BaselineStats | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null, p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95), p99: quantileSorted(sorted, 0.99) };
}

function statsOfBuckets(buckets: readonly DailyBucket[], metric: BucketMetric): BaselineStats | null {
  const m = momentsOver(buckets, metric);
  if (m.n <= 0) return null;
  const mean = m.sum / m.n;
  return {
    n: m.n, mean, sd: m.n > 1 ? Math.sqrt(Math.max(0, (m.sum2 - m.n * mean * mean) / (m.n - 1))) : null,
    p50: m.quantile(0.5)!, p95: m.quantile(0.95)!, p99: m.quantile(0.99)!,
  };
}

type Obs = Record<BaselineMetric, number | null>;
const runObs = (r: HealthRun): Obs => ({ duration_s: r.duration_s, cost_usd: r.cost_usd, tokens: r.tokens, steps: r.steps });
const stepObs = (s: HealthStep): Obs => ({ duration_s: s.duration_s, cost_usd: s.cost_usd, tokens: s.tokens, steps: null });

function rowFromObs(obs: readonly Obs[]): Record<BaselineMetric, BaselineStats | null> {
  const out = {} as Record<BaselineMetric, BaselineStats | null>;
  for (const m of BASELINE_METRICS) {
    const v: number[] = [];
    for (const o of obs) { const x = o[m]; if (x != null && Number.isFinite(x)) v.push(x); }
    out[m] = statsOf(v);
  }
  return out;
}

function rowFromBuckets(b: readonly DailyBucket[]): Record<BaselineMetric, BaselineStats | null> {
  return { duration_s: statsOfBuckets(b, 'duration'), cost_usd: statsOfBuckets(b, 'cost'), tokens: statsOfBuckets(b, 'tokens'), steps: statsOfBuckets(b, 'steps') };
}

/**
 * Baselines of every scope. `runs` (time order) are the recent window; `runsComplete` says
 * they are the project's whole history (then "all" comes from them too).
 */
export function computeBaselines(runs: readonly HealthRun[], buckets: readonly ScopedBuckets[], latestMs: number, runsComplete: boolean): Baselines {
  const firstRunMs = runs.length ? runs[0].started_ms : Infinity;
  const scopes = new Map<string, { scope: BaselineRow['scope']; value: string | null; obs: { at: number; o: Obs }[]; buckets: DailyBucket[] | null; total: DailyBucket | null }>();
  const get = (scope: BaselineRow['scope'], value: string | null) => {
    const key = `${scope}\u0000${value ?? ''}`;
    let s = scopes.get(key);
    if (!s) { s = { scope, value, obs: [], buckets: null, total: null }; scopes.set(key, s); }
    return s;
  };
  get('project', null);
  for (const r of runs) {
    get('project', null).obs.push({ at: r.started_ms, o: runObs(r) });
    for (const st of r.step_list) {
      if (st.agent != null) get('agent', st.agent).obs.push({ at: r.started_ms, o: stepObs(st) });
      if (st.task_type != null) get('task_type', st.task_type).obs.push({ at: r.started_ms, o: stepObs(st) });
    }
  }
  for (const b of buckets) {
    const s = get(b.scope, b.value);
    s.buckets = b.buckets;
    s.total = b.total ?? null;
  }
  const lastDay = dayOf(latestMs);
  const rows: BaselineRow[] = [];
  const trends: BaselineTrend[] = [];
  for (const s of scopes.values()) {
    const byWindow = new Map<BaselineWindow, BaselineRow>();
    for (const w of BASELINE_WINDOWS) {
      const from = w === 'all' ? -Infinity : latestMs - WINDOW_MS[w];
      const covered = w === 'all' ? runsComplete : runsComplete || firstRunMs <= from;
      let row: BaselineRow;
      if (covered || !s.buckets) {
        row = { scope: s.scope, value: s.value, window: w, source: 'runs', metrics: rowFromObs(s.obs.filter((x) => x.at > from).map((x) => x.o)) };
      } else {
        const fromDay = w === 'all' ? '0000-00-00' : dayOf(dayStartMs(lastDay) - (WINDOW_DAYS[w] - 1) * 86_400_000);
        const days = w === 'all' && s.total ? [s.total] : bucketsBetween(s.buckets, fromDay, lastDay);
        row = { scope: s.scope, value: s.value, window: w, source: 'daily_buckets', metrics: rowFromBuckets(days) };
      }
      byWindow.set(w, row);
      rows.push(row);
    }
    for (const m of BASELINE_METRICS) {
      const a = byWindow.get('7d')!.metrics[m];
      const b = byWindow.get('30d')!.metrics[m];
      if (!a || !b || !(b.mean > 0)) continue;
      const change = a.mean / b.mean - 1;
      trends.push({ scope: s.scope, value: s.value, metric: m, mean_7d: a.mean, mean_30d: b.mean, change, direction: Math.abs(change) < FLAT_TREND ? 'flat' : change > 0 ? 'up' : 'down' });
    }
  }
  return { rows, trends };
}
