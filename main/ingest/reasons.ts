/** Turns zod issues into the specific quarantine reasons users read: `total_cost_usd must be …, got "lots"`. */
import type { z } from 'zod';
import { show } from './coerce';

export function pathToString(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(record)';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const p of path) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

/** `{field, reason}` for the first issue; the reason has no line prefix. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): { field: string; reason: string } {
  const field = pathToString(issue.path);
  const got = valueAt(input, issue.path);
  // JSON has no Infinity: a literal such as 1e999 overflows to it in JSON.parse.
  if (typeof got === 'number' && !Number.isFinite(got)) return { field, reason: `${field} is a number out of range (beyond ±1.8e308)` };
  // Our schema's own messages read "<field> must …": keep the "must …" and name the real path.
  const own = /^(?:[\w.[\]]+ )?(must .+)$/.exec(issue.message);
  let what: string;
  if (own) what = own[1];
  else if (issue.code === 'invalid_type') {
    if (got === undefined) return { field, reason: `${field} is required` };
    what = `must be ${article(issue.expected)}`;
  } else if (issue.code === 'invalid_value') what = `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
  else if (issue.code === 'too_small') what = `must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
  else if (issue.code === 'too_big') what = `must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
  else if (issue.code === 'invalid_format') what = `must be ${issue.format === 'datetime' ? 'an ISO 8601 date-time' : `a valid ${issue.format}`}`;
  else what = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  return { field, reason: `${field} ${what}, got ${show(got)}` };
}
