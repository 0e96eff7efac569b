import { describe, expect, it } from 'vitest';
import { seededRng } from '../test-support';
import { bestPerTaskType } from './agent-best';
import type { StepFact } from './agent-steps';

/** `n` steps per agent, each a success with probability `p[i]`. */
function simulate(rng: ReturnType<typeof seededRng>, p: number[], n: number): StepFact[] {
  return p.flatMap((pi, i) => Array.from({ length: n }, (_, k): StepFact => ({
    run_id: `${i}-${k}`, at: k, agent: `agent${i}`, task_type: 't', model: null, duration_s: null,
    success: rng.next() < pi, retries: null, tokens: null, cost_usd: null, error_message: null, recovery: null,
  })));
}

describe('best agent: how often it decides wrongly and rightly (seeded)', () => {
  it('two equal agents: "decided" in ≤ ~5 % of comparisons; a real gap of 0.9 vs 0.7 is decided for the right agent', () => {
    const rng = seededRng(20261201);
    const sims = 300;
    let wrong = 0;
    let right = 0;
    for (let s = 0; s < sims; s++) {
      if (bestPerTaskType(simulate(rng, [0.8, 0.8], 50), 'agent')[0].decided) wrong++;
      const gap = bestPerTaskType(simulate(rng, [0.7, 0.9], 50), 'agent')[0];
      if (gap.decided && gap.choice === 'agent1') right++;
    }
    const falseRate = wrong / sims;
    const power = right / sims;
    console.log(`best agent, equal rates 0.8/0.8, n = 50 each: decided in ${(falseRate * 100).toFixed(1)} % of ${sims}; 0.7 vs 0.9: right and decided in ${(power * 100).toFixed(1)} %`);
    // Binomial bound: 5 % + 3 standard errors at 300 simulations.
    expect(falseRate).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / sims));
    // Normal approximation of the power: Φ(0.2 / 0.0775 − 1.96) ≈ 0.73; 3 standard errors below.
    expect(power).toBeGreaterThan(0.73 - 3 * Math.sqrt((0.73 * 0.27) / sims));
  });
});
