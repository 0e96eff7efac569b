/**
 * Pattern 3 (seed 002 §4): which handoffs work. For each A → B pair of consecutive steps with
 * different agents, how B did right after receiving A's output.
 */
import { rateCi } from './run-facts';
import type { LearningRun } from './types';
import type { Handoff } from '../../../shared/learning';
export type { Handoff } from '../../../shared/learning';

/**
 * Every A → B handoff in steps[] order (consecutive steps, both agents named, A ≠ B), ranked by
 * smoothness: the lower Wilson bound of B's success first (a pair with few observations does
 * not rank first by luck), then fewer retries, then more handoffs.
 */
export function handoffs(runs: readonly LearningRun[]): Handoff[] {
  const acc = new Map<string, { from: string; to: string; n: number; s: number; sn: number; retries: number; rn: number }>();
  for (const r of runs) {
    const steps = r.steps ?? [];
    for (let i = 0; i + 1 < steps.length; i++) {
      const a = steps[i].agent;
      const b = steps[i + 1];
      if (!a || !b.agent || a === b.agent) continue;
      const key = `${a}\u0000${b.agent}`;
      let e = acc.get(key);
      if (!e) acc.set(key, (e = { from: a, to: b.agent, n: 0, s: 0, sn: 0, retries: 0, rn: 0 }));
      e.n++;
      if (b.success != null) {
        e.sn++;
        if (b.success) e.s++;
      }
      if (b.retries != null) {
        e.rn++;
        e.retries += b.retries;
      }
    }
  }
  const list = [...acc.values()].map((e) => {
    const rate = rateCi(e.s, e.sn);
    return {
      from: e.from, to: e.to, n: e.n, success_n: e.sn, success_rate: rate.rate, success_ci95: rate.ci95,
      avg_retries: e.rn > 0 ? e.retries / e.rn : null, rank: 0,
    };
  });
  list.sort((a, b) =>
    (b.success_ci95?.[0] ?? -1) - (a.success_ci95?.[0] ?? -1)
    || (a.avg_retries ?? Infinity) - (b.avg_retries ?? Infinity)
    || b.n - a.n
    || `${a.from}→${a.to}`.localeCompare(`${b.from}→${b.to}`));
  list.forEach((h, i) => (h.rank = i + 1));
  return list;
}
