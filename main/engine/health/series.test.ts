import { describe, expect, it } from 'vitest';
import { projectSeries } from './degradation';
import { agentSeries } from './series';
import { seededRng, simulateTeamRuns } from './simulate';
import type { HealthRun, HealthStep } from './types';

const step = (agent: string, over: Partial<HealthStep> = {}): HealthStep => ({
  agent, task_type: 'code', duration_s: 10, cost_usd: 0.5, tokens: 100, retries: 0, success: true, has_error: false, ...over,
});
const run = (i: number, steps: HealthStep[]): HealthRun => ({
  run_id: `r${i}`, started_ms: i * 1000, qa_status: 'passed', status: 'completed', error_count: 0, cost_usd: 1, duration_s: 30,
  tokens: 300, retries: 0, steps: steps.length, rating: null, model: 'm', prompt_version: 'v1', prompt_strategy: null, mode: null,
  recipe: null, step_list: steps,
});

describe('agent series', () => {
  it('have one observation per run that used the agent: its steps summed, an error when any failed', () => {
    const runs = [
      run(0, [step('coder', { cost_usd: 0.5 }), step('tester'), step('coder', { cost_usd: 0.25, retries: 2 })]),
      run(1, [step('tester')]),
      run(2, [step('coder', { success: false, has_error: true }), step('coder')]),
    ];
    const cost = agentSeries(runs, 'cost_per_run', 'coder');
    expect(Array.from(cost.values)).toEqual([0.75, 1]);
    expect(Array.from(cost.runIndex)).toEqual([0, 2]);
    expect(Array.from(cost.times)).toEqual([0, 2000]);
    expect(Array.from(agentSeries(runs, 'retries_per_run', 'coder').values)).toEqual([2, 0]);
    expect(Array.from(agentSeries(runs, 'error_rate', 'coder').values)).toEqual([0, 1]);
    // A run where one of the agent's steps has no cost would understate the sum: left out.
    const partial = [run(0, [step('coder'), step('coder', { cost_usd: null })]), run(1, [step('coder')])];
    expect(Array.from(agentSeries(partial, 'cost_per_run', 'coder').values)).toEqual([0.5]);
  });

  it('a multi-agent project watches each agent, model and prompt version, the sub-series sharing one budget', () => {
    const runs = simulateTeamRuns(seededRng(3), { n: 300, agents: ['planner', 'coder', 'tester', 'reviewer'], taskTypes: ['a', 'b', 'c'], models: ['m1', 'm2'], promptVersion: (i) => (i < 150 ? 'v1' : 'v2'), maxRounds: 4 });
    const watched = projectSeries(runs);
    const subs = watched.filter((w) => w.series.scope !== 'project');
    // 4 agents × 5 metrics + 2 models × 6 + 2 versions × 6.
    expect(subs).toHaveLength(44);
    expect(new Set(subs.map((w) => w.cls))).toEqual(new Set([0.005 / 44]));
    expect(watched.filter((w) => w.series.scope === 'project').map((w) => w.cls)).toEqual(['primary', 0.001, 0.001, 0.001, 0.001, 0.001]);
    // An agent series has one observation per run even though the coder works several rounds.
    expect(subs.find((w) => w.series.scope === 'agent=coder' && w.series.metric === 'cost_per_run')!.series.values.length).toBe(300);
  });
});
