/**
 * The steps of runs as flat facts (one per agent execution), the input of the agent, retry,
 * recovery and circuit-breaker analyses. Missing fields stay null; nothing is guessed except
 * that a step with an error and no `success` counts as failed.
 */
import type { RunRecord } from '../../../shared/run-record';

/** One step of one run. */
export interface StepFact {
  run_id: string;
  /** Epoch ms: the step's start, else its run's start; null when neither is known. */
  at: number | null;
  /** Null when the step names none. */
  agent: string | null;
  task_type: string | null;
  /** The step's model, else the run's. */
  model: string | null;
  duration_s: number | null;
  /** `success` when given; false when absent but an error is recorded; else null (unknown). */
  success: boolean | null;
  retries: number | null;
  tokens: number | null;
  cost_usd: number | null;
  error_message: string | null;
  recovery: { strategy: string; success: boolean | null } | null;
}

const timeOf = (iso: string | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

/** All steps of the runs, in run order then step order. */
export function stepFacts(runs: readonly RunRecord[]): StepFact[] {
  const out: StepFact[] = [];
  for (const run of runs) {
    const runAt = timeOf(run.started_at) ?? timeOf(run.ended_at);
    for (const s of run.steps ?? []) {
      const error = s.error?.message?.trim() ? s.error.message : s.error ? (s.error.type ?? '') : null;
      out.push({
        run_id: run.run_id,
        at: timeOf(s.started_at) ?? runAt,
        agent: s.agent || null,
        task_type: s.task_type || null,
        model: s.model ?? run.model ?? null,
        duration_s: s.duration_s ?? null,
        success: typeof s.success === 'boolean' ? s.success : s.error ? false : null,
        retries: s.retries ?? null,
        tokens: s.tokens ?? null,
        cost_usd: s.cost_usd ?? null,
        error_message: error,
        recovery: s.recovery?.strategy ? { strategy: s.recovery.strategy, success: s.recovery.success ?? null } : null,
      });
    }
  }
  return out;
}

/**
 * Quantile of a sorted array by linear interpolation between order statistics (Hyndman & Fan
 * type 7, numpy's default); null when empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Ascending copy of the finite numbers among `values`. */
export function sortedFinite(values: Iterable<number | null>): Float64Array {
  const xs: number[] = [];
  for (const v of values) if (v !== null && Number.isFinite(v)) xs.push(v);
  return Float64Array.from(xs).sort();
}
