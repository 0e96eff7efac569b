/**
 * The agents part of a project's health (issue 11 §4 and §5): agents × task types, the best
 * agent and model per task type, retry hotspots, recovery strategies and breaker states.
 */
import type { RunRecord } from '../../../shared/run-record';
import { agentHealth, type AgentHealth, type AgentHealthOptions } from './agent-health';
import { bestAgents, bestModels, type BestAgent, type BestModel, type BestOptions } from './agent-best';
import { stepFacts } from './agent-steps';
import { agentTaskStats, type AgentTaskStats } from './agents';
import { recoveryStrategies, type RecoveryStrategyStats } from './recovery';
import { retryHotspots, type RetryHotspot } from './retries';
import type { CategoryRule } from './templates/categories';

export interface AgentsReportOptions {
  best?: BestOptions;
  /** Average retries above this make a hotspot (default 1.0). */
  retryThreshold?: number;
  health?: AgentHealthOptions;
  rules?: readonly CategoryRule[];
}

export interface AgentsReport {
  agents: AgentTaskStats[];
  best_agents: BestAgent[];
  best_models: BestModel[];
  retry_hotspots: RetryHotspot[];
  recovery_strategies: RecoveryStrategyStats[];
  agent_health: AgentHealth[];
}

/** Epoch ms of the latest run start (or end); undefined when no run has a time. */
function latestRunAt(runs: readonly RunRecord[]): number | undefined {
  let latest: number | undefined;
  for (const r of runs) {
    const t = Date.parse(r.started_at ?? r.ended_at ?? '');
    if (Number.isFinite(t) && (latest === undefined || t > latest)) latest = t;
  }
  return latest;
}

/** Everything §4 asks for, from the runs' steps (and gates, for auto-fix recoveries). */
export function agentsReport(runs: readonly RunRecord[], options: AgentsReportOptions = {}): AgentsReport {
  const steps = stepFacts(runs);
  // Breaker baselines count back from the project's latest run, not from each agent's last step.
  const latestAt = options.health?.latestAt ?? latestRunAt(runs);
  return {
    agents: agentTaskStats(steps),
    best_agents: bestAgents(steps, options.best),
    best_models: bestModels(steps, options.best),
    retry_hotspots: retryHotspots(steps, options.retryThreshold),
    recovery_strategies: recoveryStrategies(runs, options.rules),
    agent_health: agentHealth(steps, { ...options.health, latestAt }),
  };
}
