/**
 * Undo of one applied change: the key goes back to its value before the change (only that key;
 * later edits elsewhere survive), objects the change created go again, auto-tune marks are taken
 * back, and the undo is itself a ledger row. Refuses when the key was edited since.
 */
import { basename } from 'node:path';
import type { LedgerStore } from '../store';
import type { TunableField } from '../../shared/run-record';
import { commit, inheritedAt, loadExpecting, markerBase, previewOf, type Plan, type UndoPreview } from './change-commit';
import { editConfigTextMany, type ConfigEdit } from './edit';
import { ConfigConflictError, ConfigError, ConfigNotFoundError, dotted, jsonEqual, nodeAt, showValue, valueAt, type KeyPath } from './jsonc';
import { createdByUs, replacedMarkBefore, type LedgerRow, type StoredChange } from './ledger';
import { FIELD_KEYS, type ConfigFile } from './project-config';

function keyPathOfRow(row: LedgerRow): string[] {
  if (row.field === 'auto_tune') throw new ConfigError(`change #${row.id} changed auto_tune settings; toggle them instead`);
  const rel = FIELD_KEYS[row.field];
  const candidates = [[...rel], ['projects', row.project_id, ...rel]];
  const found = candidates.find((c) => dotted(c) === row.key_path);
  if (!found) throw new ConfigError(`change #${row.id}: unexpected key path ${row.key_path}`);
  return found;
}

/** `value` nested under `path` (`['a','b'], 1` → `{ a: { b: 1 } }`). */
function nest(path: KeyPath, value: unknown): unknown {
  return path.reduceRight<unknown>((v, k) => ({ [k]: v }), value);
}

/**
 * Puts the key back. When the change created it, removes the outermost object the change
 * created that still holds nothing but the key (so no empty `"prompts": {}` is left); when
 * other keys were added inside since, only the objects that hold nothing else go.
 */
function keyUndoEdit(file: ConfigFile, keyPath: KeyPath, stored: StoredChange): ConfigEdit {
  if (stored.before !== undefined) return { keyPath, value: stored.before };
  const created = stored.created_keys.find((p) => p.length <= keyPath.length && p.every((k, i) => k === keyPath[i]));
  for (let d = created?.length ?? keyPath.length; d < keyPath.length; d++) {
    const prefix = keyPath.slice(0, d);
    if (jsonEqual(valueAt(file.root, prefix), nest(keyPath.slice(d), stored.after))) return { keyPath: prefix, value: undefined };
  }
  return { keyPath, value: undefined };
}

/**
 * The field is no longer auto-tuned: drop it from `_tuned_fields`. Once the list is empty the
 * marks RunBrain added go; marks that were in the file before stay (an empty list stays empty).
 */
async function markerUndoEdits(ledger: LedgerStore, file: ConfigFile, base: string[], field: TunableField): Promise<ConfigEdit[]> {
  const fieldsPath = [...base, '_tuned_fields'];
  const listed = valueAt(file.root, fieldsPath);
  if (!Array.isArray(listed) || !listed.includes(field)) return [];
  const rest = listed.filter((f) => f !== field);
  if (rest.length > 0) return [{ keyPath: fieldsPath, value: rest }];
  const edits: ConfigEdit[] = [{ keyPath: fieldsPath, value: await createdByUs(ledger, file.path, fieldsPath) ? undefined : [] }];
  const flagPath = [...base, '_auto_tuned'];
  if (await createdByUs(ledger, file.path, flagPath)) edits.push({ keyPath: flagPath, value: undefined });
  else {
    const prior = await replacedMarkBefore(ledger, file.path, flagPath);
    if (prior && !jsonEqual(valueAt(file.root, flagPath), prior.before)) edits.push({ keyPath: flagPath, value: prior.before });
  }
  return edits;
}

async function planUndo(ledger: LedgerStore, changeId: number, baseHash: string | undefined): Promise<{ plan: Plan; row: LedgerRow }> {
  const stored = await ledger.getStored(changeId);
  if (!stored) throw new ConfigNotFoundError(`there is no change #${changeId} in the ledger`);
  const { row } = stored;
  if (row.status === 'undone') throw new ConfigConflictError(`change #${changeId} was already undone (${row.undone_at})`);
  if (row.undo_of !== null) {
    throw new ConfigError(`change #${changeId} is itself the undo of #${row.undo_of}; apply the recommendation again instead`);
  }
  const later = await ledger.laterChangesOfKey(row);
  if (later.length > 0) {
    throw new ConfigConflictError(`${row.key_path} was changed again by change #${later[later.length - 1]}; undo that change first`);
  }
  const keyPath = keyPathOfRow(row);
  const field = row.field as TunableField;
  const file = loadExpecting(row.config_path, baseHash);
  const current = valueAt(file.root, keyPath);
  if (!jsonEqual(current, stored.after)) {
    throw new ConfigConflictError(
      `cannot undo change #${changeId}: ${row.key_path} in ${basename(file.path)} is now ${showValue(current)}, ` +
        `not the ${showValue(stored.after)} RunBrain wrote (it was edited since); change it by hand if needed`,
    );
  }
  const edits: ConfigEdit[] = [keyUndoEdit(file, keyPath, stored)];
  if (row.applied_by === 'auto-tune') edits.push(...await markerUndoEdits(ledger, file, markerBase(keyPath, field), field));
  const removed = edits.filter((e) => e.value === undefined && nodeAt(file.root, e.keyPath) !== undefined).map((e) => e.keyPath);
  const newText = editConfigTextMany(file.text, edits, file.path);
  const inherited = stored.before === undefined ? inheritedAt(file, keyPath, field) : null;
  const plan: Plan = {
    file, keyPath, before: current, after: stored.before, newText, created: [], removed,
    inherited: inherited ? { side: 'after', value: inherited } : null,
  };
  return { plan, row };
}

/** The diff that undoing change `changeId` would make (the key goes back to its earlier value). */
export async function previewUndo(ledger: LedgerStore, changeId: number): Promise<UndoPreview> {
  const { plan } = await planUndo(ledger, changeId, undefined);
  return { ...previewOf(plan), change_id: changeId };
}

/**
 * Restores the key's value from before change `changeId` (only that key: later edits elsewhere
 * survive). Refuses if the key no longer holds the value we wrote. Marks the change undone and
 * returns the new ledger row recording the undo.
 */
export async function undoChange(ledger: LedgerStore, changeId: number, opts: { baseHash?: string; now: Date; keepBackups?: number }): Promise<LedgerRow> {
  const { plan, row } = await planUndo(ledger, changeId, opts.baseHash);
  return await commit(ledger, plan, {
    projectId: row.project_id,
    field: row.field as TunableField,
    by: 'user',
    recommendation: null,
    now: opts.now,
    undoOf: changeId,
    keepBackups: opts.keepBackups,
  });
}
