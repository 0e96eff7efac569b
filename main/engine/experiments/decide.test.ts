import { describe, expect, it } from 'vitest';
import { csMultiplier } from '../stats/confidence-sequence';
import { decideVariant, effectP, mdeGain, type DecisionInput } from './decide';

const mde = mdeGain('cost_per_pass', 0.1);
function input(gain: number, variance: number, over: Partial<DecisionInput> = {}): DecisionInput {
  const primary = { gain, variance, n: 400 };
  const guardrail = { gain: 0, variance: 0.001, n: 400 };
  return {
    primary, guardrail, p_primary: effectP(primary, 0.05), p_guardrail: effectP(guardrail, 0.05),
    min_arm_n: 200, mde_gain: mde, alpha: 0.05, variants: 1, planned_n: null, ...over,
  };
}

describe('status of a variant', () => {
  it('winner, harmful, no_difference, inconclusive, collecting', () => {
    expect(decideVariant(input(0.3, 0.001)).status).toBe('winner');
    expect(decideVariant(input(-0.3, 0.001)).status).toBe('harmful');
    // Interval 0.01 ± 3.15·0.01 lies inside ± ln 1.1.
    expect(decideVariant(input(0.01, 0.0001)).status).toBe('no_difference');
    expect(decideVariant(input(0.05, 0.004, { planned_n: 150 })).status).toBe('inconclusive');
    expect(decideVariant(input(0.05, 0.004)).status).toBe('collecting');
    expect(decideVariant(input(0.3, 0.001, { min_arm_n: 9 })).reason).toMatch(/fewer than 10 runs/);
    expect(decideVariant(input(0.3, 0)).reason).toMatch(/no test possible/);
  });

  it('a guardrail worse with confidence makes a better primary harmful, never a winner', () => {
    const guardrail = { gain: -0.2, variance: 0.001, n: 400 };
    const d = decideVariant(input(0.3, 0.001, { guardrail, p_guardrail: effectP(guardrail, 0.05) }));
    expect(d.status).toBe('harmful');
    expect(d.reason).toMatch(/guardrail/);
    const blocked = decideVariant(input(0.3, 0.001, { p_guardrail_worse: () => 0.9, guardrail_label: 'pass rate' }));
    expect(blocked.status).toBe('collecting');
    expect(blocked.reason).toMatch(/pass rate is probably worse \(P = 0\.90\): not a winner/);
  });

  it('the interval is the confidence sequence at α/k', () => {
    const d = decideVariant(input(0.05, 0.004, { variants: 2 }));
    const half = csMultiplier(400, 0.025) * Math.sqrt(0.004);
    expect(d.ci![0]).toBeCloseTo(0.05 - half, 12);
    expect(d.ci![1]).toBeCloseTo(0.05 + half, 12);
  });
});
