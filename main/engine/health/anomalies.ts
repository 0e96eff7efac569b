/**
 * Anomalous runs by the robust z-score of Iglewicz & Hoaglin (1993):
 * z = 0.6745·(x − median)/MAD, flagged when |z| > 3.5, per metric over the recent window.
 * A metric whose MAD is 0 (most runs share one value) flags nothing: z is undefined there.
 */
import { quantileSorted } from './baselines';
import type { HealthRun } from './types';

export const ANOMALY_Z = 3.5;
/** At most this many anomalies are listed (largest |z| first). */
export const MAX_ANOMALIES = 100;

export const ANOMALY_METRICS = ['duration_s', 'cost_usd', 'tokens', 'steps'] as const;
export type AnomalyMetric = (typeof ANOMALY_METRICS)[number];

export interface Anomaly {
  run_id: string;
  started_at: string;
  metric: AnomalyMetric;
  value: number;
  median: number;
  mad: number;
  z: number;
  reason: string;
}

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
    const pick = (r: HealthRun): number | null => (metric === 'cost_usd' ? r.cost_usd : r[metric]);
    const vals: number[] = [];
    for (const r of runs) { const x = pick(r); if (x != null && Number.isFinite(x)) vals.push(x); }
    if (vals.length < 10) continue;
    const { median, mad } = medianMad(vals);
    if (!(mad > 0)) continue;
    for (const r of runs) {
      const x = pick(r);
      if (x == null || !Number.isFinite(x)) continue;
      const z = robustZ(x, median, mad);
      if (Math.abs(z) <= ANOMALY_Z) continue;
      out.push({
        run_id: r.run_id, started_at: new Date(r.started_ms).toISOString(), metric, value: x, median, mad, z,
        reason: `${NAME[metric]} ${LABEL[metric](x)} is ${Math.abs(z).toFixed(1)} robust SDs ${z > 0 ? 'above' : 'below'} the median ${LABEL[metric](median)} (|z| > ${ANOMALY_Z})`,
      });
    }
  }
  return out.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || (a.run_id < b.run_id ? -1 : 1)).slice(0, MAX_ANOMALIES);
}
