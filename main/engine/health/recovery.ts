/**
 * Recovery strategies ranked per error category (issue 11 §4, seed 001 self-healing): for each
 * category of the error a step (or a gate) hit, which strategy the logs name — exponential
 * backoff, fallback model, reduce scope, … — and how often it worked, with a Wilson interval.
 * Sources: steps[].recovery {strategy, success} with the category of steps[].error.message, and
 * gates[].auto_fix_strategy / auto_fix_success with the category of the gate's reason.
 */
import type { RunRecord } from '../../../shared/run-record';
import { wilsonInterval } from '../stats/wilson';
import { stepFacts } from './agent-steps';
import { CATEGORY_RULES, categorize, type CategoryRule } from './templates/categories';

/** One strategy for one category, as `health.recovery_strategies[]`. */
export interface RecoveryStrategyStats {
  strategy: string;
  category: string;
  /** Attempts with a known outcome. */
  attempts: number;
  successes: number;
  success_rate: number;
  success_ci95: [number, number] | null;
  /** 1 = best in its category: by success rate, then the interval's lower end, then attempts. */
  rank: number;
}

/** Every recovery attempt with a known outcome: its category, strategy and success. */
export function recoveryAttempts(runs: readonly RunRecord[], rules: readonly CategoryRule[] = CATEGORY_RULES): { category: string; strategy: string; success: boolean }[] {
  const out: { category: string; strategy: string; success: boolean }[] = [];
  for (const s of stepFacts(runs)) {
    if (!s.recovery || s.recovery.success === null) continue;
    out.push({ category: s.error_message ? categorize(s.error_message, rules) : 'unknown', strategy: s.recovery.strategy, success: s.recovery.success });
  }
  for (const run of runs) {
    for (const g of run.gates ?? []) {
      if (!g.auto_fix_strategy || typeof g.auto_fix_success !== 'boolean') continue;
      out.push({ category: g.reason ? categorize(g.reason, rules) : 'unknown', strategy: g.auto_fix_strategy, success: g.auto_fix_success });
    }
  }
  return out;
}

/** Strategies ranked within each category; categories alphabetical, then by rank. */
export function recoveryStrategies(runs: readonly RunRecord[], rules?: readonly CategoryRule[]): RecoveryStrategyStats[] {
  const cells = new Map<string, { category: string; strategy: string; attempts: number; successes: number }>();
  for (const a of recoveryAttempts(runs, rules)) {
    const key = `${a.category}\u0000${a.strategy}`;
    const c = cells.get(key) ?? { category: a.category, strategy: a.strategy, attempts: 0, successes: 0 };
    c.attempts++;
    if (a.success) c.successes++;
    cells.set(key, c);
  }
  const rows = [...cells.values()].map((c) => {
    const ci = wilsonInterval(c.successes, c.attempts);
    return { ...c, success_rate: c.successes / c.attempts, success_ci95: ci, rank: 0 };
  });
  rows.sort((a, b) =>
    a.category.localeCompare(b.category) || b.success_rate - a.success_rate || (b.success_ci95?.[0] ?? 0) - (a.success_ci95?.[0] ?? 0) ||
    b.attempts - a.attempts || a.strategy.localeCompare(b.strategy));
  let prev = '';
  let rank = 0;
  for (const r of rows) {
    rank = r.category === prev ? rank + 1 : 1;
    prev = r.category;
    r.rank = rank;
  }
  return rows.map(({ strategy, category, attempts, successes, success_rate, success_ci95, rank }) => ({ strategy, category, attempts, successes, success_rate, success_ci95, rank }));
}
