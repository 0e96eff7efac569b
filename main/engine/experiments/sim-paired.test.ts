/**
 * §3 with pairing: identical arms run on the same tasks (task costs differ tenfold), status after
 * every task pair from 20 to 200 shared tasks, deciding on the paired estimate as the analysis does.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/sampling';
import { guardrailWorse } from './analyze-sums';
import { decideVariant, effectP, mdeGain } from './decide';
import { rawEffect } from './estimates';
import { pairedCompare } from './pairing';
import { addRun, emptyArm, type ArmSums } from './sums';
import { xrun } from './test-runs';

function simulate(projects: number, ratio: number, maxTasks: number, seed: number): { ever: number; raw: number } {
  let ever = 0;
  let everRaw = 0;
  for (let p = 0; p < projects; p++) {
    const rng = seededRandom(seed + p);
    const c = new Map<string, ArmSums>();
    const t = new Map<string, ArmSums>();
    const ca = emptyArm();
    const ta = emptyArm();
    let won = false;
    let wonRaw = false;
    for (let k = 0; k < maxTasks && !(won && wonRaw); k++) {
      const base = Math.exp(1.1 * rng.normal());
      const passP = 0.6 + 0.35 * rng.next();
      for (const [m, arm, f] of [[c, ca, 1], [t, ta, ratio]] as const) {
        const r = xrun({ task_id: `t${k}`, cost_usd: Math.max(0.01, Math.round(f * base * Math.exp(0.4 * rng.normal()) * 100) / 100), qa: rng.next() < passP ? 'passed' : 'failed' });
        const s = emptyArm();
        addRun(s, r);
        m.set(`t${k}`, s);
        addRun(arm, r);
      }
      if (k + 1 < 20) continue;
      const pr = pairedCompare(c, t)!;
      const primary = pr.effects.cost_per_pass;
      const guardrail = pr.effects.pass_rate;
      const d = decideVariant({
        primary, guardrail, p_primary: effectP(primary, 0.05), p_guardrail: effectP(guardrail, 0.05), min_arm_n: k + 1,
        mde_gain: mdeGain('cost_per_pass', 0.1), alpha: 0.05, variants: 1, planned_n: null, p_guardrail_worse: () => guardrailWorse('pass_rate', ca, ta, guardrail),
      });
      if (d.status === 'winner') won = true;
      // The same look judged unpaired, for comparison.
      const rp = rawEffect('cost_per_pass', ca, ta);
      const rg = rawEffect('pass_rate', ca, ta);
      const dr = decideVariant({
        primary: rp, guardrail: rg, p_primary: effectP(rp, 0.05), p_guardrail: effectP(rg, 0.05), min_arm_n: k + 1,
        mde_gain: mdeGain('cost_per_pass', 0.1), alpha: 0.05, variants: 1, planned_n: null,
      });
      if (dr.status === 'winner') wonRaw = true;
    }
    if (won) ever++;
    if (wonRaw) everRaw++;
  }
  return { ever: ever / projects, raw: everRaw / projects };
}

describe('paired decisions under continuous monitoring', () => {
  it('identical arms on shared tasks: ever `winner` (20…200 tasks) stays ≤ 5 %', () => {
    const projects = 1000;
    const r = simulate(projects, 1, 200, 50_000);
    console.log(`paired identical arms, ${projects} projects, looks after every task from 20 to 200: ever winner ${(r.ever * 100).toFixed(2)} %`);
    expect(r.ever + 3.09 * Math.sqrt((r.ever * (1 - r.ever)) / projects)).toBeLessThan(0.05);
  });
  it('a 30 % saving on every task is found more often paired than unpaired (tasks differ tenfold in cost)', () => {
    const projects = 500;
    const r = simulate(projects, 0.7, 100, 60_000);
    console.log(`30 % cheaper on every task, ${projects} projects, ≤ 100 tasks: winner paired ${(r.ever * 100).toFixed(1)} %, unpaired ${(r.raw * 100).toFixed(1)} %`);
    // Two proportions from the same projects; 3.09 sd of their difference.
    expect(r.ever - r.raw).toBeGreaterThan(3.09 * Math.sqrt((r.ever * (1 - r.ever) + r.raw * (1 - r.raw)) / projects));
  });
});
