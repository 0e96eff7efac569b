/**
 * Raw parsed object → canonical run record, event, or a specific rejection. Pure: the clock
 * (`now`), the mapping and the file's place in the folder are passed in.
 */
import { createHash } from 'node:crypto';
import { runRecordSchema, type RunRecord } from '../../shared/run-record';
import { DECISION_ALIASES, GATE_ALIASES, RUN_ALIASES, RUN_MARKERS, STEP_ALIASES, applyAliases, mapGateResult, mapQaStatus, mapRunStatus } from './aliases';
import { canonicalRun, fastRunRecord } from './fast-validate';
import { coerceBool, coerceDate, coerceNumber, coerceString, isPlainObject, show } from './coerce';
import { applyFieldMapping, applyTaskKeyMapping, applyValueMapping, type Mapping } from './mapping';
import { blankIdToMissing, checkDateOrder, dropPlaceholderDate } from './plausibility';
import { describeIssue } from './reasons';

/** Dates later than now + this are rejected as "in the future" (clock skew allowance). */
export const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;

export interface NormalizeContext {
  /** File path relative to the folder root, `/`-separated (used for synthesized run ids). */
  relPath: string;
  line: number;
  now: number;
  mapping: Mapping | null;
  /** First folder under the root: the project_id of records that name none. */
  folderProject: string | null;
}

export interface NormalizedRun {
  kind: 'run';
  record: RunRecord;
  started_ms: number | null;
  /** False when the record is exactly the parsed raw object, so raw text can stand for it. */
  changed: boolean;
}
export interface NormalizedEvent {
  kind: 'event';
  run_id: string | null;
  project_id: string | null;
  type: string;
  at: string | null;
}
export interface Rejected {
  kind: 'bad';
  field: string | null;
  reason: string;
}
export type Normalized = NormalizedRun | NormalizedEvent | Rejected;

const KNOWN = new Set(Object.keys(runRecordSchema.shape));
// With a composite task key in the mapping, an instance_id alone must not become the task key.
const ALIASES_BUT_TASK = Object.fromEntries(Object.entries(RUN_ALIASES).filter(([k]) => k !== 'task_id'));
const STRING_FIELDS = ['mode', 'prompt_strategy', 'prompt_version', 'model', 'recipe', 'run_id', 'project_id', 'task_id', 'stop_reason'] as const;
const NUMBER_FIELDS = ['duration_s', 'max_rounds', 'rounds_completed', 'max_cost_usd', 'total_cost_usd', 'tokens_in', 'tokens_out'] as const;
// A line with gate_id/stage is an event unless it carries one of these (`result` is a gate's own field).
const MARKER_KEYS = new Set<string>([...RUN_MARKERS, ...RUN_MARKERS.flatMap((m) => (RUN_ALIASES[m] ?? []).filter((a) => a !== 'result'))]);

const bad = (ctx: NormalizeContext, field: string | null, reason: string): Rejected => ({ kind: 'bad', field, reason: `line ${ctx.line}: ${reason}` });

function isEvent(obj: Record<string, unknown>): boolean {
  if (obj.event !== undefined && obj.event !== null && typeof obj.event !== 'object') return true;
  if (obj.gate_id === undefined && obj.stage === undefined) return false;
  for (const k in obj) if (MARKER_KEYS.has(k)) return false;
  return true;
}

function firstOf(obj: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) return obj[k];
  return undefined;
}

function toEvent(obj: Record<string, unknown>, ctx: NormalizeContext): NormalizedEvent {
  const runId = firstOf(obj, ['run_id', ...RUN_ALIASES.run_id]);
  const project = firstOf(obj, ['project_id', ...RUN_ALIASES.project_id]);
  const at = coerceDate(firstOf(obj, ['at', 'time', 'started_at', ...RUN_ALIASES.started_at, 'validation_timestamp']));
  const type = obj.event !== undefined ? String(obj.event) : obj.gate_id !== undefined ? 'gate' : 'stage';
  return {
    kind: 'event',
    run_id: runId == null || typeof runId === 'object' ? null : String(runId),
    project_id: project == null || typeof project === 'object' ? ctx.folderProject : String(project),
    type,
    at: 'iso' in at ? at.iso : null,
  };
}

