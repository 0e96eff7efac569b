/**
 * Writing a planned config change: its preview (diff, hash, before/after), then backup, ledger
 * row and atomic write as one unit under the file's advisory lock (see apply.ts's file comment
 * and docs/config-files.md). Shared by apply and undo, which only differ in how they plan.
 */
import { unlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { LedgerStore } from '../store';
import type { InheritedValue, Recommendation } from '../../shared/domain';
import type { TunableField } from '../../shared/run-record';
import { DEFAULT_BACKUPS_KEPT, pruneBackups, writeBackup, writeFileAtomic } from './atomic-write';
import { withConfigLockAsync } from './config-lock';
import { ConfigConflictError, dotted, sha256, valueAt, type KeyPath } from './jsonc';
import type { LedgerRow, ReplacedMark } from './ledger';
import { FIELD_KEYS, loadConfigFile, readConfigBytes, type ConfigFile } from './project-config';

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

export interface Plan {
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
export function inheritedAt(file: ConfigFile, keyPath: KeyPath, field: TunableField): InheritedValue | null {
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
export function markerBase(keyPath: readonly string[], field: TunableField): string[] {
  return keyPath.slice(0, keyPath.length - FIELD_KEYS[field].length);
}

export function previewOf(plan: Plan): ChangePreview {
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

/** Re-reads the file, refusing if it is not the one previewed, then parses it. */
export function loadExpecting(path: string, baseHash: string | undefined): ConfigFile {
  const raw = readConfigBytes(path);
  if (baseHash !== undefined && raw.hash !== baseHash) {
    throw new ConfigConflictError(`${basename(raw.path)} changed on disk since the preview; preview again`);
  }
  return loadConfigFile(path);
}

export interface CommitMeta {
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
export async function commit(ledger: LedgerStore, plan: Plan, meta: CommitMeta): Promise<LedgerRow> {
  const row = await withConfigLockAsync(plan.file.path, () => commitLocked(ledger, plan, meta));
  try {
    pruneBackups(plan.file.path, meta.keepBackups ?? DEFAULT_BACKUPS_KEPT);
  } catch {
    // Old backups that could not be removed are harmless; the change itself is done.
  }
  return row;
}

async function commitLocked(ledger: LedgerStore, plan: Plan, meta: CommitMeta): Promise<LedgerRow> {
  const { file } = plan;
  const newBytes = Buffer.from(plan.newText, 'utf8');
  let backup: string | null = null;
  let wrote = false;
  const tx = async (): Promise<LedgerRow> => {
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
    return await ledger.recordChange(row, meta.undoOf, () => {
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
    entry = await tx();
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
