/**
 * Agents × task types (issue 11 §4): how often each agent succeeds at each kind of task, how
 * long it takes, what it costs and how often it retries. `runs` counts step executions.
 */
import { wilsonInterval } from '../stats/wilson';
import { quantileSorted, sortedFinite, type StepFact } from './agent-steps';

/** One agent on one task type, as `health.agents[]`. */
export interface AgentTaskStats {
  agent: string;
  /** Null for the agent's steps that name no task type. */
  task_type: string | null;
  /** Step executions. */
  runs: number;
  /** Steps with a known outcome (the success rate's n). */
  outcomes: number;
  successes: number;
  success_rate: number | null;
  /** 95 % Wilson interval. */
  success_ci95: [number, number] | null;
  duration_p50: number | null;
  duration_p95: number | null;
  cost_usd: number;
  avg_cost_usd: number | null;
  avg_retries: number | null;
  error_rate: number;
}

/** Steps grouped by `key`, groups in first-seen order; steps whose key is null are left out. */
export function groupSteps(steps: readonly StepFact[], key: (s: StepFact) => string | null): Map<string, StepFact[]> {
  const groups = new Map<string, StepFact[]>();
  for (const s of steps) {
    const k = key(s);
    if (k === null) continue;
    const g = groups.get(k);
    if (g) g.push(s);
    else groups.set(k, [s]);
  }
  return groups;
}

/** Success counts of a set of steps (steps with unknown outcome left out). */
export function outcomeCounts(steps: readonly StepFact[]): { successes: number; outcomes: number } {
  let successes = 0;
  let outcomes = 0;
  for (const s of steps) {
    if (s.success === null) continue;
    outcomes++;
    if (s.success) successes++;
  }
  return { successes, outcomes };
}

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Statistics of one set of steps. */
export function stepStats(agent: string, task_type: string | null, steps: readonly StepFact[]): AgentTaskStats {
  const { successes, outcomes } = outcomeCounts(steps);
  const durations = sortedFinite(steps.map((s) => s.duration_s));
  const costs = steps.map((s) => s.cost_usd).filter((c): c is number => c !== null);
  const retries = steps.map((s) => s.retries).filter((r): r is number => r !== null);
  return {
    agent,
    task_type,
    runs: steps.length,
    outcomes,
    successes,
    success_rate: outcomes ? successes / outcomes : null,
    success_ci95: wilsonInterval(successes, outcomes),
    duration_p50: quantileSorted(durations, 0.5),
    duration_p95: quantileSorted(durations, 0.95),
    cost_usd: costs.reduce((a, b) => a + b, 0),
    avg_cost_usd: mean(costs),
    avg_retries: mean(retries),
    error_rate: steps.length ? steps.filter((s) => s.error_message !== null).length / steps.length : 0,
  };
}

/** Sorts names with null (not named) last. */
export const byName = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a.localeCompare(b));

/** Per agent × task type (steps without an agent left out), sorted by agent then task type. */
export function agentTaskStats(steps: readonly StepFact[]): AgentTaskStats[] {
  const groups = groupSteps(steps, (s) => (s.agent === null ? null : JSON.stringify([s.agent, s.task_type])));
  return [...groups.values()]
    .map((g) => stepStats(g[0].agent!, g[0].task_type, g))
    .sort((a, b) => byName(a.agent, b.agent) || byName(a.task_type, b.task_type));
}
