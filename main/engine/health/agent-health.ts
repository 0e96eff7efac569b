/**
 * A per-agent health state like a circuit breaker (seed 003 `CascadePreventionSystem` and
 * `check_agents`), read from the agent's own steps in time order. Rule (docs/health.md):
 *  1. Replay a breaker over all the agent's steps with a known outcome: closed → open after
 *     `openAfterFailures` failures in a row; open → half_open at the next success (a probe got
 *     through); half_open → closed after `closeAfterSuccesses` successes in a row, → open on a
 *     failure.
 *  2. Over the recent window (the agent's last `window` steps), the seed's health thresholds:
 *     success rate < `minSuccessRate`, error rate > `maxErrorRate` (both need ≥ `minSteps`
 *     steps), or slow: p95 duration > `slowFactor` × the agent's p95 over the `baselineDays`
 *     before the window (≥ `minSteps` baseline steps; days counted back from `latestAt`, the
 *     project's latest run, else the agent's latest step — never the wall clock, so old logs
 *     read the same).
 *  State: open when the replay ends open; half_open when it ends half_open or a threshold is
 *  breached; closed otherwise. `reasons` says which.
 */
import { outcomeCounts, groupSteps } from './agents';
import { quantileSorted, sortedFinite, type StepFact } from './agent-steps';

export type BreakerState = 'closed' | 'half_open' | 'open';

export interface AgentHealthOptions {
  openAfterFailures?: number;
  closeAfterSuccesses?: number;
  window?: number;
  minSteps?: number;
  minSuccessRate?: number;
  maxErrorRate?: number;
  slowFactor?: number;
  baselineDays?: number;
  /** Epoch ms the baseline days count back from: the project's latest run (default: the agent's latest step). */
  latestAt?: number;
}

export const AGENT_HEALTH_DEFAULTS: Required<Omit<AgentHealthOptions, 'latestAt'>> = {
  openAfterFailures: 5,
  closeAfterSuccesses: 3,
  window: 20,
  minSteps: 10,
  minSuccessRate: 0.7,
  maxErrorRate: 0.3,
  slowFactor: 2,
  baselineDays: 30,
};

/** One agent's state and the evidence for it. */
export interface AgentHealth {
  agent: string;
  state: BreakerState;
  reasons: string[];
  /** Failures in a row at the end of the agent's history. */
  failure_streak: number;
  recent_steps: number;
  recent_success_rate: number | null;
  recent_error_rate: number | null;
  recent_p95_s: number | null;
  baseline_p95_s: number | null;
  /** Success counts of the recent window and of the baseline (the 30 days before it). */
  recent_outcomes: { successes: number; n: number };
  baseline_outcomes: { successes: number; n: number };
  /** Epoch ms of the window's first and last step (null without times). */
  window_from: number | null;
  window_to: number | null;
  /** Recent steps with a duration, and how many of them took longer than the baseline p95. */
  recent_timed: number;
  recent_over_baseline_p95: number | null;
}

const DAY_MS = 86_400_000;