function normalizeChild(v: unknown, aliases: Record<string, readonly string[]>, kind: 'step' | 'gate' | 'decision' | 'error'): unknown {
  if (typeof v === 'string' && kind === 'error') return { message: v };
  if (!isPlainObject(v)) return v;
  const o = { ...v };
  applyAliases(o, aliases);
  for (const k of ['duration_s', 'retries', 'tokens', 'cost_usd', 'retry_attempt', 'agent_confidence', 'confidence']) if (k in o) o[k] = coerceNumber(o[k]);
  for (const k of ['success', 'aligned', 'auto_fix_success', 'human_override', 'escalated', 'human_resolved']) if (k in o) o[k] = coerceBool(o[k]);
  if (o.agent !== undefined) o.agent = coerceString(o.agent);
  if (kind === 'step') {
    if (o.started_at !== undefined && o.started_at !== null) {
      const d = coerceDate(o.started_at);
      if ('iso' in d) o.started_at = d.iso;
    }
    if (typeof o.error === 'string') o.error = { message: o.error };
    if (o.model !== undefined) o.model = coerceString(o.model);
    o.confidence = asShare(o.confidence);
  }
  if (kind === 'gate') {
    if (o.result !== undefined && o.result !== null) o.result = mapGateResult(o.result) ?? o.result;
    if (o.gate_id !== undefined) o.gate_id = coerceString(o.gate_id);
  }
  if (kind === 'decision') o.agent_confidence = asShare(o.agent_confidence);
  return o;
}

/** A confidence above 1 and at most 100 was logged as a percent: read it as a share. */
function asShare(v: unknown): unknown {
  return typeof v === 'number' && v > 1 && v <= 100 ? v / 100 : v;
}

const CHILDREN = [
  ['steps', STEP_ALIASES, 'step'],
  ['gates', GATE_ALIASES, 'gate'],
  ['decisions', DECISION_ALIASES, 'decision'],
  ['errors', {}, 'error'],
] as const;

/** Synthesized run id: deterministic for the same file, line and start time. */
export function synthRunId(relPath: string, line: number, startedAt: string): string {
  return `auto-${createHash('sha1').update(`${relPath}\n${line}\n${startedAt}`).digest('hex').slice(0, 16)}`;
}

/** Normalizes one parsed JSON value. `value` is owned by the caller and may be mutated. */
export function normalizeRecord(value: unknown, ctx: NormalizeContext): Normalized {
  // Most logs are already canonical: one pass of checks instead of the whole pipeline below.
  if (ctx.mapping === null && isPlainObject(value)) {
    const c = canonicalRun(value, ctx.now, FUTURE_TOLERANCE_MS);
    if (c) return { kind: 'run', record: c.record, started_ms: c.started_ms, changed: false };
  }
  return normalizeGeneral(value, ctx);
}

