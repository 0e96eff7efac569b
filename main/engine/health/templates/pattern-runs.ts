/**
 * Drill-down from an error pattern to its runs: the same mining as mineErrorPatterns (same runs,
 * same order, same template ids), then the occurrences of one template grouped by run, latest
 * first. Pure.
 */
import type { PatternRun } from '../../../../shared/error-pattern-runs';
import type { RunRecord } from '../../../../shared/run-record';
import { CATEGORY_RULES, categorize, type CategoryRule } from './categories';
import type { MinerOptions } from './miner';
import { mineOccurrences } from './error-patterns';

export interface PatternRunsOptions {
  /** Most runs listed (the totals count all). */
  limit: number;
  miner?: MinerOptions;
  rules?: readonly CategoryRule[];
}

/** One template's runs; null when no message of these runs has that template id. */
export interface PatternRuns {
  template: string;
  category: string;
  total_runs: number;
  total_messages: number;
  runs: PatternRun[];
}

/** The runs of template `templateId` among `runs`, latest first (then run id), at most `limit`. */
export function patternRuns(runs: readonly RunRecord[], templateId: string, options: PatternRunsOptions): PatternRuns | null {
  const { occ, templates, assignments } = mineOccurrences(runs, options.miner);
  const k = templates.findIndex((t) => t.id === templateId);
  if (k < 0) return null;
  const byRun = new Map<string, { first: (typeof occ)[number]; at: number | null; messages: number }>();
  let messages = 0;
  occ.forEach((o, i) => {
    if (assignments[i] !== k) return;
    messages++;
    const have = byRun.get(o.run_id);
    // Occurrences come in mining order (time first): the first one seen is the run's earliest.
    if (have) have.messages++;
    else byRun.set(o.run_id, { first: o, at: o.at, messages: 1 });
  });
  const list = [...byRun.entries()]
    .sort(([ra, a], [rb, b]) => (b.at ?? -Infinity) - (a.at ?? -Infinity) || (ra < rb ? -1 : ra > rb ? 1 : 0))
    .slice(0, Math.max(0, options.limit))
    .map(([run_id, r]): PatternRun => ({
      run_id, at: r.at === null ? null : new Date(r.at).toISOString(), message: r.first.message, source: r.first.source, agent: r.first.agent, messages: r.messages,
    }));
  const rules = options.rules ?? CATEGORY_RULES;
  const example = occ[assignments.indexOf(k)].message;
  let category = categorize(example, rules);
  if (category === 'unknown') category = categorize(templates[k].template, rules);
  return { template: templates[k].template, category, total_runs: byRun.size, total_messages: messages, runs: list };
}
