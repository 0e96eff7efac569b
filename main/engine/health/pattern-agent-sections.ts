/**
 * The error-pattern and agents part of a project's health in one call: the §5 sections, the
 * alerts they raise and the changes degradation alerts may link to. What `computeHealth` takes
 * as `sections`, `extra_alerts` and (added to) `changes`.
 */
import type { RunRecord } from '../../../shared/run-record';
import type { AgentHealth } from './agent-health';
import type { BestModel } from './agent-best';
import { agentsReport, type AgentsReport, type AgentsReportOptions } from './agents-report';
import { agentUnhealthyAlerts, newErrorPatternAlerts, type NewSinceNamed, type SectionAlert } from './section-alerts';
import { currentPromptVersionSince, mineErrorPatterns, patternChangeEvents, type ErrorPattern, type ErrorPatternOptions, type PatternChangeEvent } from './templates/error-patterns';

export interface PatternAgentOptions {
  /** The last config change (from the ledger); the prompt version's start is found from the runs when not given. */
  since?: NewSinceNamed;
  patterns?: Omit<ErrorPatternOptions, 'since'>;
  agents?: AgentsReportOptions;
}

export interface PatternAgentSections {
  sections: {
    error_patterns: ErrorPattern[];
    agents: AgentsReport['agents'];
    best_agents: AgentsReport['best_agents'];
    retry_hotspots: AgentsReport['retry_hotspots'];
    recovery_strategies: AgentsReport['recovery_strategies'];
  };
  best_models: BestModel[];
  agent_health: AgentHealth[];
  alerts: SectionAlert[];
  changes: PatternChangeEvent[];
}

/** Error patterns, agents × tasks, best agents, retry hotspots, recovery strategies, their alerts. */
export function patternAgentSections(runs: readonly RunRecord[], options: PatternAgentOptions = {}): PatternAgentSections {
  const current = currentPromptVersionSince(runs);
  const since: NewSinceNamed = {
    prompt_version_at: current?.at ?? null,
    prompt_version: current?.prompt_version ?? null,
    ...options.since,
  };
  const error_patterns = mineErrorPatterns(runs, { ...options.patterns, since });
  const report = agentsReport(runs, { rules: options.patterns?.rules, ...options.agents });
  return {
    sections: {
      error_patterns,
      agents: report.agents,
      best_agents: report.best_agents,
      retry_hotspots: report.retry_hotspots,
      recovery_strategies: report.recovery_strategies,
    },
    best_models: report.best_models,
    agent_health: report.agent_health,
    alerts: [...newErrorPatternAlerts(runs, error_patterns, since), ...agentUnhealthyAlerts(report.agent_health, options.agents?.health?.minSuccessRate)],
    changes: patternChangeEvents(error_patterns),
  };
}
