/**
 * Writing the `auto_tune` section (the seed's TuningConfig) of a config file: the API's
 * auto-tune toggle. Same comment-preserving edit and atomic write as applying a change; no
 * backup and no ledger row: it is a switch, not a change to how runs behave.
 */
import { DEFAULT_TUNING, type TuningConfig } from '../../shared/domain';
import { writeFileAtomic } from './atomic-write';
import { editConfigTextMany, type ConfigEdit } from './edit';
import { ConfigError, jsonEqual, valueAt } from './jsonc';
import { loadConfigFile, tuningFrom, tuningValueProblem } from './project-config';

/** Sets the given `auto_tune` keys (creating the section if absent) and returns the new settings. */
export function setTuning(path: string, patch: Partial<TuningConfig>): TuningConfig {
  const file = loadConfigFile(path);
  const edits: ConfigEdit[] = [];
  for (const [key, value] of Object.entries(patch) as [keyof TuningConfig, unknown][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_TUNING)) throw new ConfigError(`auto_tune.${String(key)} is not a known setting`);
    const problem = tuningValueProblem(key, value);
    if (problem) throw new ConfigError(problem);
    if (!jsonEqual(valueAt(file.root, ['auto_tune', key]), value)) edits.push({ keyPath: ['auto_tune', key], value });
  }
  const section = valueAt(file.root, ['auto_tune']);
  if (section !== undefined && (section === null || typeof section !== 'object' || Array.isArray(section))) {
    throw new ConfigError(`${file.path}: auto_tune must be an object`);
  }
  if (edits.length === 0) return tuningFrom(file.root, file.text, file.path);
  const newText = editConfigTextMany(file.text, edits, file.path);
  writeFileAtomic(file.path, Buffer.from(newText, 'utf8'));
  return tuningFrom(loadConfigFile(file.path).root, newText, file.path);
}
