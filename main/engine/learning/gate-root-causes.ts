/**
 * Pattern 1 (seed 002 §4): why gates fail. Gates failing more than 10 % of their checks get
 * their failure reasons grouped by template (the health engine's miner, passed in) and ranked.
 */
import type { LearningOptions } from './options';
import { rateCi, UNKNOWN } from './run-facts';
import type { LearningRun, RateCi, TemplateOf } from './types';
import type { GateRootCause } from '../../../shared/learning';
export type { RootCauseReason, GateRootCause } from '../../../shared/learning';

export const NO_REASON = '(no reason logged)';

/** Per-gate check and failure counts for every gate (flagged or not). */
export function gateFailureRates(runs: readonly LearningRun[]): Map<string, RateCi> {
  const acc = new Map<string, { fail: number; n: number }>();
  for (const r of runs) {
    for (const g of r.gates ?? []) {
      if (g.result == null) continue;
      let a = acc.get(g.gate_id);
      if (!a) acc.set(g.gate_id, (a = { fail: 0, n: 0 }));
      a.n++;
      if (g.result === 'fail') a.fail++;
    }
  }
  return new Map([...acc].map(([k, a]) => [k, rateCi(a.fail, a.n)]));
}

/**
 * Gates whose failure share of checks (result pass / fail / ambiguous) exceeds the threshold,
 * worst first, each with its top reasons grouped by `templateOf`. A check is one gates[] entry.
 */
export function gateRootCauses(runs: readonly LearningRun[], templateOf: TemplateOf, o: LearningOptions['patterns']): GateRootCause[] {
  const gates = new Map<string, { n: number; fails: number; agents: Map<string, number>; reasons: Map<string, { count: number; examples: Set<string> }> }>();
  for (const r of runs) {
    for (const g of r.gates ?? []) {
      if (g.result == null) continue;
      let e = gates.get(g.gate_id);
      if (!e) gates.set(g.gate_id, (e = { n: 0, fails: 0, agents: new Map(), reasons: new Map() }));
      e.n++;
      if (g.result !== 'fail') continue;
      e.fails++;
      if (g.agent) e.agents.set(g.agent, (e.agents.get(g.agent) ?? 0) + 1);
      const msg = g.reason?.trim();
      const template = msg ? templateOf(msg) : NO_REASON;
      let reason = e.reasons.get(template);
      if (!reason) e.reasons.set(template, (reason = { count: 0, examples: new Set() }));
      reason.count++;
      if (msg && reason.examples.size < 3) reason.examples.add(msg);
    }
  }
  const out: GateRootCause[] = [];
  for (const [gateId, e] of gates) {
    if (e.n === 0 || !(e.fails / e.n > o.gateFailureRate)) continue;
    const ranked = [...e.reasons]
      .map(([template, v]) => ({ template, count: v.count, share: v.count / e.fails, examples: [...v.examples] }))
      .sort((a, b) => b.count - a.count || a.template.localeCompare(b.template));
    const top = ranked.slice(0, o.topReasons);
    const ci = rateCi(e.fails, e.n);
    const agent = [...e.agents].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
    out.push({
      gate_id: gateId || UNKNOWN, agent, checks: e.n, failures: e.fails, failure_rate: ci.rate!, failure_ci95: ci.ci95,
      reasons: top, other_failures: e.fails - top.reduce((a, t) => a + t.count, 0),
    });
  }
  return out.sort((a, b) => b.failure_rate - a.failure_rate || a.gate_id.localeCompare(b.gate_id));
}