/** The general path of normalizeRecord: aliases, mapping, coercions, derivations, validation. */
export function normalizeGeneral(value: unknown, ctx: NormalizeContext): Normalized {
  if (!isPlainObject(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return bad(ctx, null, `expected a JSON object (one run), got ${kind}`);
  }
  const obj = value;
  let changed = false;
  if (ctx.mapping) changed = applyFieldMapping(obj, ctx.mapping) || changed;
  if (isEvent(obj)) return toEvent(obj, ctx);
  const taskKey = ctx.mapping ? applyTaskKeyMapping(obj, ctx.mapping) : null;
  if (taskKey) changed = true;
  changed = applyAliases(obj, taskKey ? ALIASES_BUT_TASK : RUN_ALIASES) || changed;
  if (ctx.mapping) changed = applyValueMapping(obj, ctx.mapping) || changed;

  // Unknown fields are kept verbatim in `extra`.
  let extra: Record<string, unknown> | undefined = isPlainObject(obj.extra) ? obj.extra : undefined;
  for (const k of Object.keys(obj)) {
    if (KNOWN.has(k) && k !== 'ingest_warnings') continue; // a log cannot write RunBrain's warnings
    (extra ??= {})[k] = obj[k];
    delete obj[k];
    changed = true;
  }
  if (extra) obj.extra = extra;
  else if (obj.extra !== undefined) {
    changed = true;
    obj.extra = { extra: obj.extra };
  }
  if (taskKey && taskKey.logged !== undefined) ((obj.extra ??= {}) as Record<string, unknown>).task_id = taskKey.logged;
  // JSON null means "not recorded": drop it so optional fields validate.
  for (const k of Object.keys(obj)) {
    if (obj[k] === null) {
      delete obj[k];
      changed = true;
    }
  }

  for (const k of STRING_FIELDS) {
    const v = obj[k];
    if (typeof v === 'number' || typeof v === 'boolean') {
      obj[k] = coerceString(v);
      changed = true;
    }
  }
  for (const k of NUMBER_FIELDS) {
    const v = obj[k];
    if (typeof v === 'string') {
      const n = coerceNumber(v);
      if (n !== v) {
        obj[k] = n;
        changed = true;
      }
    }
  }

  if (typeof obj.rework === 'boolean' || typeof obj.rework === 'string') {
    const b = coerceBool(obj.rework);
    obj.rework = typeof b === 'boolean' ? (b ? 1 : 0) : coerceNumber(obj.rework);
    changed = true;
  }

  const warnings: string[] = taskKey?.warning ? [taskKey.warning] : [];
  let startedMs: number | null = null;
  let endedMs: number | null = null;
  for (const k of ['started_at', 'ended_at'] as const) {
    if (obj[k] === undefined) continue;
    const d = coerceDate(obj[k]);
    if ('error' in d) return bad(ctx, k, `${k} ${d.error}, got ${show(obj[k])}`);
    if (d.iso !== obj[k]) changed = true;
    obj[k] = d.iso;
    if (d.ms > ctx.now + FUTURE_TOLERANCE_MS) return bad(ctx, k, `${k} is in the future (${d.iso})`);
    if (k === 'started_at') startedMs = d.ms;
    else endedMs = d.ms;
  }
  const writtenStart = obj.started_at; // a synthesized run id comes from the date as written
  if (startedMs != null) startedMs = dropPlaceholderDate(obj, 'started_at', startedMs, warnings);
  if (endedMs != null) endedMs = dropPlaceholderDate(obj, 'ended_at', endedMs, warnings);
  checkDateOrder(obj, startedMs, endedMs, warnings);
  if (obj.duration_s === undefined && startedMs != null && endedMs != null && endedMs >= startedMs) {
    obj.duration_s = (endedMs - startedMs) / 1000;
    changed = true;
  }

  if (obj.qa_status !== undefined) {
    const q = mapQaStatus(obj.qa_status);
    if (!q) return bad(ctx, 'qa_status', `qa_status must be passed, warning or failed (or pass/fail/success/true/false/resolved/warn), got ${show(obj.qa_status)}`);
    if (q !== obj.qa_status) changed = true;
    obj.qa_status = q;
  }
  if (obj.status !== undefined) {
    const s = mapRunStatus(obj.status);
    if (!s) return bad(ctx, 'status', `status must be completed, failed, aborted or timeout, got ${show(obj.status)}`);
    if (s !== obj.status) changed = true;
    obj.status = s;
  }
  if (obj.auto_tuned !== undefined && typeof obj.auto_tuned !== 'boolean') {
    obj.auto_tuned = coerceBool(obj.auto_tuned);
    changed = true;
  }
  for (const [key, aliases, kind] of CHILDREN) {
    const arr = obj[key];
    if (Array.isArray(arr)) {
      obj[key] = arr.map((c) => normalizeChild(c, aliases, kind));
      changed = true;
    }
  }

  const blankProject = blankIdToMissing(obj, 'project_id', warnings);
  blankIdToMissing(obj, 'run_id', warnings);
  if (obj.project_id === undefined || obj.project_id === '') {
    if (!ctx.folderProject) return bad(ctx, 'project_id', `project_id is ${blankProject ? 'blank' : 'missing'} and the file is not inside a project folder`);
    obj.project_id = ctx.folderProject;
    changed = true;
  }
  if (obj.run_id === undefined || obj.run_id === '') {
    if (typeof writtenStart !== 'string') return bad(ctx, 'run_id', 'a run needs a run_id or a started_at; it has neither');
    obj.run_id = synthRunId(ctx.relPath, ctx.line, writtenStart);
    changed = true;
  }
  if (warnings.length > 0) {
    obj.ingest_warnings = warnings;
    changed = true;
  }

  const fast = fastRunRecord(obj);
  if (fast) return { kind: 'run', record: fast, started_ms: startedMs, changed };
  const r = runRecordSchema.safeParse(obj);
  if (!r.success) {
    const { field, reason } = describeIssue(r.error.issues[0], obj);
    return bad(ctx, field, reason);
  }
  return { kind: 'run', record: r.data, started_ms: startedMs, changed };
}
