/** Small value coercions shared by normalisation: dates, numeric strings, booleans. */

/** A canonical ISO date-time with an offset and seconds: stored as written. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LOOSE_ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const EPOCH_MS_THRESHOLD = 1e11;

export type DateResult = { iso: string; ms: number } | { error: string };

/**
 * Reads ISO 8601 (offset optional: none means UTC, a space may separate date and time) or epoch
 * seconds / milliseconds, as a number or numeric string.
 */
export function coerceDate(v: unknown): DateResult {
  if (typeof v === 'string') {
    const s = v.trim();
    if (NUMERIC.test(s)) return coerceDate(Number(s));
    if (CANONICAL_ISO.test(s)) {
      const ms = Date.parse(s);
      if (Number.isFinite(ms)) return { iso: s, ms };
    }
    const m = LOOSE_ISO.exec(s);
    if (m) {
      let zone = m[3] ?? 'Z';
      if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
      const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
      const ms = Date.parse(`${m[1]}T${time}${zone.toUpperCase()}`);
      if (Number.isFinite(ms)) return { iso: new Date(ms).toISOString(), ms };
    }
    return { error: 'must be an ISO 8601 date-time or epoch seconds/milliseconds' };
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return { error: 'must be an ISO 8601 date-time or epoch seconds/milliseconds' };
    const ms = v < EPOCH_MS_THRESHOLD ? v * 1000 : v;
    const d = new Date(ms);
    if (Number.isNaN(d.getTime())) return { error: 'is out of range' };
    return { iso: d.toISOString(), ms: d.getTime() };
  }
  return { error: 'must be an ISO 8601 date-time or epoch seconds/milliseconds' };
}

/** "0.42" → 0.42; anything else is returned unchanged (the schema reports it). */
export function coerceNumber(v: unknown): unknown {
  if (typeof v === 'string') {
    const s = v.trim();
    if (NUMERIC.test(s)) return Number(s);
  }
  return v;
}

/** "true"/"false"/"yes"/"no"/1/0 → boolean; anything else unchanged. */
export function coerceBool(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === 'yes' || s === '1') return true;
    if (s === 'false' || s === 'no' || s === '0') return false;
  }
  return v;
}

/** Numbers and booleans become strings (e.g. `prompt_version: 2.3`, `mode: 3`); others unchanged. */
export function coerceString(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A short JSON rendering of a value for error messages. */
export function show(v: unknown): string {
  let s: string;
  if (typeof v === 'number' && !Number.isFinite(v)) return 'a number out of range';
  try {
    s = v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
