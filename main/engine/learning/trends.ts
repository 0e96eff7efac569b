/** Weekly metric trends for the learning report's charts and `runbrain metrics`. */
import { decisionAligned, runPassed, runRetries, runTimeMs, runTokens } from './run-facts';
import type { LearningRun } from './types';
import type { WeekMetrics } from '../../../shared/learning';
export type { WeekMetrics } from '../../../shared/learning';

const DAY_MS = 86_400_000;

/** Monday (UTC) of the week holding `t`. */
export function weekStart(t: number): string {
  const d = new Date(t);
  const dow = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - dow * DAY_MS).toISOString().slice(0, 10);
}

/** One row per week that has runs, oldest first; undated runs are left out. */
export function weeklyTrends(runs: readonly LearningRun[]): WeekMetrics[] {
  type Acc = { runs: number; stepS: number; stepN: number; qaS: number; qaN: number; gF: number; gN: number; ret: number; retN: number; ov: number; decN: number; tok: number; tokPass: number };
  const weeks = new Map<string, Acc>();
  for (const r of runs) {
    const t = runTimeMs(r);
    if (t == null) continue;
    const key = weekStart(t);
    let a = weeks.get(key);
    if (!a) weeks.set(key, (a = { runs: 0, stepS: 0, stepN: 0, qaS: 0, qaN: 0, gF: 0, gN: 0, ret: 0, retN: 0, ov: 0, decN: 0, tok: 0, tokPass: 0 }));
    a.runs++;
    for (const s of r.steps ?? []) {
      if (s.success == null) continue;
      a.stepN++;
      if (s.success) a.stepS++;
    }
    const p = runPassed(r);
    if (p != null) {
      a.qaN++;
      if (p) a.qaS++;
      const tk = runTokens(r);
      if (tk != null) {
        a.tok += tk;
        if (p) a.tokPass++;
      }
    }
    for (const g of r.gates ?? []) {
      if (g.result == null) continue;
      a.gN++;
      if (g.result === 'fail') a.gF++;
    }
    const rt = runRetries(r);
    if (rt != null) {
      a.ret += rt;
      a.retN++;
    }
    for (const d of r.decisions ?? []) {
      const al = decisionAligned(d);
      if (al == null) continue;
      a.decN++;
      if (!al) a.ov++;
    }
  }
  const div = (x: number, n: number): number | null => (n > 0 ? x / n : null);
  return [...weeks]
    .sort((x, y) => x[0].localeCompare(y[0]))
    .map(([week, a]) => ({
      week_start: week, runs: a.runs, agent_success_rate: div(a.stepS, a.stepN), qa_pass_rate: div(a.qaS, a.qaN),
      gate_failure_rate: div(a.gF, a.gN), avg_retries: div(a.ret, a.retN), override_rate: div(a.ov, a.decN),
      tokens_per_success: a.tokPass > 0 ? a.tok / a.tokPass : null,
    }));
}
