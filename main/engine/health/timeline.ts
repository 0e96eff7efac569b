/**
 * The metric of an alert over the recent window, in bins of consecutive observations, for the
 * alert detail chart: the same series the detector watched (project, model=…, prompt_version=…,
 * agent=…), each bin a rate with its Wilson interval or a mean with its t-interval; for batched
 * runs each batch is a bin.
 */
import type { AlertTimeline, HealthAlert } from '../../../shared/health';
import { batchClusters, isBatched } from './batch-times';
import { estimateOf } from './estimates';
import { HEALTH_METRICS, type HealthMetric, type Series, agentSeries, runSeries } from './series';
import type { HealthRun } from './types';

/** About this many bins per timeline; never fewer than MIN_BIN observations per bin. */
export const TIMELINE_BINS = 60;
export const MIN_BIN = 10;

/** The series named by an alert (`project`, `model=x`, `prompt_version=v`, `agent=a`), or null when unknown. */
export function seriesOf(runs: readonly HealthRun[], metric: HealthMetric, series: string): Series | null {
  if (series === 'project') return runSeries(runs, metric, series);
  const eq = series.indexOf('=');
  if (eq < 0) return null;
  const factor = series.slice(0, eq);
  const value = series.slice(eq + 1);
  if (factor === 'agent') return agentSeries(runs, metric, value);
  if (factor === 'model') return runSeries(runs, metric, series, (r) => r.model === value);
  if (factor === 'prompt_version') return runSeries(runs, metric, series, (r) => r.prompt_version === value);
  return null;
}

const isMetric = (m: string): m is HealthMetric => (HEALTH_METRICS as readonly string[]).includes(m);

/** The timeline of one alert; null when its metric or series is not one the runs can show (seed rule on rating). */
export function alertTimeline(runs: readonly HealthRun[], alert: Pick<HealthAlert, 'metric' | 'series'>, alertIndex: number, bins = TIMELINE_BINS): AlertTimeline | null {
  if (!isMetric(alert.metric)) return null;
  const s = seriesOf(runs, alert.metric, alert.series);
  if (!s || s.values.length === 0) return null;
  const n = s.values.length;
  const size = Math.max(MIN_BIN, Math.ceil(n / bins));
  // Batched runs (batch-times.ts): one point per batch, the unit health judged them by.
  const clusters = batchClusters(s.times, isBatched(runs));
  const bounds: number[] = [];
  if (clusters) for (let i = 0; i < n; i++) { if (i === 0 || clusters[i] !== clusters[i - 1]) bounds.push(i); }
  else for (let from = 0; from < n; from += size) bounds.push(from);
  bounds.push(n);
  const points: AlertTimeline['points'] = [];
  let largest = 0;
  for (let b = 0; b + 1 < bounds.length; b++) {
    const from = bounds[b];
    const to = bounds[b + 1];
    largest = Math.max(largest, to - from);
    const e = estimateOf(s.spec.family, s.values, from, to);
    points.push({ from: new Date(s.times[from]).toISOString(), to: new Date(s.times[to - 1]).toISOString(), value: e.value, ci95: e.ci95, n: e.n });
  }
  return { alert_index: alertIndex, metric: alert.metric, series: alert.series, bin_size: clusters ? largest : size, points, ...(clusters ? { batched: true } : {}) };
}
