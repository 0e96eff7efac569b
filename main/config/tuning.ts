/**
 * Writing auto-tune settings (the seed's TuningConfig): the API's auto-tune toggles. Either the
 * file's top-level `auto_tune` (shared by every project in the file) or one project's own
 * `projects.<id>.auto_tune`, which overrides the top level key by key. A `null` value removes
 * the key, so the project (or the file) inherits again. Same comment-preserving edit, advisory
 * lock and atomic write as applying a change; no backup and no ledger row: it is a switch, not a
 * change to how runs behave.
 */
import { DEFAULT_TUNING, type TuningConfig } from '../../shared/domain';
import { writeFileAtomic } from './atomic-write';
import { withConfigLock } from './config-lock';
import { editConfigTextMany, type ConfigEdit } from './edit';
import { ConfigError, jsonEqual, valueAt } from './jsonc';
import { loadConfigFile, readTuning, tuningValueProblem, type TuningRead } from './project-config';

/** Setting values to write; `null` removes the key (inherit from the level above). */
export type TuningPatch = { [K in keyof TuningConfig]?: TuningConfig[K] | null };

export interface TuningTarget {
  /** The project whose view is returned (and whose section `scope: 'project'` writes). */
  projectId?: string;
  /** `file` (default): the top-level `auto_tune`; `project`: `projects.<projectId>.auto_tune`. */
  scope?: 'file' | 'project';
}

const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets the given keys (creating the section, and the project's section, if absent); returns the settings read back. */
export function setTuningFor(path: string, patch: TuningPatch, target: TuningTarget = {}): TuningRead {
  const scope = target.scope ?? 'file';
  if (scope === 'project' && !target.projectId) throw new ConfigError('a project is needed to change its own auto-tune settings');
  const base = scope === 'project' ? ['projects', target.projectId as string] : [];
  return withConfigLock(path, () => {
    const file = loadConfigFile(path);
    const sectionPath = [...base, 'auto_tune'];
    for (let d = 1; d <= sectionPath.length; d++) {
      const v = valueAt(file.root, sectionPath.slice(0, d));
      if (v !== undefined && !isObject(v)) throw new ConfigError(`${file.path}: ${sectionPath.slice(0, d).join('.')} must be an object`);
    }
    const edits: ConfigEdit[] = [];
    for (const [key, value] of Object.entries(patch) as [keyof TuningConfig, unknown][]) {
      if (value === undefined) continue;
      if (!(key in DEFAULT_TUNING)) throw new ConfigError(`auto_tune.${String(key)} is not a known setting`);
      if (value !== null) {
        const problem = tuningValueProblem(key, value);
        if (problem) throw new ConfigError(problem);
      }
      const keyPath = [...sectionPath, key];
      const now = valueAt(file.root, keyPath);
      if (value === null ? now !== undefined : !jsonEqual(now, value)) edits.push({ keyPath, value: value ?? undefined });
    }
    const section = (root: typeof file.root) => (target.projectId && isObject(valueAt(root, ['projects', target.projectId])) ? ['projects', target.projectId] : null);
    if (edits.length === 0) return readTuning(file.root, file.text, file.path, section(file.root));
    const newText = editConfigTextMany(file.text, edits, file.path);
    writeFileAtomic(file.path, Buffer.from(newText, 'utf8'));
    const after = loadConfigFile(file.path);
    return readTuning(after.root, after.text, after.path, section(after.root));
  });
}

/** Sets top-level `auto_tune` keys (creating the section if absent) and returns the file's settings. */
export function setTuning(path: string, patch: Partial<TuningConfig>): TuningConfig {
  return setTuningFor(path, patch).tuning;
}
