/**
 * Preview, apply and undo of one setting in a project's config file, recorded in the ledger.
 *
 * Safety: apply refuses when the file's sha256 differs from the preview's (`baseHash`) or the
 * file is not valid JSONC; only the one key changes (comments and formatting stay); the old
 * bytes are kept beside the file as `<name>.runbrain-backup-<UTC stamp>` (the last 20 per
 * config are kept); the new bytes are written through a temp file + fsync + rename beside the
 * real file (through a symlink), with its mode and owner, never over a read-only file. The only
 * paths ever written are the config, its temp file, its backup and its lock file. From the last
 * hash check to the rename the file's advisory lock is held (config-lock.ts). The ledger row
 * and the file write happen in one unit of work of the ledger: if the write fails no row is kept, and
 * if the commit fails the old bytes are put back. See docs/config-files.md.
 */
import { basename } from 'node:path';
import type { LedgerStore } from '../store';
import type { Recommendation } from '../../shared/domain';
import type { TunableField } from '../../shared/run-record';
import { commit, inheritedAt, loadExpecting, markerBase, previewOf, type ChangePreview, type Plan } from './change-commit';
import { editConfigTextMany, type ConfigEdit } from './edit';
import { ConfigError, dotted, jsonEqual, nodeAt, showValue, valueAt, type KeyPath } from './jsonc';
import type { LedgerRow, ReplacedMark } from './ledger';
import {
  FIELD_KEYS,
  currentValues,
  loadConfigFile,
  projectSection,
  strategiesOf,
  tunableValueProblem,
  writeKeyPath,
  type ConfigFile,
} from './project-config';

export { listLedger, getLedgerEntry, type LedgerRow } from './ledger';
export { configDiff, type ChangePreview, type UndoPreview } from './change-commit';
export { previewUndo, undoChange } from './undo';

export interface ChangeRequest {
  path: string;
  projectId: string;
  field: TunableField;
  value: string | number;
}

export interface ApplyRequest extends ChangeRequest {
  baseHash: string;
  by: 'user' | 'auto-tune';
  recommendation: Recommendation | null;
  now: Date;
  /** Backups of this config to keep (default DEFAULT_BACKUPS_KEPT, 20). */
  keepBackups?: number;
}

/** The outermost prefix of `keyPath` that does not exist yet (the key itself when only it is missing), or null. */
function outermostAbsent(file: ConfigFile, keyPath: KeyPath): KeyPath | null {
  for (let d = 1; d <= keyPath.length; d++) if (nodeAt(file.root, keyPath.slice(0, d)) === undefined) return keyPath.slice(0, d);
  return null;
}

/** The marker edits after auto-tune changed `field` (merged with fields already listed). */
export function markerEdits(file: ConfigFile, base: string[], fields: readonly TunableField[]): ConfigEdit[] {
  const listed = valueAt(file.root, [...base, '_tuned_fields']);
  const merged = Array.isArray(listed) ? listed.filter((x): x is string => typeof x === 'string') : [];
  for (const f of fields) if (!merged.includes(f)) merged.push(f);
  return [
    { keyPath: [...base, '_auto_tuned'], value: true },
    { keyPath: [...base, '_tuned_fields'], value: merged },
  ];
}

function planChange(file: ConfigFile, req: ChangeRequest, markTuned: boolean): Plan {
  if (!(req.field in FIELD_KEYS)) throw new ConfigError(`${String(req.field)} is not a setting RunBrain can change`);
  const section = projectSection(file.root, req.projectId, file.path);
  const strategies = strategiesOf(file.root, section, currentValues(file.root, section));
  const problem = tunableValueProblem(req.field, req.value, strategies);
  if (problem) throw new ConfigError(problem);
  const keyPath = writeKeyPath(section, req.field);
  const before = valueAt(file.root, keyPath);
  if (jsonEqual(before, req.value)) {
    throw new ConfigError(`${dotted(keyPath)} is already ${showValue(req.value)} in ${basename(file.path)}; nothing to change`);
  }
  const edits: ConfigEdit[] = [{ keyPath, value: req.value }];
  if (markTuned) edits.push(...markerEdits(file, markerBase(keyPath, req.field), [req.field]));
  // What did not exist before, so that undo can take it away again (parent objects included).
  const created: KeyPath[] = [];
  const replaced: ReplacedMark[] = [];
  for (const [i, e] of edits.entries()) {
    const absent = outermostAbsent(file, e.keyPath);
    if (absent) created.push(absent);
    const old = valueAt(file.root, e.keyPath);
    // A mark the user had set otherwise (`"_auto_tuned": false`) comes back on undo.
    if (i > 0 && old !== undefined && !jsonEqual(old, e.value) && e.keyPath[e.keyPath.length - 1] === '_auto_tuned') {
      replaced.push({ key_path: e.keyPath, before: old });
    }
  }
  const newText = editConfigTextMany(file.text, edits, file.path);
  const inherited = before === undefined ? inheritedAt(file, keyPath, req.field) : null;
  return {
    file, keyPath, before, after: req.value, newText, created, removed: [], replaced,
    inherited: inherited ? { side: 'before', value: inherited } : null,
  };
}

/** The diff that applying `value` to `field` would make, and the hash to apply it against. */
export function previewChange(req: ChangeRequest): ChangePreview {
  return previewOf(planChange(loadConfigFile(req.path), req, false));
}

/** Applies a previewed change: checks, backup, atomic write and ledger row. Returns the row. */
export async function applyChange(ledger: LedgerStore, req: ApplyRequest): Promise<LedgerRow> {
  const file = loadExpecting(req.path, req.baseHash);
  // Changes made by auto-tune carry the seed's `_auto_tuned` / `_tuned_fields` marks.
  const plan = planChange(file, req, req.by === 'auto-tune');
  return await commit(ledger, plan, {
    projectId: req.projectId,
    field: req.field,
    by: req.by,
    recommendation: req.recommendation,
    now: req.now,
    undoOf: null,
    keepBackups: req.keepBackups,
  });
}
