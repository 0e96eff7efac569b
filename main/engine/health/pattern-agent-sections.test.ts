import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../shared/run-record';
import { patternAgentSections } from './pattern-agent-sections';

const T0 = Date.UTC(2026, 9, 1);
const at = (i: number) => new Date(T0 + i * 3_600_000).toISOString();

describe('pattern and agent sections', () => {
  it('finds the prompt version pivot itself, and puts sections, alerts and changes together', () => {
    // 40 runs on v1, then 20 on v2 where a new context-length error starts and the coder fails.
    const runs: RunRecord[] = Array.from({ length: 60 }, (_, i) => ({
      run_id: `r${i}`, project_id: 'p', started_at: at(i), prompt_version: i < 40 ? 'v1' : 'v2',
      steps: [{ agent: 'coder', task_type: 'code', success: i < 55, retries: 0, error: i >= 55 ? { message: `prompt is too long: ${9000 + i} tokens > 8192 maximum` } : null }],
    }));
    const out = patternAgentSections(runs);
    expect(Object.keys(out.sections)).toEqual(['error_patterns', 'agents', 'best_agents', 'retry_hotspots', 'recovery_strategies']);
    expect(out.sections.error_patterns).toMatchObject([{ template: 'prompt is too long: <NUM> tokens > <NUM> maximum', category: 'context_length', runs: 5, new: true }]);
    // 5 of 20 runs since v2 against 0 of 40 before: P(share went up) = 0.9991172928 (scipy), share
    // 0.25 ≥ 0.2: critical. The coder ends on 5 failures in a row: breaker open, critical.
    expect(out.alerts.map((a) => [a.kind, a.series, a.severity])).toEqual([
      ['new_error_pattern', 'project', 'critical'],
      ['agent_unhealthy', 'agent=coder', 'critical'],
    ]);
    expect(out.alerts[0].certainty).toBeCloseTo(0.9991172928087487, 6);
    expect(out.alerts[0].linked).toEqual([{ kind: 'prompt_version', value: 'v2', at: at(40) }]);
    expect(out.changes).toEqual([{ kind: 'error_pattern', value: 'prompt is too long: <NUM> tokens > <NUM> maximum', at_ms: T0 + 55 * 3_600_000, ref: out.sections.error_patterns[0].id }]);
    // A later config change moves the pivot: the pattern started before it, so it is not new.
    const later = patternAgentSections(runs, { since: { config_change_at: at(58), config_change: 'max_rounds: 3 → 5' } });
    expect(later.sections.error_patterns[0].new).toBe(false);
    expect(later.alerts.map((a) => a.kind)).toEqual(['agent_unhealthy']);
  });
});
