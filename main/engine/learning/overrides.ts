/** Pattern 4 (seed 002 §4): how often humans override the agent, per decision type × agent. */
import type { LearningOptions } from './options';
import { decisionAligned, rateCi, UNKNOWN } from './run-facts';
import type { LearningRun } from './types';
import type { OverrideRow } from '../../../shared/learning';
export type { OverrideRow } from '../../../shared/learning';

/**
 * Override = the human's decision differs from the agent's recommendation (`aligned` false, or
 * the strings differ). Flagged when the rate exceeds 50 % with at least 10 decisions (options).
 * Rows sorted by override rate, highest first.
 */
export function overrides(runs: readonly LearningRun[], o: LearningOptions['patterns']): OverrideRow[] {
  const acc = new Map<string, { type: string; agent: string; n: number; ov: number; opts: number; ex: Set<string> }>();
  for (const r of runs) {
    for (const d of r.decisions ?? []) {
      const aligned = decisionAligned(d);
      if (aligned == null) continue;
      const type = d.decision_type || UNKNOWN;
      const agent = d.agent || UNKNOWN;
      const key = `${type}\u0000${agent}`;
      let e = acc.get(key);
      if (!e) acc.set(key, (e = { type, agent, n: 0, ov: 0, opts: 0, ex: new Set() }));
      e.n++;
      if (d.options && d.options.length > 0) e.opts++;
      if (!aligned) {
        e.ov++;
        if (e.ex.size < 3 && d.agent_recommendation && d.human_decision) {
          e.ex.add(`recommended "${d.agent_recommendation}", human chose "${d.human_decision}"`);
        }
      }
    }
  }
  return [...acc.values()]
    .map((e) => {
      const r = rateCi(e.ov, e.n);
      return {
        decision_type: e.type, agent: e.agent, n: e.n, overrides: e.ov, override_rate: r.rate!, override_ci95: r.ci95,
        flagged: r.rate! > o.overrideRate && e.n >= o.overrideMinN, with_options: e.opts, examples: [...e.ex],
      };
    })
    .sort((a, b) => b.override_rate - a.override_rate || b.n - a.n || a.decision_type.localeCompare(b.decision_type));
}
