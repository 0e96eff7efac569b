import { z } from 'zod';

/**
 * The canonical run record: what every accepted run looks like after aliases and the user's
 * mapping have been applied. snake_case, as the seeds' JSON is. Documented in
 * docs/run-log-format.md. Only `project_id` and one of `started_at`/`run_id` are required.
 */

const nonNegative = (field: string) =>
  z.number({ error: `${field} must be a number ≥ 0` }).finite(`${field} must be a finite number`).min(0, `${field} must be a number ≥ 0`);
const nonNegativeInt = (field: string) => nonNegative(field).int(`${field} must be a whole number ≥ 0`);
const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

/** Longest run_id / project_id accepted, in UTF-16 code units (ids are names, not documents). */
export const ID_MAX_LENGTH = 256;

/**
 * Why `v` is not acceptable as a run_id / project_id (a "must …" sentence), or null. Shared by
 * the schema and the ingest fast path so both refuse the same ids. A project id names a folder
 * and a config section: no path-like values. `__proto__` breaks plain-object lookups.
 */
export function idProblem(field: 'run_id' | 'project_id', v: string): string | null {
  if (v.length > ID_MAX_LENGTH) return `must be at most ${ID_MAX_LENGTH} characters (it has ${v.length})`;
  if (v.trim() === '') return 'must not be blank';
  if (v === '__proto__') return 'must not be "__proto__" (reserved: it breaks object lookups)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) return 'must not contain control characters';
  if (field === 'project_id' && (/^[/\\]/.test(v) || /(^|[/\\])\.\.?([/\\]|$)/.test(v))) {
    return 'must not look like a file path (no "." or ".." segment, no leading / or \\)';
  }
  return null;
}

const idString = (field: 'run_id' | 'project_id') =>
  z.string({ error: `${field} must be a string` }).min(1, `${field} is required`).superRefine((v, ctx) => {
    const p = idProblem(field, v);
    if (p) ctx.addIssue({ code: 'custom', message: `${field} ${p}` });
  });
const confidence = z.number().min(0, 'must be a number from 0 to 1').max(1, 'must be a number from 0 to 1');

export const QA_STATUSES = ['passed', 'warning', 'failed'] as const;
export type QaStatus = (typeof QA_STATUSES)[number];
export const RUN_STATUSES = ['completed', 'failed', 'aborted', 'timeout'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const GATE_RESULTS = ['pass', 'fail', 'ambiguous'] as const;

export const errorInfoSchema = z.object({
  type: z.string().optional(),
  message: z.string().optional(),
  agent: z.string().optional(),
});

export const stepSchema = z.object({
  agent: z.string().optional(),
  task_type: z.string().optional(),
  model: z.string().optional(),
  started_at: isoDate.optional(),
  duration_s: nonNegative('steps[].duration_s').optional(),
  success: z.boolean().optional(),
  retries: nonNegativeInt('steps[].retries').optional(),
  tokens: nonNegativeInt('steps[].tokens').optional(),
  cost_usd: nonNegative('steps[].cost_usd').optional(),
  /** The agent's stated confidence, 0–1 (0–100 in the log is read as percent). */
  confidence: confidence.optional(),
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).nullish(),
  recovery: z.object({ strategy: z.string().optional(), success: z.boolean().optional() }).nullish(),
});

export const gateSchema = z.object({
  gate_id: z.string(),
  stage: z.string().optional(),
  result: z.enum(GATE_RESULTS).optional(),
  reason: z.string().optional(),
  retry_attempt: nonNegativeInt('gates[].retry_attempt').optional(),
  auto_fix_strategy: z.string().nullish(),
  auto_fix_success: z.boolean().nullish(),
  human_override: z.boolean().nullish(),
  /** The agent (role) that ran the gate. */
  agent: z.string().optional(),
  /** The step the gate checked: its 0-based index in steps[] (ties the gate to that step's agent). */
  step: nonNegativeInt('gates[].step').optional(),
  /** Escalated to a human; `human_resolved`: the human resolved it. */
  escalated: z.boolean().optional(),
  human_resolved: z.boolean().optional(),
});

