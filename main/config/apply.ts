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
import { unlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { LedgerStore } from '../store';
import type { InheritedValue, Recommendation } from '../../shared/domain';
import type { TunableField } from '../../shared/run-record';
import { DEFAULT_BACKUPS_KEPT, pruneBackups, writeBackup, writeFileAtomic } from './atomic-write';
import { withConfigLock } from './config-lock';
import { editConfigTextMany, type ConfigEdit } from './edit';
import { ConfigConflictError, ConfigError, ConfigNotFoundError, dotted, jsonEqual, nodeAt, sha256, showValue, valueAt, type KeyPath } from './jsonc';
import {
  createdByUs,
  replacedMarkBefore,
  type LedgerRow,
  type ReplacedMark,
  type StoredChange,
} from './ledger';
import {
  FIELD_KEYS,
  currentValues,
  loadConfigFile,
  projectSection,
  readConfigBytes,
  strategiesOf,
  tunableValueProblem,
  writeKeyPath,
  type ConfigFile,
} from './project-config';

export { listLedger, getLedgerEntry, type LedgerRow } from './ledger';

export interface ChangeRequest {
  path: string;
  projectId: string;
  field: TunableField;
  value: string | number;
}

export interface ChangePreview {
  config_path: string;
  /** Unified diff of the whole file, current → after the change. */
  diff: string;
  /** sha256 of the file previewed: pass it to applyChange/undoChange. */
  base_hash: string;
  key_path: string;
  /** The key's own value now (null = absent). */
  before_value: unknown;
  after_value: unknown;
  /** When before_value is null: what the project inherits now ("5, from the top-level default"). */
  before_inherited: InheritedValue | null;
  /** When after_value is null (an undo that removes the key): what the project inherits then. */
  after_inherited: InheritedValue | null;
}

export interface UndoPreview extends ChangePreview {
  change_id: number;
}

export interface ApplyRequest extends ChangeRequest {
  baseHash: string;
  by: 'user' | 'auto-tune';
  recommendation: Recommendation | null;
  now: Date;
  /** Backups of this config to keep (default DEFAULT_BACKUPS_KEPT, 20). */
  keepBackups?: number;
}

interface Plan {
  file: ConfigFile;
  keyPath: string[];
  before: unknown;
  after: unknown;
  newText: string;
  /** Apply: key paths absent before that the change adds (outermost created one of the key, marks). */
  created: KeyPath[];
  /** Undo: key paths the undo deletes. */
  removed: KeyPath[];
  /** Apply: marks that existed with another value (a `_auto_tuned: false` made true). */
  replaced?: ReplacedMark[];
  /** The value inherited on the side where the key is absent (apply: before; undo: after). */
  inherited?: { side: 'before' | 'after'; value: InheritedValue } | null;
}

/**
 * What a project inherits for `field` when its own key at `keyPath` is absent: the top-level
 * value when the key lives in a project section; null for a top-level key (nothing above it).
 */
function inheritedAt(file: ConfigFile, keyPath: KeyPath, field: TunableField): InheritedValue | null {
  const rel = FIELD_KEYS[field];
  if (keyPath.length === rel.length) return null;
  const value = valueAt(file.root, rel);
  return value === undefined ? null : { value, key_path: dotted(rel), source: 'top-level' };
}

/** A unified diff of the config file between two texts. */
export function configDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(path, path, before, after, 'current', 'after change', { context: 3 });
}

const nullIfAbsent = (v: unknown): unknown => (v === undefined ? null : v);

