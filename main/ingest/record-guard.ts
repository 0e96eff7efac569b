/**
 * Checks on a parsed value before it is normalised, for input that would otherwise break later
 * stages: nesting so deep that JSON.stringify (and structured clone, SQLite's JSON functions)
 * overflow, and strings that are not valid Unicode (lone surrogates from `\uD800` escapes),
 * which SQLite would store as bytes other readers reject. Pure; recursion is bounded by
 * MAX_DEPTH, so the check itself cannot overflow.
 */
import { pathToString } from './reasons';

/** Deepest nesting of objects/arrays accepted in one record (real logs nest < 20 levels). */
export const MAX_DEPTH = 100;

export interface GuardIssue {
  field: string | null;
  reason: string;
}

type Path = Array<string | number>;

/** A lone surrogate in `s` (String.prototype.isWellFormed, Node ≥ 20). */
const illFormed = (s: string): boolean => !(s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Why `value` (parsed from `text`) cannot be stored, or null. Strings are only inspected when
 * the text has a `\u` escape: UTF-8 decoding never yields a lone surrogate, an escape can.
 */
export function guardValue(text: string, value: unknown): GuardIssue | null {
  const strings = text.includes('\\u');
  const path: Path = [];
  const walk = (v: unknown, depth: number): GuardIssue | null => {
    if (typeof v === 'string') return strings && illFormed(v) ? surrogate(path) : null;
    if (v === null || typeof v !== 'object') return null;
    if (depth >= MAX_DEPTH) {
      return { field: path.length ? pathToString(path) : null, reason: `nested deeper than ${MAX_DEPTH} levels (objects and arrays inside each other); not read as a run` };
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as unknown;
        if (x === null || (typeof x !== 'object' && typeof x !== 'string')) continue;
        path.push(i);
        const r = walk(x, depth + 1);
        path.pop();
        if (r) return r;
      }
      return null;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (strings && illFormed(k)) return surrogate([...path, k]);
      const x = o[k];
      if (x === null || (typeof x !== 'object' && typeof x !== 'string')) continue;
      path.push(k);
      const r = walk(x, depth + 1);
      path.pop();
      if (r) return r;
    }
    return null;
  };
  return walk(value, 0);
}

function surrogate(path: Path): GuardIssue {
  const field = path.length ? pathToString(path) : null;
  return { field, reason: `${field ?? 'the record'} has an unpaired UTF-16 surrogate escape (e.g. "\\ud800" alone), which is not valid Unicode text` };
}

/** Reason for a record whose bytes are not valid UTF-8 (the decoder would silently turn them into U+FFFD). */
export const INVALID_UTF8 = 'contains bytes that are not valid UTF-8 (RunBrain reads run logs as UTF-8); not read';
