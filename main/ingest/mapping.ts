/**
 * The user's mapping file (`runbrain.map.json` in the folder root, or `--map FILE`): renames
 * fields and maps values for logs whose names RunBrain does not know. Format in
 * docs/run-log-format.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { runRecordSchema } from '../../shared/run-record';
import { composeTaskKey, NO_TASK_KEY_WARNING } from '../../shared/task-key';

export const MAP_FILE_NAME = 'runbrain.map.json';

const CANONICAL_FIELDS = Object.keys(runRecordSchema.shape).filter((k) => k !== 'extra');
const canonicalField = z.string().refine((v) => CANONICAL_FIELDS.includes(v), {
  error: (i) => `"${String(i.input)}" is not a field of the run record (known: ${CANONICAL_FIELDS.join(', ')})`,
});
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const TASK_ID_EXAMPLE = '["benchmark", "instance_id"]';
const kindOf = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`);

/** `task_id`: the field names of their logs whose values, together, are the task key (one name = a list of one). */
const taskIdSources = z.unknown().transform((v, ctx): string[] => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list)) return fail(`must be a list of field names of your logs, e.g. ${TASK_ID_EXAMPLE}, got ${kindOf(v)}`);
  if (list.length === 0) return fail(`must list at least one field name of your logs, e.g. ${TASK_ID_EXAMPLE}; the list is empty`);
  for (let i = 0; i < list.length; i++) {
    const e: unknown = list[i];
    if (typeof e !== 'string') return fail(`entry ${i + 1} must be a field name (text), got ${kindOf(e)}`);
    if (e.trim() === '') return fail(`entry ${i + 1} is blank; each entry names a field of your logs`);
    if (list.indexOf(e) !== i) return fail(`names "${e}" twice`);
  }
  return list as string[];
});

export const mappingSchema = z
  .object({
    version: z.literal(1).optional(),
    /** Their field name (dots reach into nested objects: `usage.prompt_tokens`) → canonical field. */
    fields: z.record(z.string().min(1), canonicalField).default({}),
    /** Canonical field → { their value: canonical value }. Matched exactly, then case-insensitively. */
    values: z.record(canonicalField, z.record(z.string(), scalar)).default({}),
    /** Canonical field → value used when a record has none (e.g. a project_id for a flat folder). */
    defaults: z.record(canonicalField, scalar).default({}),
    /**
     * Their field names whose values together are the task key (`["benchmark", "instance_id"]`),
     * joined by composeTaskKey (shared/task-key.ts); a run missing one of them has no task key.
     */
    task_id: taskIdSources.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.task_id) return;
    const renamed = Object.keys(m.fields).find((k) => m.fields[k] === 'task_id');
    if (renamed !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['task_id'], message: `cannot be combined with fields.${renamed}, which also maps to task_id: list "${renamed}" in task_id instead` });
    }
    if (m.defaults.task_id !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['task_id'], message: 'cannot be combined with defaults.task_id: a run missing a part of the composite key must have no task key, not a default one' });
    }
  });

export type Mapping = z.infer<typeof mappingSchema>;

export class MappingError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`Mapping file ${file} is invalid: ${detail}`);
    this.name = 'MappingError';
  }
}

/** A loaded mapping with a hash of its content (a changed mapping re-reads every file). */
export interface LoadedMapping {
  file: string;
  mapping: Mapping;
  hash: string;
}

