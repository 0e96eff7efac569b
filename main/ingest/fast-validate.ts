/**
 * A hand-written fast path for the run record schema: zod costs several µs per run, which at a
 * million runs is seconds. `fastRunRecord` accepts only what zod surely accepts (flat fields,
 * `tests`, `feedback`, `tuned_fields`, `extra`) and gives an output equal to zod's (known keys in
 * schema order; the input object itself when it already is). Anything else, including every
 * invalid record and every record with steps, gates, decisions or errors, returns null and goes
 * through zod, so accepted/rejected sets and error messages stay zod's. `canonicalRun` is the
 * same check standing in for the whole of normalisation when a record is already canonical.
 * fast-validate.test.ts checks both against zod and the general path.
 */
import { QA_STATUSES, RUN_STATUSES, idProblem, runRecordSchema, type RunRecord } from '../../shared/run-record';
import { EARLIEST_RUN_MS } from './plausibility';

/** Output key order: zod builds objects in schema order. */
const RECORD_KEYS = Object.keys(runRecordSchema.shape) as Array<keyof RunRecord>;
const POSITION = new Map<string, number>(RECORD_KEYS.map((k, i) => [k, i]));
const TESTS_KEYS = ['passed', 'failed', 'coverage_percent'] as const;
const FEEDBACK_KEYS = ['overall_rating', 'coverage_rating', 'quality_rating', 'relevance_rating', 'edited', 'accepted'] as const;

/** zod's own date-time pattern (from the schema), so both paths agree on every string; null → always zod. */
const ISO_PATTERN: RegExp | null = (() => {
  const inner = (runRecordSchema.shape.started_at as unknown as { _zod?: { def?: { innerType?: { _zod?: { def?: { pattern?: unknown } } } } } })
    ._zod?.def?.innerType?._zod?.def?.pattern;
  return inner instanceof RegExp ? new RegExp(inner.source, inner.flags.replace('g', '')) : null;
})();

const isNonNeg = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isNonNegInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isRating = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 5;
const isIso = (v: unknown): boolean => typeof v === 'string' && ISO_PATTERN !== null && ISO_PATTERN.test(v);
const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * `o` itself when its keys are among `keys`, in that order, and pass `check`; a copy in `keys`
 * order when they are out of order; null when a key is unknown or a value fails.
 */
