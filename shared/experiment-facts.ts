/**
 * The per-run facts the experiments engine reads beyond the normalized columns, derived once from
 * the record: the writer stores them as runs columns (migration 7) and the ingest fold reads the
 * same values, so the stored sums and a scan of the runs agree by construction.
 */
import type { RunRecord } from './run-record';
import { taskKeyRefused } from './task-key';

export interface RunExtraFacts {
  /** task_id, else extra.task_id / instance_id / case_id / task (as text); none when a composite key was refused. */
  task_key: string | null;
  /** tokens_in + tokens_out when either is set, else Σ steps[].tokens (null when none). */
  tokens: number | null;
  /** Σ steps[].retries (null when no step recorded one). */
  retries: number | null;
  /** feedback.overall_rating. */
  rating: number | null;
  /** Whether any gate was overridden by a human (null when no gate recorded it). */
  human_override: boolean | null;
}

const TASK_KEYS = ['task_id', 'instance_id', 'case_id', 'task'] as const;

function keyText(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
}

/**
 * The task key of a run: its task_id, else the first task-like field of `extra` — unless the
 * mapping's composite task key could not be built for it (then none: a part alone is another task).
 */
export function taskKeyOf(r: Pick<RunRecord, 'task_id' | 'extra' | 'ingest_warnings'>): string | null {
  if (r.task_id != null) return r.task_id;
  if (taskKeyRefused(r.ingest_warnings)) return null;
  const extra = r.extra;
  if (!extra) return null;
  for (const k of TASK_KEYS) {
    const t = keyText(extra[k]);
    if (t != null) return t;
  }
  return null;
}

/** The extra facts of one record. */
export function extraFactsOf(r: RunRecord): RunExtraFacts {
  let tokens: number | null = null;
  if (r.tokens_in != null || r.tokens_out != null) tokens = (r.tokens_in ?? 0) + (r.tokens_out ?? 0);
  else for (const s of r.steps ?? []) if (s.tokens != null) tokens = (tokens ?? 0) + s.tokens;
  let retries: number | null = null;
  for (const s of r.steps ?? []) if (s.retries != null) retries = (retries ?? 0) + s.retries;
  let override: boolean | null = null;
  for (const g of r.gates ?? []) if (g.human_override != null) override = override === true || g.human_override;
  const rating = r.feedback?.overall_rating;
  return { task_key: taskKeyOf(r), tokens, retries, rating: typeof rating === 'number' ? rating : null, human_override: override };
}