/** Validates mapping JSON text; throws MappingError naming the file and the offending key. */
export function parseMapping(text: string, file: string): LoadedMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MappingError(file, `not valid JSON (${(e as Error).message})`);
  }
  const r = mappingSchema.safeParse(json);
  if (!r.success) {
    const detail = r.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.code === 'unrecognized_keys' ? `unknown key(s) ${i.keys.join(', ')}; allowed: version, fields, values, defaults, task_id` : i.message}`)
      .join('; ');
    throw new MappingError(file, detail);
  }
  return { file, mapping: r.data, hash: createHash('sha1').update(text).digest('hex') };
}

/** Loads `mapFile` when given, else `runbrain.map.json` in `root` when present, else null. */
export function loadMapping(root: string, mapFile?: string): LoadedMapping | null {
  const file = mapFile ?? join(root, MAP_FILE_NAME);
  if (!mapFile && !existsSync(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new MappingError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseMapping(text, file);
}

function takePath(obj: Record<string, unknown>, path: string): unknown {
  if (path in obj) {
    const v = obj[path];
    delete obj[path];
    return v;
  }
  const parts = path.split('.');
  let cur: unknown = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    if (cur == null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[parts[i]];
  }
  if (cur == null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
  const leaf = parts[parts.length - 1];
  const v = (cur as Record<string, unknown>)[leaf];
  delete (cur as Record<string, unknown>)[leaf];
  return v;
}

/** A field's value by its own name, else through dots into nested objects; `obj` is left as it is. */
function readPath(obj: Record<string, unknown>, path: string): unknown {
  if (path in obj) return obj[path];
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur == null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** What applyTaskKeyMapping did to one record. */
export interface TaskKeyOutcome {
  /** A `task_id` the log carried that is not one of the parts: moved out of the way, to be kept in `extra.task_id`. */
  logged: unknown;
  /** Why the run has no task key (starts with NO_TASK_KEY_WARNING), or null when the key was built. */
  warning: string | null;
}

/**
 * Builds `task_id` from the mapping's `task_id` fields (after field renames, before aliases; the
 * parts stay in the record as logged). A part that is missing, null, blank or not a text/number
 * leaves the run without a task key, with a warning; mutates `obj`. Null without a composite mapping.
 */
export function applyTaskKeyMapping(obj: Record<string, unknown>, m: Mapping): TaskKeyOutcome | null {
  const sources = m.task_id;
  if (!sources) return null;
  const parts: string[] = [];
  const missing: string[] = [];
  const unusable: string[] = [];
  for (const src of sources) {
    const v = readPath(obj, src);
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) missing.push(src);
    else if (typeof v === 'string') parts.push(v);
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') parts.push(String(v));
    else unusable.push(src);
  }
  let logged: unknown;
  if (!sources.includes('task_id') && obj.task_id != null) {
    logged = obj.task_id;
  }
  delete obj.task_id;
  if (missing.length === 0 && unusable.length === 0) {
    obj.task_id = composeTaskKey(parts);
    return { logged, warning: null };
  }
  const why = [
    missing.length ? `has no ${missing.join(' and no ')}` : '',
    ...unusable.map((u) => `its ${u} is ${kindOf(readPath(obj, u))}, not a text or number`),
  ].filter(Boolean).join(' and ');
  return {
    logged,
    warning: `${NO_TASK_KEY_WARNING}the mapping builds task_id from ${sources.join(' + ')} and this run ${why}; it is not paired with runs of the same task`,
  };
}

/** Applies field renames (before aliases); mutates `obj`. Returns true when anything changed. */
export function applyFieldMapping(obj: Record<string, unknown>, m: Mapping): boolean {
  let changed = false;
  for (const from in m.fields) {
    const to = m.fields[from];
    const v = takePath(obj, from);
    if (v === undefined) continue;
    changed = true;
    if (obj[to] === undefined) obj[to] = v;
  }
  return changed;
}

/** Applies value maps and defaults (after aliases); mutates `obj`. Returns true when anything changed. */
export function applyValueMapping(obj: Record<string, unknown>, m: Mapping): boolean {
  let changed = false;
  for (const field in m.values) {
    const v = obj[field];
    if (v === undefined || v === null || typeof v === 'object') continue;
    const table = m.values[field];
    const key = String(v);
    let mapped = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
    if (mapped === undefined) {
      const lk = key.toLowerCase();
      const hit = Object.keys(table).find((k) => k.toLowerCase() === lk);
      if (hit !== undefined) mapped = table[hit];
    }
    if (mapped !== undefined) {
      changed = true;
      if (mapped === null) delete obj[field];
      else obj[field] = mapped;
    }
  }
  for (const field in m.defaults) {
    if (obj[field] === undefined && m.defaults[field] !== null) {
      obj[field] = m.defaults[field];
      changed = true;
    }
  }
  return changed;
}