/** Where the seed's `_auto_tuned` / `_tuned_fields` markers live: beside the tuned keys. */
function markerBase(keyPath: readonly string[], field: TunableField): string[] {
  return keyPath.slice(0, keyPath.length - FIELD_KEYS[field].length);
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

function previewOf(plan: Plan): ChangePreview {
  return {
    config_path: plan.file.path,
    diff: configDiff(plan.file.path, plan.file.text, plan.newText),
    base_hash: plan.file.hash,
    key_path: dotted(plan.keyPath),
    before_value: nullIfAbsent(plan.before),
    after_value: nullIfAbsent(plan.after),
    before_inherited: plan.inherited?.side === 'before' ? plan.inherited.value : null,
    after_inherited: plan.inherited?.side === 'after' ? plan.inherited.value : null,
  };
}

/** The diff that applying `value` to `field` would make, and the hash to apply it against. */
export function previewChange(req: ChangeRequest): ChangePreview {
  return previewOf(planChange(loadConfigFile(req.path), req, false));
}

/** Re-reads the file, refusing if it is not the one previewed, then parses it. */
function loadExpecting(path: string, baseHash: string | undefined): ConfigFile {
  const raw = readConfigBytes(path);
  if (baseHash !== undefined && raw.hash !== baseHash) {
    throw new ConfigConflictError(`${basename(raw.path)} changed on disk since the preview; preview again`);
  }
  return loadConfigFile(path);
}

interface CommitMeta {
  projectId: string;
  field: TunableField;
  by: 'user' | 'auto-tune';
  recommendation: Recommendation | null;
  now: Date;
  undoOf: number | null;
  /** Backups of this config kept after the change (default DEFAULT_BACKUPS_KEPT). */
  keepBackups?: number;
}

/**
 * Backup, ledger row and atomic write as one step (see the file comment), under the file's
 * advisory lock from the last hash check to the rename; then old backups beyond the limit go.
 */
function commit(ledger: LedgerStore, plan: Plan, meta: CommitMeta): LedgerRow {
  const row = withConfigLock(plan.file.path, () => commitLocked(ledger, plan, meta));
  try {
    pruneBackups(plan.file.path, meta.keepBackups ?? DEFAULT_BACKUPS_KEPT);
  } catch {
    // Old backups that could not be removed are harmless; the change itself is done.
  }
  return row;
}

function commitLocked(ledger: LedgerStore, plan: Plan, meta: CommitMeta): LedgerRow {
  const { file } = plan;
  const newBytes = Buffer.from(plan.newText, 'utf8');
  let backup: string | null = null;
  let wrote = false;
  const tx = (): LedgerRow => {
    backup = writeBackup(file.path, file.bytes, meta.now);
    const row = {
      project_id: meta.projectId,
      config_path: file.path,
      key_path: dotted(plan.keyPath),
      field: meta.field,
      before_value: plan.before,
      after_value: plan.after,
      now: meta.now,
      applied_by: meta.by,
      recommendation: meta.recommendation,
      backup_path: backup,
      before_hash: file.hash,
      after_hash: sha256(newBytes),
      undo_of: meta.undoOf,
      created_keys: plan.created,
      removed_keys: plan.removed,
      replaced_marks: plan.replaced ?? [],
      inherited: plan.inherited ?? null,
    };
    // The row (and the undone mark) commit only if this write succeeds, and vanish if it throws.
    return ledger.recordChange(row, meta.undoOf, () => {
      // Last look under the lock: another RunBrain writer waits for us; an editor that ignores
      // the lock has at most the microseconds until the rename.
      if (readConfigBytes(file.path).hash !== file.hash) {
        throw new ConfigConflictError(`${basename(file.path)} changed on disk while applying; preview again`);
      }
      writeFileAtomic(file.path, newBytes);
      wrote = true;
    });
  };
  let entry: LedgerRow;
  try {
    entry = tx();
  } catch (e) {
    let restored = !wrote;
    if (wrote) {
      try {
        writeFileAtomic(file.path, file.bytes);
        restored = true;
      } catch {
        // The backup beside the file still holds the old bytes.
      }
    }
    if (restored && backup) {
      try {
        unlinkSync(backup);
      } catch {
        // Best effort: a stray backup is harmless.
      }
    }
    throw e;
  }
  return entry;
}

/** Applies a previewed change: checks, backup, atomic write and ledger row. Returns the row. */
export function applyChange(ledger: LedgerStore, req: ApplyRequest): LedgerRow {
  const file = loadExpecting(req.path, req.baseHash);
  // Changes made by auto-tune carry the seed's `_auto_tuned` / `_tuned_fields` marks.
  const plan = planChange(file, req, req.by === 'auto-tune');
  return commit(ledger, plan, {
    projectId: req.projectId,
    field: req.field,
    by: req.by,
    recommendation: req.recommendation,
    now: req.now,
    undoOf: null,
    keepBackups: req.keepBackups,
  });
}

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
function markerUndoEdits(ledger: LedgerStore, file: ConfigFile, base: string[], field: TunableField): ConfigEdit[] {
  const fieldsPath = [...base, '_tuned_fields'];
  const listed = valueAt(file.root, fieldsPath);
  if (!Array.isArray(listed) || !listed.includes(field)) return [];
  const rest = listed.filter((f) => f !== field);
  if (rest.length > 0) return [{ keyPath: fieldsPath, value: rest }];
  const edits: ConfigEdit[] = [{ keyPath: fieldsPath, value: createdByUs(ledger, file.path, fieldsPath) ? undefined : [] }];
  const flagPath = [...base, '_auto_tuned'];
  if (createdByUs(ledger, file.path, flagPath)) edits.push({ keyPath: flagPath, value: undefined });
  else {
    const prior = replacedMarkBefore(ledger, file.path, flagPath);
    if (prior && !jsonEqual(valueAt(file.root, flagPath), prior.before)) edits.push({ keyPath: flagPath, value: prior.before });
  }
  return edits;
}

function planUndo(ledger: LedgerStore, changeId: number, baseHash: string | undefined): { plan: Plan; row: LedgerRow } {
  const stored = ledger.getStored(changeId);
  if (!stored) throw new ConfigNotFoundError(`there is no change #${changeId} in the ledger`);
  const { row } = stored;
  if (row.status === 'undone') throw new ConfigConflictError(`change #${changeId} was already undone (${row.undone_at})`);
  if (row.undo_of !== null) {
    throw new ConfigError(`change #${changeId} is itself the undo of #${row.undo_of}; apply the recommendation again instead`);
  }
  const later = ledger.laterChangesOfKey(row);
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
  if (row.applied_by === 'auto-tune') edits.push(...markerUndoEdits(ledger, file, markerBase(keyPath, field), field));
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
export function previewUndo(ledger: LedgerStore, changeId: number): UndoPreview {
  const { plan } = planUndo(ledger, changeId, undefined);
  return { ...previewOf(plan), change_id: changeId };
}

/**
 * Restores the key's value from before change `changeId` (only that key: later edits elsewhere
 * survive). Refuses if the key no longer holds the value we wrote. Marks the change undone and
 * returns the new ledger row recording the undo.
 */
export function undoChange(ledger: LedgerStore, changeId: number, opts: { baseHash?: string; now: Date; keepBackups?: number }): LedgerRow {
  const { plan, row } = planUndo(ledger, changeId, opts.baseHash);
  return commit(ledger, plan, {
    projectId: row.project_id,
    field: row.field as TunableField,
    by: 'user',
    recommendation: null,
    now: opts.now,
    undoOf: changeId,
    keepBackups: opts.keepBackups,
  });
}
