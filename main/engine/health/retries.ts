/**
 * Retry hotspots (issue 11 §4, seed 002 pattern 8): agents (roles) and task types whose steps
 * retry more than once on average. The mean comes with a 95 % t interval, so "1.3 retries from
 * 4 steps" reads as the weak evidence it is.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { StepFact } from './agent-steps';
import { byName, groupSteps } from './agents';

/**
 * One hotspot, as `health.retry_hotspots[]`: a role (agent) over all its tasks (`task_type`
 * null), a task type over all roles (`role` null), or one role on one task type.
 */
export interface RetryHotspot {
  role: string | null;
  task_type: string | null;
  /** Steps that report `retries`. */
  runs: number;
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

const retriesOf = (g: readonly StepFact[]) => g.map((s) => s.retries).filter((r): r is number => r !== null);

/**
 * Roles, task types, and roles on one task type, with average retries above `threshold`
 * (default 1.0), worst first. A role × task row is listed only when it is not the same steps as
 * its role's or its task type's row.
 */
export function retryHotspots(steps: readonly StepFact[], threshold = 1.0): RetryHotspot[] {
  const withRetries = steps.filter((s) => s.retries !== null);
  const byRole = groupSteps(withRetries, (s) => s.agent);
  const byTask = groupSteps(withRetries, (s) => s.task_type);
  const byBoth = groupSteps(withRetries, (s) => (s.agent !== null && s.task_type !== null ? JSON.stringify([s.agent, s.task_type]) : null));
  const out: RetryHotspot[] = [];
  const add = (role: string | null, task_type: string | null, group: readonly StepFact[]) => {
    const retries = retriesOf(group);
    const { mean, ci95 } = meanWithInterval(retries);
    if (!(mean > threshold)) return;
    out.push({
      role, task_type, runs: retries.length, total_retries: retries.reduce((a, b) => a + b, 0), avg_retries: mean,
      avg_retries_ci95: ci95, significant: ci95 !== null && ci95[0] > threshold,
    });
  };
  for (const [role, g] of byRole) add(role, null, g);
  for (const [task, g] of byTask) add(null, task, g);
  for (const g of byBoth.values()) {
    const { agent, task_type } = g[0];
    if (g.length !== byRole.get(agent!)!.length && g.length !== byTask.get(task_type!)!.length) add(agent, task_type, g);
  }
  return out.sort((a, b) => b.avg_retries - a.avg_retries || byName(a.role, b.role) || byName(a.task_type, b.task_type));
}