/** Replays the breaker over outcomes in order; returns its final state. */
export function replayBreaker(outcomes: readonly boolean[], openAfter: number, closeAfter: number): BreakerState {
  let state: BreakerState = 'closed';
  let failures = 0;
  let successes = 0;
  for (const ok of outcomes) {
    if (state === 'closed') {
      failures = ok ? 0 : failures + 1;
      if (failures >= openAfter) state = 'open';
    } else if (state === 'open') {
      if (ok) {
        state = 'half_open';
        successes = 1;
      }
    } else if (ok) {
      successes++;
    } else {
      state = 'open';
    }
    if (state === 'half_open' && successes >= closeAfter) {
      state = 'closed';
      failures = 0;
    }
  }
  return state;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/** Health of one agent from its steps (any order; sorted by time here, input order on ties). */
export function agentHealthOf(agent: string, steps: readonly StepFact[], options: AgentHealthOptions = {}): AgentHealth {
  const o = { ...AGENT_HEALTH_DEFAULTS, ...options };
  const ordered = steps.map((s, i) => ({ s, i })).sort((a, b) => (a.s.at ?? -Infinity) - (b.s.at ?? -Infinity) || a.i - b.i).map((x) => x.s);
  const outcomes = ordered.filter((s) => s.success !== null).map((s) => s.success as boolean);
  const reasons: string[] = [];
  const replay = replayBreaker(outcomes, o.openAfterFailures, o.closeAfterSuccesses);
  let streak = 0;
  while (streak < outcomes.length && !outcomes[outcomes.length - 1 - streak]) streak++;
  if (replay === 'open') reasons.push(`breaker open: ${streak} failures in a row`);
  if (replay === 'half_open') reasons.push(`breaker half-open: fewer than ${o.closeAfterSuccesses} successes since it opened`);

  const recent = ordered.slice(-o.window);
  const { successes, outcomes: n } = outcomeCounts(recent);
  const recentSuccess = n ? successes / n : null;
  const recentError = recent.length ? recent.filter((s) => s.error_message !== null).length / recent.length : null;
  let breached = false;
  if (n >= o.minSteps && recentSuccess !== null && recentSuccess < o.minSuccessRate) {
    breached = true;
    reasons.push(`success rate ${pct(recentSuccess)} < ${pct(o.minSuccessRate)} over the last ${n} steps`);
  }
  if (recent.length >= o.minSteps && recentError !== null && recentError > o.maxErrorRate) {
    breached = true;
    reasons.push(`error rate ${pct(recentError)} > ${pct(o.maxErrorRate)} over the last ${recent.length} steps`);
  }
  const recentP95 = quantileSorted(sortedFinite(recent.map((s) => s.duration_s)), 0.95);
  const windowStart = ordered.length - recent.length;
  const latest = options.latestAt ?? ordered.reduce((m, s) => (s.at !== null && s.at > m ? s.at : m), -Infinity);
  const from = latest - o.baselineDays * DAY_MS;
  const baseline = ordered.slice(0, windowStart).filter((s) => s.at !== null && s.at >= from);
  const baseDurations = sortedFinite(baseline.map((s) => s.duration_s));
  const baseP95 = baseDurations.length >= o.minSteps ? quantileSorted(baseDurations, 0.95) : null;
  if (recentP95 !== null && baseP95 !== null && baseP95 > 0 && recentP95 > o.slowFactor * baseP95) {
    breached = true;
    reasons.push(`slow: p95 ${recentP95.toFixed(1)} s > ${o.slowFactor} × its ${o.baselineDays}-day p95 ${baseP95.toFixed(1)} s`);
  }
  const state: BreakerState = replay === 'open' ? 'open' : replay === 'half_open' || breached ? 'half_open' : 'closed';
  const base = outcomeCounts(baseline);
  const recentDurations = recent.map((s) => s.duration_s).filter((d): d is number => d !== null && Number.isFinite(d));
  const times = recent.map((s) => s.at).filter((t): t is number => t !== null);
  return {
    agent, state, reasons, failure_streak: streak, recent_steps: recent.length,
    recent_success_rate: recentSuccess, recent_error_rate: recentError, recent_p95_s: recentP95, baseline_p95_s: baseP95,
    recent_outcomes: { successes, n }, baseline_outcomes: { successes: base.successes, n: base.outcomes },
    window_from: times.length ? Math.min(...times) : null, window_to: times.length ? Math.max(...times) : null,
    recent_timed: recentDurations.length,
    recent_over_baseline_p95: baseP95 === null ? null : recentDurations.filter((d) => d > baseP95).length,
  };
}

/** Health of every named agent, open first, then half-open, then closed (by name within each). */
export function agentHealth(steps: readonly StepFact[], options?: AgentHealthOptions): AgentHealth[] {
  const order: Record<BreakerState, number> = { open: 0, half_open: 1, closed: 2 };
  return [...groupSteps(steps, (s) => s.agent)]
    .map(([agent, g]) => agentHealthOf(agent, g, options))
    .sort((a, b) => order[a.state] - order[b.state] || a.agent.localeCompare(b.agent));
}