export const decisionSchema = z.object({
  decision_type: z.string().optional(),
  agent_recommendation: z.string().optional(),
  human_decision: z.string().optional(),
  aligned: z.boolean().optional(),
  agent_confidence: z.number().min(0).max(1).optional(),
  /** The agent (role) that made the recommendation. */
  agent: z.string().optional(),
  /** The options the agent chose from (a human decision among them counts as "reasonable"). */
  options: z.array(z.string()).optional(),
});

const rating = z.number().int().min(1).max(5);
export const feedbackSchema = z.object({
  overall_rating: rating.optional(),
  coverage_rating: rating.optional(),
  quality_rating: rating.optional(),
  relevance_rating: rating.optional(),
  edited: z.boolean().optional(),
  accepted: z.boolean().optional(),
});

export const runRecordSchema = z.object({
  run_id: idString('run_id'),
  project_id: idString('project_id'),
  started_at: isoDate.optional(),
  ended_at: isoDate.optional(),
  duration_s: nonNegative('duration_s').optional(),
  mode: z.string().optional(),
  prompt_strategy: z.string().optional(),
  prompt_version: z.string().optional(),
  model: z.string().optional(),
  recipe: z.string().optional(),
  /** The task or benchmark instance the run worked on (runs of one task can be paired). */
  task_id: z.string().optional(),
  /** Why the run stopped, in the orchestrator's words (e.g. max_rounds, budget, solved). */
  stop_reason: z.string().optional(),
  max_rounds: nonNegativeInt('max_rounds').optional(),
  rounds_completed: nonNegativeInt('rounds_completed').optional(),
  max_cost_usd: nonNegative('max_cost_usd').optional(),
  total_cost_usd: nonNegative('total_cost_usd').optional(),
  tokens_in: nonNegativeInt('tokens_in').optional(),
  tokens_out: nonNegativeInt('tokens_out').optional(),
  qa_status: z.enum(QA_STATUSES).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  tests: z
    .object({
      passed: nonNegativeInt('tests.passed').optional(),
      failed: nonNegativeInt('tests.failed').optional(),
      coverage_percent: z.number().min(0).max(100).optional(),
    })
    .optional(),
  /** Security scan counts by severity (seed 002 §2.1); its other fields are kept as logged. */
  security: z
    .looseObject({
      critical: nonNegativeInt('security.critical').optional(),
      major: nonNegativeInt('security.major').optional(),
      minor: nonNegativeInt('security.minor').optional(),
    })
    .optional(),
  /** Performance checks: within the service-level objective or not; other measures kept as logged. */
  performance: z.looseObject({ within_slo: z.boolean().optional() }).optional(),
  /** Rework cycles the output needed (0 = none); a logged true/false reads as 1/0. */
  rework: nonNegativeInt('rework').optional(),
  auto_tuned: z.boolean().optional(),
  tuned_fields: z.array(z.string()).optional(),
  steps: z.array(stepSchema).optional(),
  gates: z.array(gateSchema).optional(),
  decisions: z.array(decisionSchema).optional(),
  feedback: feedbackSchema.optional(),
  errors: z.array(errorInfoSchema).optional(),
  /** Fields we do not know, kept verbatim and shown in the run detail. */
  extra: z.record(z.string(), z.unknown()).optional(),
  /**
   * Set by RunBrain, never read from a log: why a value of this run was doubted or dropped
   * (e.g. a placeholder date). Shown in the run detail.
   */
  ingest_warnings: z.array(z.string()).optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunStep = z.infer<typeof stepSchema>;
export type RunGate = z.infer<typeof gateSchema>;
export type RunDecision = z.infer<typeof decisionSchema>;
export type RunError = z.infer<typeof errorInfoSchema>;

/**
 * The settings a run was executed with; the keys a recommendation (or an experiment's winner,
 * or a revert) can change in project_config.json.
 */
export const TUNABLE_FIELDS = ['mode', 'max_rounds', 'max_cost_usd', 'prompt_strategy', 'model', 'prompt_version', 'recipe'] as const;
export type TunableField = (typeof TUNABLE_FIELDS)[number];

/** The factors whose arms are compared as A/B experiments. */
export const FACTORS = ['mode', 'prompt_strategy', 'model', 'prompt_version'] as const;
export type Factor = (typeof FACTORS)[number];
