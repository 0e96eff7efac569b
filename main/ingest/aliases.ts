/**
 * Field aliases and value maps that turn the shapes real run logs have into the canonical run
 * record (shared/run-record.ts). The table is documented in docs/run-log-format.md; keep both
 * in step.
 */
import type { QaStatus, RunStatus } from '../../shared/run-record';

/** Canonical field → accepted other names, in order of preference. The canonical name wins. */
export const RUN_ALIASES: Record<string, readonly string[]> = {
  run_id: ['id', 'runId'],
  project_id: ['project', 'project_subdir', 'project_name', 'projectId'],
  started_at: ['timestamp', 'start_time', 'created_at', 'startedAt', 'timestamp_start'],
  ended_at: ['end_time', 'completed_at', 'finished_at', 'endedAt', 'timestamp_end'],
  duration_s: ['duration', 'duration_seconds', 'elapsed_s'],
  prompt_strategy: ['strategy', 'prompt_variant'],
  model: ['agent_model', 'llm_model'],
  rounds_completed: ['rounds_used', 'rounds'],
  total_cost_usd: ['cost', 'cost_usd', 'total_cost'],
  max_cost_usd: ['cost_limit_usd'],
  tokens_in: ['input_tokens', 'prompt_tokens'],
  tokens_out: ['output_tokens', 'completion_tokens'],
  qa_status: ['outcome', 'result', 'resolved', 'success'],
  auto_tuned: ['_auto_tuned'],
  tuned_fields: ['_tuned_fields'],
  task_id: ['instance_id', 'case_id', 'task'],
  stop_reason: ['exit_reason', 'termination_reason'],
  security: ['security_scan'],
  performance: ['performance_metrics'],
};

export const STEP_ALIASES: Record<string, readonly string[]> = {
  agent: ['agent_role', 'agent_id'],
  task_type: ['stage', 'stage_id', 'task'],
  model: ['agent_model', 'llm_model'],
  started_at: ['timestamp', 'start_time', 'timestamp_start'],
  duration_s: ['duration', 'duration_seconds'],
  tokens: ['tokens_used'],
  cost_usd: ['cost', 'total_cost'],
  retries: ['retry_count'],
  confidence: ['agent_confidence'],
};

export const GATE_ALIASES: Record<string, readonly string[]> = {
  result: ['gate_result', 'validation_result'],
  reason: ['gate_result_reason', 'validation_reason'],
  agent: ['agent_role', 'role'],
  step: ['step_index'],
  escalated: ['escalated_to_human'],
};

export const DECISION_ALIASES: Record<string, readonly string[]> = {
  aligned: ['decision_aligned'],
  agent: ['agent_role', 'role'],
};

/** Fields only a run has: an object with `gate_id`/`stage` and none of these is an event. */
export const RUN_MARKERS = [
  'mode', 'prompt_strategy', 'max_rounds', 'rounds_completed', 'max_cost_usd', 'total_cost_usd',
  'qa_status', 'status', 'tests', 'steps', 'gates', 'decisions', 'feedback', 'auto_tuned', 'tuned_fields',
] as const;

const lower = (v: unknown): string | null =>
  typeof v === 'boolean' ? String(v) : typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'number' ? String(v) : null;

const QA_VALUES: Record<string, QaStatus> = {
  pass: 'passed', passed: 'passed', success: 'passed', successful: 'passed', succeeded: 'passed', true: 'passed',
  resolved: 'passed', ok: 'passed', '1': 'passed',
  fail: 'failed', failed: 'failed', failure: 'failed', false: 'failed', unresolved: 'failed', error: 'failed', '0': 'failed',
  warn: 'warning', warning: 'warning', warnings: 'warning', partial: 'warning',
};

/** Maps a QA outcome in any accepted spelling to passed|warning|failed; undefined when unknown. */
export function mapQaStatus(v: unknown): QaStatus | undefined {
  const k = lower(v);
  return k == null ? undefined : QA_VALUES[k];
}

const STATUS_VALUES: Record<string, RunStatus> = {
  completed: 'completed', complete: 'completed', success: 'completed', succeeded: 'completed', done: 'completed',
  ok: 'completed', finished: 'completed',
  failed: 'failed', fail: 'failed', failure: 'failed', error: 'failed', errored: 'failed', crashed: 'failed',
  aborted: 'aborted', abort: 'aborted', cancelled: 'aborted', canceled: 'aborted', killed: 'aborted', stopped: 'aborted',
  timeout: 'timeout', timed_out: 'timeout', timedout: 'timeout', 'timed out': 'timeout',
};

/** Maps a run status in any accepted spelling to the canonical one; undefined when unknown. */
export function mapRunStatus(v: unknown): RunStatus | undefined {
  const k = lower(v);
  return k == null ? undefined : STATUS_VALUES[k];
}

const GATE_VALUES: Record<string, 'pass' | 'fail' | 'ambiguous'> = {
  pass: 'pass', passed: 'pass', success: 'pass', true: 'pass', ok: 'pass',
  fail: 'fail', failed: 'fail', failure: 'fail', false: 'fail', error: 'fail',
  ambiguous: 'ambiguous', unclear: 'ambiguous', unknown: 'ambiguous',
};

/** Maps a gate result to pass|fail|ambiguous; undefined when unknown. */
export function mapGateResult(v: unknown): 'pass' | 'fail' | 'ambiguous' | undefined {
  const k = lower(v);
  return k == null ? undefined : GATE_VALUES[k];
}

/**
 * Renames aliased keys of `obj` in place to their canonical names. A canonical key already
 * present wins; the alias then stays where it is and ends up in `extra`.
 */
export function applyAliases(obj: Record<string, unknown>, table: Record<string, readonly string[]>): boolean {
  let changed = false;
  for (const canonical in table) {
    if (obj[canonical] !== undefined) continue;
    for (const alias of table[canonical]) {
      if (obj[alias] !== undefined) {
        obj[canonical] = obj[alias];
        delete obj[alias];
        changed = true;
        break;
      }
    }
  }
  return changed;
}
