/**
 * The ledger as the config code uses it: the rows live in the store (store/ledger-store.ts);
 * here is what a row means for a config file's keys.
 */
import type { LedgerRow, LedgerStore } from '../store';
import type { KeyPath } from './jsonc';

export type { LedgerInsert, LedgerRow, ReplacedMark, StoredChange } from '../store';

const samePath = (a: readonly string[], b: KeyPath): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * Whether the key at `keyPath` of the file is one RunBrain added: the newest ledger row that
 * added or deleted it added it. A key that an undo deleted and that came back since was put
 * there by someone else (a later change that found it present does not record it).
 */
export async function createdByUs(ledger: LedgerStore, configPath: string, keyPath: KeyPath): Promise<boolean> {
  for (const r of await ledger.keyMarks(configPath)) {
    if (r.removed_keys.some((p) => samePath(p, keyPath))) return false;
    if (r.created_keys.some((p) => samePath(p, keyPath))) return true;
  }
  return false;
}

/**
 * The value a mark had before RunBrain first overwrote it (`false` for a pre-existing
 * `_auto_tuned: false`), from the newest change that recorded one; undefined when none did.
 */
export async function replacedMarkBefore(ledger: LedgerStore, configPath: string, keyPath: KeyPath): Promise<{ before: unknown } | undefined> {
  for (const r of await ledger.keyMarks(configPath)) {
    const mark = r.replaced_marks.find((m) => samePath(m.key_path, keyPath));
    if (mark) return { before: mark.before };
  }
  return undefined;
}

/** Ledger entries, newest first, optionally for one project. */
export async function listLedger(ledger: LedgerStore, projectId?: string): Promise<LedgerRow[]> {
  return await ledger.list(projectId);
}

/** One ledger entry, or null. */
export async function getLedgerEntry(ledger: LedgerStore, id: number): Promise<LedgerRow | null> {
  return await ledger.get(id);
}
