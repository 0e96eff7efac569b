/**
 * Retry hotspots (issue 11 §4, seed 002 pattern 8): agents (roles) and task types whose steps
 * retry more than once on average. The mean comes with a 95 % t interval, so "1.3 retries from
 * 4 steps" reads as the weak evidence it is.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { StepFact } from './agent-steps';
import { groupSteps } from './agents';

/** One hotspot, as `health.retry_hotspots[]`. */
export interface RetryHotspot {
  kind: 'agent' | 'task_type';
  name: string;
  /** Steps that report `retries`. */
  steps: number;
  total_retries: number;
  avg_retries: number;
  /** 95 % t interval of the mean; null with fewer than 2 steps. */
  avg_retries_ci95: [number, number] | null;
  /** The interval's lower end is above the threshold too. */
  significant: boolean;
}

/** Mean and 95 % t interval of a sample. */
export function meanWithInterval(xs: readonly number[]): { mean: number; ci95: [number, number] | null } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: null };
  const s2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const half = tQuantile(0.975, n - 1) * Math.sqrt(s2 / n);
  return { mean, ci95: [mean - half, mean + half] };
}

/** Agents and task types with average retries above `threshold` (default 1.0), worst first. */
export function retryHotspots(steps: readonly StepFact[], threshold = 1.0): RetryHotspot[] {
  const out: RetryHotspot[] = [];
  for (const kind of ['agent', 'task_type'] as const) {
    for (const [name, group] of groupSteps(steps, (s) => s[kind])) {
      const retries = group.map((s) => s.retries).filter((r): r is number => r !== null);
      if (!retries.length) continue;
      const { mean, ci95 } = meanWithInterval(retries);
      if (!(mean > threshold)) continue;
      out.push({
        kind, name, steps: retries.length, total_retries: retries.reduce((a, b) => a + b, 0), avg_retries: mean,
        avg_retries_ci95: ci95, significant: ci95 !== null && ci95[0] > threshold,
      });
    }
  }
  return out.sort((a, b) => b.avg_retries - a.avg_retries || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
