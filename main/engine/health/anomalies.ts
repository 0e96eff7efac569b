/**
 * Anomalous runs by the robust z-score of Iglewicz & Hoaglin (1993):
 * z = 0.6745·(x − median)/MAD, flagged when |z| > 3.5, per metric over the recent window.
 * Cost, duration and tokens are right-skewed (lognormal-like), so their z is taken on log x:
 * on the raw scale a stable project with lognormal σ = 0.4 costs would flag ~1 % of its runs,
 * on the log scale ~0.05 %. Steps are counted as they are. A metric whose MAD is 0 (most runs
 * share one value) flags nothing: z is undefined there.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { quantileSorted } from './baselines';
import type { HealthAlert, HealthRun } from './types';
import { ANOMALY_METRICS, type Anomaly, type AnomalyMetric } from '../../../shared/health';

export const ANOMALY_Z = 3.5;
/** At most this many anomalies are listed (largest |z| first). */
export const MAX_ANOMALIES = 100;

export { ANOMALY_METRICS };
export type { Anomaly, AnomalyMetric };

const LOG_SCALE: Record<AnomalyMetric, boolean> = { duration_s: true, cost_usd: true, tokens: true, steps: false };

/** Median and MAD (unscaled median absolute deviation) of values. */
export function medianMad(values: readonly number[]): { median: number; mad: number } {
  const s = Float64Array.from(values).sort();
  const median = quantileSorted(s, 0.5);
  const dev = Float64Array.from(values, (v) => Math.abs(v - median)).sort();
  return { median, mad: quantileSorted(dev, 0.5) };
}

/** Robust z of x. */
export function robustZ(x: number, median: number, mad: number): number {
  return (0.6745 * (x - median)) / mad;
}

const LABEL: Record<AnomalyMetric, (v: number) => string> = {
  duration_s: (v) => `${v.toFixed(1)} s`,
  cost_usd: (v) => `$${v.toFixed(v < 1 ? 4 : 2)}`,
  tokens: (v) => `${Math.round(v)} tokens`,
  steps: (v) => `${Math.round(v)} steps`,
};

const NAME: Record<AnomalyMetric, string> = { duration_s: 'duration', cost_usd: 'cost', tokens: 'tokens', steps: 'steps' };

/** Anomalous runs of the window, largest |z| first. */
export function findAnomalies(runs: readonly HealthRun[]): Anomaly[] {
  const out: Anomaly[] = [];
  for (const metric of ANOMALY_METRICS) {
    const log = LOG_SCALE[metric];
    const pick = (r: HealthRun): number | null => {
      const x = metric === 'cost_usd' ? r.cost_usd : r[metric];
      if (x == null || !Number.isFinite(x) || (log && !(x > 0))) return null;
      return x;
    };
    const vals: number[] = [];
    for (const r of runs) { const x = pick(r); if (x != null) vals.push(log ? Math.log(x) : x); }
    if (vals.length < 10) continue;
    const { median, mad } = medianMad(vals);
    if (!(mad > 0)) continue;
    const medianNatural = log ? Math.exp(median) : median;
    for (const r of runs) {
      const x = pick(r);
      if (x == null) continue;
      const z = robustZ(log ? Math.log(x) : x, median, mad);
      if (Math.abs(z) <= ANOMALY_Z) continue;
      out.push({
        run_id: r.run_id, started_at: new Date(r.started_ms).toISOString(), metric, value: x, median: medianNatural, mad, scale: log ? 'log' : 'linear', z,
        reason: `${NAME[metric]} ${LABEL[metric](x)} is ${Math.abs(z).toFixed(1)} robust SDs ${z > 0 ? 'above' : 'below'} the median ${LABEL[metric](medianNatural)}${log ? ' on the log scale' : ''} (|z| > ${ANOMALY_Z})`,
      });
    }
  }
  return out.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || (a.run_id < b.run_id ? -1 : 1)).slice(0, MAX_ANOMALIES);
}

/** Anomaly alerts look at the last 24 h of the project only: older outliers stay in the list. */
export const ANOMALY_ALERT_HOURS = 24;
/** |z| above this makes an anomaly alert a warning (else info). */
export const ANOMALY_WARNING_Z = 7;

/**
 * One alert per metric for runs of the last 24 h (from the latest run) that are anomalously
 * high (z > 3.5): the most extreme run, with the window's median as `before` and its value as
 * `after`; `certainty` is the two-sided normal probability inside ±|z|, i.e. 1 − 2Φ(−|z|).
 */
export function anomalyAlerts(anomalies: readonly Anomaly[], latestMs: number, windowRuns: number): HealthAlert[] {
  const from = latestMs - ANOMALY_ALERT_HOURS * 3_600_000;
  const worst = new Map<AnomalyMetric, { a: Anomaly; count: number }>();
  for (const a of anomalies) {
    if (a.z <= 0 || Date.parse(a.started_at) <= from) continue;
    const have = worst.get(a.metric);
    if (!have) worst.set(a.metric, { a, count: 1 });
    else {
      have.count++;
      if (a.z > have.a.z) have.a = a;
    }
  }
  return [...worst.values()].map(({ a, count }) => ({
    kind: 'anomaly' as const, metric: a.metric, series: 'project',
    change_at: a.started_at, change_interval: [a.started_at, a.started_at] as [string, string], detected_at: a.started_at,
    before: { value: a.median, ci95: null, n: windowRuns }, after: { value: a.value, ci95: null, n: count },
    relative_change: a.median > 0 ? a.value / a.median - 1 : null,
    certainty: 1 - 2 * normalCdf(-Math.abs(a.z), 0, 1),
    severity: a.z > ANOMALY_WARNING_Z ? 'warning' as const : 'info' as const,
    method: 'robust_z_mad', status: 'ongoing' as const, resolved_at: null, linked: [], also_in: [],
  }));
}