function nested(o: unknown, keys: readonly string[], check: (k: string, v: unknown) => boolean): Record<string, unknown> | null {
  if (!isPlain(o)) return null;
  let seen = 0;
  let last = -1;
  let ordered = true;
  for (const k in o) {
    const i = keys.indexOf(k);
    if (i < 0 || !check(k, o[k])) return null;
    if (i < last) ordered = false;
    last = i;
    seen++;
  }
  if (seen !== Object.keys(o).length) return null; // own non-enumerable or odd keys: let zod decide
  if (ordered) return o;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

const testsOk = (k: string, v: unknown) => (k === 'coverage_percent' ? typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100 : isNonNegInt(v));
const feedbackOk = (k: string, v: unknown) => (k === 'edited' || k === 'accepted' ? typeof v === 'boolean' : isRating(v));

/** What each known flat field must be for the fast path. */
const enum Check { RunId, ProjectId, Iso, NonNeg, NonNegInt, Str, Qa, Status, Bool, StrArray, Extra, Tests, Feedback }
const CHECKS = new Map<string, Check>([
  ['run_id', Check.RunId], ['project_id', Check.ProjectId], ['started_at', Check.Iso], ['ended_at', Check.Iso],
  ['duration_s', Check.NonNeg], ['max_cost_usd', Check.NonNeg], ['total_cost_usd', Check.NonNeg],
  ['max_rounds', Check.NonNegInt], ['rounds_completed', Check.NonNegInt], ['tokens_in', Check.NonNegInt], ['tokens_out', Check.NonNegInt],
  ['mode', Check.Str], ['prompt_strategy', Check.Str], ['prompt_version', Check.Str], ['model', Check.Str], ['recipe', Check.Str],
  ['task_id', Check.Str], ['stop_reason', Check.Str], ['rework', Check.NonNegInt],
  ['qa_status', Check.Qa], ['status', Check.Status], ['auto_tuned', Check.Bool], ['tuned_fields', Check.StrArray], ['extra', Check.Extra],
  ['tests', Check.Tests], ['feedback', Check.Feedback],
]);

function fieldOk(c: Check, v: unknown): boolean {
  switch (c) {
    case Check.RunId:
      return typeof v === 'string' && v.length > 0 && idProblem('run_id', v) === null;
    case Check.ProjectId:
      return typeof v === 'string' && v.length > 0 && idProblem('project_id', v) === null;
    case Check.Iso:
      return isIso(v);
    case Check.NonNeg:
      return isNonNeg(v);
    case Check.NonNegInt:
      return isNonNegInt(v);
    case Check.Str:
      return typeof v === 'string';
    case Check.Qa:
      return (QA_STATUSES as readonly unknown[]).includes(v);
    case Check.Status:
      return (RUN_STATUSES as readonly unknown[]).includes(v);
    case Check.Bool:
      return typeof v === 'boolean';
    case Check.StrArray:
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case Check.Extra:
      return isPlain(v) && !Object.prototype.hasOwnProperty.call(v, '__proto__');
    default:
      return false;
  }
}

/** Builds zod's output for a checked record: known keys in schema order, nested objects copied. */
function output(obj: Record<string, unknown>, n: NestedOut): RunRecord {
  // Already in schema order with nothing to copy: zod's output would be an equal object.
  if (n.same && !Array.isArray(obj.tuned_fields) && obj.extra === undefined) return obj as RunRecord;
  const { tests, feedback } = n;
  const out: Record<string, unknown> = {};
  for (const k of RECORD_KEYS) {
    const v = k === 'tests' ? tests : k === 'feedback' ? feedback : obj[k];
    if (v !== undefined && v !== null) out[k] = k === 'tuned_fields' ? (v as string[]).slice() : k === 'extra' ? { ...(v as object) } : v;
  }
  return out as RunRecord;
}

/**
 * Checks every key of `obj` (steps, gates, decisions, errors and unknown keys fail). Returns
 * false, or true after noting in `nestedOut` the tests/feedback to output and whether `obj` is
 * in schema order.
 */
function checkAll(obj: Record<string, unknown>, nestedOut: NestedOut): boolean {
  let last = -1;
  let same = true;
  for (const k in obj) {
    const c = CHECKS.get(k);
    if (c === undefined) return false;
    const v = obj[k];
    if (c === Check.Tests) {
      const t = nested(v, TESTS_KEYS, testsOk);
      if (t === null) return false;
      same &&= t === v;
      nestedOut.tests = t;
    } else if (c === Check.Feedback) {
      const f = nested(v, FEEDBACK_KEYS, feedbackOk);
      if (f === null) return false;
      same &&= f === v;
      nestedOut.feedback = f;
    } else if (!fieldOk(c, v)) return false;
    const pos = POSITION.get(k) as number;
    if (pos < last) same = false;
    last = pos;
  }
  nestedOut.same = same;
  return true;
}

/** Nested copies made by checkAll, and whether `obj` already is zod's output (schema order, nothing copied). */
interface NestedOut {
  tests: Record<string, unknown> | null;
  feedback: Record<string, unknown> | null;
  same: boolean;
}
const newNestedOut = (): NestedOut => ({ tests: null, feedback: null, same: false });

/** The validated record when `obj` is plainly valid, else null (validate with zod). */
export function fastRunRecord(obj: Record<string, unknown>): RunRecord | null {
  if (typeof obj.run_id !== 'string' || typeof obj.project_id !== 'string') return null;
  const n = newNestedOut();
  if (!checkAll(obj, n)) return null;
  return output(obj, n);
}

/** A canonical run as read: the record and its start time (ms, null when none). */
export interface CanonicalRun {
  record: RunRecord;
  started_ms: number | null;
}

/**
 * The whole of normalisation for a record that is already canonical (every key a canonical
 * field, every value of its canonical type and form, no nulls, no children arrays, no date in
 * the future, nothing to derive), where normalisation would change nothing: null otherwise.
 * Not for use with a mapping (it may rename or remap anything).
 */
export function canonicalRun(obj: Record<string, unknown>, now: number, futureToleranceMs: number): CanonicalRun | null {
  if (typeof obj.run_id !== 'string' || typeof obj.project_id !== 'string') return null;
  const n = newNestedOut();
  if (!checkAll(obj, n)) return null;
  let startedMs: number | null = null;
  const started = obj.started_at as string | undefined;
  const ended = obj.ended_at as string | undefined;
  const limit = now + futureToleranceMs;
  if (started !== undefined) {
    startedMs = Date.parse(started);
    // NaN, in the future or a placeholder: the general path says why.
    if (!(startedMs <= limit && startedMs >= EARLIEST_RUN_MS)) return null;
  }
  if (ended !== undefined) {
    const endedMs = Date.parse(ended);
    if (!(endedMs <= limit && endedMs >= EARLIEST_RUN_MS)) return null;
    if (startedMs !== null && endedMs < startedMs) return null; // warned about there
    if (obj.duration_s === undefined && started !== undefined) return null; // duration is derived there
  }
  return { record: output(obj, n), started_ms: startedMs };
}
