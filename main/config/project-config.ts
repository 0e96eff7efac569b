/**
 * Reading a project's `project_config.json` (JSONC): its tunable settings, its `auto_tune`
 * section and its prompt strategies (seed 000, "Configuration Reference").
 *
 * Per-project override rule: when the file has an object at `projects.<projectId>`, that
 * section overrides the top level for this project. Reading: a key present in the section wins,
 * otherwise the top-level key is used. Writing: changes go into the section when it exists
 * (even if the key is only at top level today, so other projects sharing the file are not
 * affected), else to the top level. `auto_tune` follows the same rule key by key: a project's
 * `projects.<id>.auto_tune` section overrides the top-level `auto_tune` (the seed's one switch
 * per file), which overrides the defaults.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Node } from 'jsonc-parser';
import { CONFIDENCE_ORDER, DEFAULT_TUNING, type StrategiesResult, type TuningConfig, type TuningSource } from '../../shared/domain';
import { TUNABLE_FIELDS, type TunableField } from '../../shared/run-record';
import { BOM, ConfigError, lineColumn, nodeAt, parseConfigTree, sha256, valueAt, type KeyPath } from './jsonc';

/** Where each tunable field lives in the file, relative to the top level or a project section. */
export const FIELD_KEYS: Record<TunableField, KeyPath> = {
  mode: ['mode'],
  max_rounds: ['max_rounds'],
  max_cost_usd: ['max_cost_usd'],
  prompt_strategy: ['prompts', 'default_strategy'],
  model: ['model'],
  prompt_version: ['prompt_version'],
  recipe: ['recipe'],
};

export type CurrentValues = Partial<Record<TunableField, string | number>>;

export interface ProjectConfig {
  /** Absolute path of the file read. */
  path: string;
  text: string;
  /** sha256 of the file's bytes: pass it back to apply as `baseHash`. */
  hash: string;
  current: CurrentValues;
  tuning: TuningConfig;
  /** Where each auto-tune value comes from, and what the project inherits without its section. */
  tuningSources: Record<keyof TuningConfig, TuningSource>;
  tuningInherited: TuningConfig;
  strategies: StrategiesResult;
  /** Where a change of each field would be written (section-aware, see the rule above). */
  keyPaths: Record<TunableField, string[]>;
  /** `['projects', projectId]` when the file has a section for this project. */
  section: string[] | null;
}

export interface ConfigFile {
  path: string;
  bytes: Buffer;
  text: string;
  hash: string;
  root: Node;
}

/** Reads a config file's bytes (not parsed yet: a conflict check comes first). */
export function readConfigBytes(path: string): Omit<ConfigFile, 'root'> {
  const abs = resolve(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read ${abs}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const text = bytes.toString('utf8');
  // Rewriting a non-UTF-8 file through a JS string would silently change bytes we never touched.
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new ConfigError(`${abs} is not UTF-8 text; refusing to edit it`);
  return { path: abs, bytes, text, hash: sha256(bytes) };
}

/** Reads a config file's bytes and parses it; throws ConfigError when unreadable or invalid. */
export function loadConfigFile(path: string): ConfigFile {
  const raw = readConfigBytes(path);
  return { ...raw, root: parseConfigTree(raw.text, raw.path) };
}

/** `['projects', projectId]` if that section exists; throws if it exists but is not an object. */
export function projectSection(root: Node, projectId: string, label: string): string[] | null {
  const projects = nodeAt(root, ['projects']);
  if (projects === undefined || projects.type !== 'object') return null;
  const section = nodeAt(root, ['projects', projectId]);
  if (section === undefined) return null;
  if (section.type !== 'object') throw new ConfigError(`${label}: projects.${projectId} must be an object`);
  return ['projects', projectId];
}

/** The key path a change of `field` is written to. */
export function writeKeyPath(section: string[] | null, field: TunableField): string[] {
  return [...(section ?? []), ...FIELD_KEYS[field]];
}

/** The effective value of `field` for the project (section first, then top level). */
export function effectiveValue(root: Node, section: string[] | null, field: TunableField): unknown {
  if (section) {
    const v = valueAt(root, [...section, ...FIELD_KEYS[field]]);
    if (v !== undefined) return v;
  }
  return valueAt(root, FIELD_KEYS[field]);
}

/** The effective tunable values for the project (only strings and finite numbers). */
export function currentValues(root: Node, section: string[] | null): CurrentValues {
  const out: CurrentValues = {};
  for (const f of TUNABLE_FIELDS) {
    const v = effectiveValue(root, section, f);
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) out[f] = v;
  }
  return out;
}

/** `prompts.strategies` (top level, then the project section's) and the effective default. */
export function strategiesOf(root: Node, section: string[] | null, current: CurrentValues): StrategiesResult {
  const strategies: StrategiesResult['strategies'] = {};
  for (const base of section ? [[], section] : [[]]) {
    const s = valueAt(root, [...base, 'prompts', 'strategies']);
    if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
    for (const [name, info] of Object.entries(s as Record<string, unknown>)) {
      const entry: { file?: string; description?: string } = {};
      if (info && typeof info === 'object') {
        const { file, description } = info as Record<string, unknown>;
        if (typeof file === 'string') entry.file = file;
        if (typeof description === 'string') entry.description = description;
      }
      strategies[name] = entry;
    }
  }
  const d = current.prompt_strategy;
  return { default_strategy: typeof d === 'string' ? d : null, strategies };
}

function where(text: string, node: Node): { line: number; column: number } {
  return lineColumn(text.startsWith(BOM) ? text.slice(1) : text, node.offset);
}

