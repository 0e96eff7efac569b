/**
 * User-named experiment factors (issue 9 §1): run fields the user names in settings, beyond the
 * built-in mode / prompt_strategy / model / prompt_version / recipe. A name is a field of the
 * canonical record (a scalar, e.g. `status`) or a path into `extra`, where every field RunBrain
 * does not know is kept (`harness`, `meta.harness`). The ingest stores each named field's value
 * per run (runs.custom_factors) and keeps the experiments' sums for it from then on.
 */

/** The built-in factors (a named factor may not repeat one). */
export const BUILT_IN_FACTORS = ['mode', 'prompt_strategy', 'model', 'prompt_version', 'recipe'] as const;

/** At most this many named factors: each one adds 17 sum cells per run at ingest. */
export const MAX_CUSTOM_FACTORS = 8;

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}(\.[A-Za-z_][A-Za-z0-9_-]{0,63}){0,3}$/;

/** Why `name` cannot be a named factor, or null when it can. */
export function customFactorProblem(name: string): string | null {
  if ((BUILT_IN_FACTORS as readonly string[]).includes(name)) return `"${name}" is a built-in factor: it is already an experiment`;
  if (!NAME.test(name)) {
    return `"${name}" is not a field name: use letters, digits, _ or - (starting with a letter or _), and dots for a nested field of extra (e.g. harness, meta.harness)`;
  }
  return null;
}

/** The list checked: duplicates, built-ins, bad names and too many are refused with one sentence. */
export function checkCustomFactors(names: readonly string[]): { ok: true; names: string[] } | { ok: false; message: string } {
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    const why = customFactorProblem(name);
    if (why) return { ok: false, message: `experiment factor ${why}` };
    if (out.includes(name)) return { ok: false, message: `experiment factor "${name}" is named twice` };
    out.push(name);
  }
  if (out.length > MAX_CUSTOM_FACTORS) return { ok: false, message: `at most ${MAX_CUSTOM_FACTORS} experiment factors can be named (got ${out.length})` };
  return { ok: true, names: out };
}

function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return String(v);
  return null;
}

function at(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/**
 * The named fields' values of one record (as text; numbers and booleans too): the record's own
 * field when it is a scalar, else the same path in `extra`. Null when the record has none of them.
 */
export function customFactorValues(record: object, names: readonly string[]): Record<string, string> | null {
  if (names.length === 0) return null;
  let out: Record<string, string> | null = null;
  const extra = (record as { extra?: unknown }).extra;
  for (const name of names) {
    const path = name.split('.');
    const own = path.length === 1 ? scalarText((record as Record<string, unknown>)[name]) : null;
    const v = own ?? scalarText(at(extra, path));
    if (v != null) (out ??= {})[name] = v;
  }
  return out;
}

/** A stored runs.custom_factors value read back (null, or not an object of texts: none). */
export function parseCustomFactors(text: string | null): Record<string, string> | null {
  if (text == null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
    return out;
  } catch {
    return null;
  }
}
