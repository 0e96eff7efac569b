/**
 * Pattern 3 (seed 002 §4): which handoffs work. For each A → B pair of consecutive steps with
 * different agents, how B did right after receiving A's output: the pass rate of B's gates when
 * the run's gates name B's step, else B's step success (the row's `basis` says which).
 */
import { rateCi } from './run-facts';
import type { LearningGate, LearningRun, LearningStep } from './types';
import type { Handoff } from '../../../shared/learning';
export type { Handoff } from '../../../shared/learning';

/**
 * The step index each gate checked, or null when it names none unambiguously: its `step` (a
 * valid index into steps[]); else its `agent` when that agent ran exactly one step of the run,
 * or exactly one step whose task_type is the gate's `stage`. A gate naming neither is not tied.
 */
export function gateSteps(steps: readonly LearningStep[], gates: readonly LearningGate[]): (number | null)[] {
  return gates.map((g) => {
    if (g.step != null && Number.isInteger(g.step) && g.step >= 0 && g.step < steps.length) return g.step;
    if (!g.agent) return null;
    const mine: number[] = [];
    steps.forEach((s, i) => s.agent === g.agent && mine.push(i));
    if (mine.length === 1) return mine[0];
    if (mine.length > 1 && g.stage) {
      const staged = mine.filter((i) => steps[i].task_type === g.stage);
      if (staged.length === 1) return staged[0];
    }
    return null;
  });
}

interface Acc {
  from: string; to: string; n: number; s: number; sn: number; retries: number; rn: number;
  /** Gate checks tied to B's step (with a result), their passes, and the handoffs that had any. */
  gn: number; gp: number; gh: number;
}

/**
 * Every A → B handoff in steps[] order (consecutive steps, both agents named, A ≠ B), ranked by
 * smoothness: the lower Wilson bound of B's reported pass rate first (a pair with few
 * observations does not rank first by luck), then fewer retries, then more handoffs.
 */
export function handoffs(runs: readonly LearningRun[]): Handoff[] {
  const acc = new Map<string, Acc>();
  for (const r of runs) {
    const steps = r.steps ?? [];
    if (steps.length < 2) continue;
    const gates = r.gates ?? [];
    // Gate checks per step index (only gates with a result count as checks).
    const checks = new Map<number, { n: number; pass: number }>();
    if (gates.length > 0) {
      gateSteps(steps, gates).forEach((idx, k) => {
        const res = gates[k].result;
        if (idx == null || res == null) return;
        let c = checks.get(idx);
        if (!c) checks.set(idx, (c = { n: 0, pass: 0 }));
        c.n++;
        if (res === 'pass') c.pass++;
      });
    }
    for (let i = 0; i + 1 < steps.length; i++) {
      const a = steps[i].agent;
      const b = steps[i + 1];
      if (!a || !b.agent || a === b.agent) continue;
      const key = `${a}\u0000${b.agent}`;
      let e = acc.get(key);
      if (!e) acc.set(key, (e = { from: a, to: b.agent, n: 0, s: 0, sn: 0, retries: 0, rn: 0, gn: 0, gp: 0, gh: 0 }));
      e.n++;
      if (b.success != null) {
        e.sn++;
        if (b.success) e.s++;
      }
      if (b.retries != null) {
        e.rn++;
        e.retries += b.retries;
      }
      const c = checks.get(i + 1);
      if (c) {
        e.gn += c.n;
        e.gp += c.pass;
        e.gh++;
      }
    }
  }
  const list: Handoff[] = [...acc.values()].map((e) => {
    const success = rateCi(e.s, e.sn);
    const gate = rateCi(e.gp, e.gn);
    const basis = e.gn > 0 ? 'gates' : 'step_success';
    const shown = basis === 'gates' ? gate : success;
    return {
      from: e.from, to: e.to, n: e.n, success_n: e.sn, success_rate: success.rate, success_ci95: success.ci95,
      gate_checks: e.gn, gate_handoffs: e.gh, gate_pass_rate: gate.rate, gate_pass_ci95: gate.ci95,
      basis, pass_rate: shown.rate, pass_ci95: shown.ci95, pass_n: shown.n,
      avg_retries: e.rn > 0 ? e.retries / e.rn : null, rank: 0,
    };
  });
  list.sort((a, b) =>
    (b.pass_ci95?.[0] ?? -1) - (a.pass_ci95?.[0] ?? -1)
    || (a.avg_retries ?? Infinity) - (b.avg_retries ?? Infinity)
    || b.n - a.n
    || `${a.from}→${a.to}`.localeCompare(`${b.from}→${b.to}`));
  list.forEach((h, i) => (h.rank = i + 1));
  return list;
}