export interface TuningRead {
  tuning: TuningConfig;
  sources: Record<keyof TuningConfig, TuningSource>;
  /** Top level over the defaults: what the project has without its own section. */
  inherited: TuningConfig;
}

/** The values an `auto_tune` object at `base` sets (validated), keyed by setting. */
function tuningSectionAt(root: Node, text: string, label: string, base: KeyPath): Partial<TuningConfig> {
  const at = [...base, 'auto_tune'];
  const section = nodeAt(root, at);
  if (section === undefined || section.type === 'null') return {};
  const fail = (node: Node, msg: string): never => {
    const { line, column } = where(text, node);
    throw new ConfigError(`${label}: ${msg} (line ${line}, column ${column})`, line, column);
  };
  const name = at.join('.');
  if (section.type !== 'object') fail(section, `${name} must be an object`);
  const out: Partial<TuningConfig> = {};
  for (const key of Object.keys(DEFAULT_TUNING) as (keyof TuningConfig)[]) {
    const node = nodeAt(root, [...at, key]);
    if (node === undefined) continue;
    const value = valueAt(root, [...at, key]);
    const problem = tuningValueProblem(key, value);
    if (problem) fail(node, base.length ? problem.replace(/^auto_tune\./, `${name}.`) : problem);
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/**
 * The project's auto-tune settings: its `projects.<id>.auto_tune` (when `section` is given)
 * over the top-level `auto_tune` over DEFAULT_TUNING, key by key, with each value's source.
 * Throws ConfigError (with line and column) on a bad value.
 */
export function readTuning(root: Node, text: string, label: string, section: string[] | null = null): TuningRead {
  const file = tuningSectionAt(root, text, label, []);
  const own = section ? tuningSectionAt(root, text, label, section) : {};
  const inherited = { ...DEFAULT_TUNING, ...file };
  const tuning = { ...inherited, ...own };
  const sources = {} as Record<keyof TuningConfig, TuningSource>;
  for (const key of Object.keys(DEFAULT_TUNING) as (keyof TuningConfig)[]) {
    sources[key] = key in own ? 'project' : key in file ? 'file' : 'default';
  }
  return { tuning, sources, inherited };
}

/** The top-level `auto_tune` section merged over DEFAULT_TUNING; throws ConfigError on a bad value. */
export function tuningFrom(root: Node, text: string, label: string, section: string[] | null = null): TuningConfig {
  return readTuning(root, text, label, section).tuning;
}

/** Why `value` is not acceptable for `auto_tune.<key>`, or null when it is. */
export function tuningValueProblem(key: keyof TuningConfig, value: unknown): string | null {
  const found = `found ${JSON.stringify(value)}`;
  switch (key) {
    case 'enabled':
    case 'apply_safely':
      return typeof value === 'boolean' ? null : `auto_tune.${key} must be true or false, ${found}`;
    case 'min_runs_for_recommendations':
      return Number.isInteger(value) && (value as number) >= 1
        ? null
        : `auto_tune.min_runs_for_recommendations must be a whole number ≥ 1, ${found}`;
    case 'confidence_threshold':
      return typeof value === 'string' && value in CONFIDENCE_ORDER
        ? null
        : `auto_tune.confidence_threshold must be "high", "medium" or "low", ${found}`;
    default:
      return `auto_tune.${String(key)} is not a known setting`;
  }
}

/** Why `value` cannot be written to `field`, or null. Strategies must be defined when a list exists. */
export function tunableValueProblem(field: TunableField, value: unknown, strategies?: StrategiesResult): string | null {
  const found = `got ${JSON.stringify(value)}`;
  switch (field) {
    case 'max_rounds':
      return Number.isInteger(value) && (value as number) >= 1 ? null : `max_rounds must be a whole number ≥ 1, ${found}`;
    case 'max_cost_usd':
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? null : `max_cost_usd must be a number > 0, ${found}`;
    case 'prompt_strategy': {
      if (typeof value !== 'string' || value.trim() === '') return `prompt_strategy must be a non-empty string, ${found}`;
      const names = Object.keys(strategies?.strategies ?? {});
      return names.length === 0 || names.includes(value)
        ? null
        : `prompt strategy "${value}" is not defined in prompts.strategies (${names.join(', ')})`;
    }
    case 'mode':
    case 'model':
    case 'prompt_version':
    case 'recipe':
      return typeof value === 'string' && value.trim() !== '' ? null : `${field} must be a non-empty string, ${found}`;
    default:
      return `${String(field)} is not a setting RunBrain can change`;
  }
}

/** Reads the config for one project: current values, auto-tune settings, strategies, key paths. */
export function readProjectConfig(path: string, projectId: string): ProjectConfig {
  const file = loadConfigFile(path);
  return describeConfig(file, projectId);
}

/** `readProjectConfig` for an already loaded file. */
export function describeConfig(file: ConfigFile, projectId: string): ProjectConfig {
  const section = projectSection(file.root, projectId, file.path);
  const current = currentValues(file.root, section);
  const keyPaths = {} as Record<TunableField, string[]>;
  for (const f of TUNABLE_FIELDS) keyPaths[f] = writeKeyPath(section, f);
  const tuning = readTuning(file.root, file.text, file.path, section);
  return {
    path: file.path,
    text: file.text,
    hash: file.hash,
    current,
    tuning: tuning.tuning,
    tuningSources: tuning.sources,
    tuningInherited: tuning.inherited,
    strategies: strategiesOf(file.root, section, current),
    keyPaths,
    section,
  };
}
