/**
 * Pattern 3 with gates tied to the receiving step: B's gate pass rate after A when the gates
 * name B's step (by index, or by an agent that ran one step), else B's step success. Wilson
 * bounds from python3 (scipy.stats.norm.ppf(0.975), the Wilson score formula).
 */
import { describe, expect, it } from 'vitest';
import { gateSteps, handoffs } from './handoffs';
import type { LearningGate, LearningRun, LearningStep } from './types';
import { lrun } from './test-runs';

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const step = (agent: string, success: boolean, task_type?: string): LearningStep => ({ agent, success, retries: 0, task_type });

describe('gateSteps', () => {
  const steps = [step('planner', true), step('coder', true), step('tester', true, 'unit'), step('coder', true), step('tester', true, 'e2e')];
  it('ties by step index, else by an agent with one step, else by agent + stage; anything else is untied', () => {
    const gates: LearningGate[] = [
      { gate_id: 'by_index', step: 2 },
      { gate_id: 'by_agent', agent: 'planner' },
      { gate_id: 'ambiguous_agent', agent: 'tester' },
      { gate_id: 'agent_and_stage', agent: 'tester', stage: 'e2e' },
      { gate_id: 'bad_index_then_agent', step: 9, agent: 'planner' },
      { gate_id: 'unknown_agent', agent: 'architect' },
      { gate_id: 'stage_alone', stage: 'unit' },
      { gate_id: 'no_stage_match', agent: 'coder', stage: 'review' },
    ];
    expect(gateSteps(steps, gates)).toEqual([2, 0, null, 4, 0, null, null, null]);
  });
});

describe('pattern 3: B\'s gate pass rate after the handoff', () => {
  // 20 runs planner → coder → tester. The tester (one step per run) owns two gates: tests_pass
  // passes in 16 runs, coverage in 14: 30 of 40 checks. The coder has no gates (step success 15/20).
  const runs: LearningRun[] = times(20, (i) => lrun({
    steps: [step('planner', true), step('coder', i < 15), step('tester', true)],
    gates: [
      { gate_id: 'plan_approved', agent: 'planner', result: 'fail' }, // step 0 receives no handoff
      { gate_id: 'tests_pass', agent: 'tester', result: i < 16 ? 'pass' : 'fail' },
      { gate_id: 'coverage', agent: 'tester', result: i < 14 ? 'pass' : 'fail' },
      { gate_id: 'pending', agent: 'tester' }, // no result: not a check
      { gate_id: 'api_contract', agent: 'architect', result: 'fail' }, // no architect step: untied
    ],
  }));
  const h = handoffs(runs);
  const row = (from: string, to: string) => h.find((x) => x.from === from && x.to === to)!;

  it('reports the gate pass rate with its interval and n = checks when gates name B', () => {
    expect(row('coder', 'tester')).toMatchObject({
      n: 20, basis: 'gates', gate_checks: 40, gate_handoffs: 20, gate_pass_rate: 0.75, pass_rate: 0.75, pass_n: 40,
      success_rate: 1, success_n: 20, rank: 1,
    });
    expect(row('coder', 'tester').pass_ci95![0]).toBeCloseTo(0.5980603857923197, 10);
    expect(row('coder', 'tester').pass_ci95![1]).toBeCloseTo(0.858128813609037, 10);
    expect(row('coder', 'tester').gate_pass_ci95).toEqual(row('coder', 'tester').pass_ci95);
  });

  it('falls back to B\'s step success, and says so, when no gate names B', () => {
    expect(row('planner', 'coder')).toMatchObject({ n: 20, basis: 'step_success', gate_checks: 0, gate_pass_rate: null, gate_pass_ci95: null, pass_rate: 0.75, pass_n: 20, rank: 2 });
    expect(row('planner', 'coder').pass_ci95![0]).toBeCloseTo(0.531299122381256, 10);
    expect(row('planner', 'coder').pass_ci95![1]).toBeCloseTo(0.8881382985923343, 10);
  });

  it('ties gates of an agent with several steps only by index or stage', () => {
    // Two tester rounds: an agent-only gate is ambiguous; step 2 fails, the e2e tester's gate passes.
    const two = times(4, () => lrun({
      steps: [step('planner', true), step('coder', true), step('tester', true, 'unit'), step('coder', false), step('tester', true, 'e2e')],
      gates: [
        { gate_id: 'ambiguous', agent: 'tester', result: 'fail' },
        { gate_id: 'e2e', agent: 'tester', stage: 'e2e', result: 'pass' },
        { gate_id: 'unit', step: 2, result: 'fail' },
      ],
    }));
    const r = handoffs(two);
    expect(r.find((x) => x.from === 'coder' && x.to === 'tester')).toMatchObject({ n: 8, basis: 'gates', gate_checks: 8, gate_handoffs: 8, pass_rate: 0.5 });
    expect(r.find((x) => x.from === 'tester' && x.to === 'coder')).toMatchObject({ n: 4, basis: 'step_success', pass_rate: 0, pass_n: 4 });
  });
});
