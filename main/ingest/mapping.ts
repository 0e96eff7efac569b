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

export const MAP_FILE_NAME = 'runbrain.map.json';

const CANONICAL_FIELDS = Object.keys(runRecordSchema.shape).filter((k) => k !== 'extra');
const canonicalField = z.string().refine((v) => CANONICAL_FIELDS.includes(v), {
  error: (i) => `"${String(i.input)}" is not a field of the run record (known: ${CANONICAL_FIELDS.join(', ')})`,
});
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const mappingSchema = z
  .object({
    version: z.literal(1).optional(),
    /** Their field name (dots reach into nested objects: `usage.prompt_tokens`) → canonical field. */
    fields: z.record(z.string().min(1), canonicalField).default({}),
    /** Canonical field → { their value: canonical value }. Matched exactly, then case-insensitively. */
    values: z.record(canonicalField, z.record(z.string(), scalar)).default({}),
    /** Canonical field → value used when a record has none (e.g. a project_id for a flat folder). */
    defaults: z.record(canonicalField, scalar).default({}),
  })
  .strict();

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
      .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.code === 'unrecognized_keys' ? `unknown key(s) ${i.keys.join(', ')}; allowed: version, fields, values, defaults` : i.message}`)
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
