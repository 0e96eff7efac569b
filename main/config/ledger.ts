/**
 * The `ledger` table: one row per change RunBrain made to a config file (apply, auto-tune,
 * undo). Values are stored as JSON; SQL NULL in before/after_value means "key absent".
 */
import type { Db } from '../store/db';
import type { InheritedValue, LedgerEntry, Recommendation } from '../../shared/domain';
import type { TunableField } from '../../shared/run-record';
import type { KeyPath } from './jsonc';

/** A ledger entry plus the id of the change an undo row reverted (null for ordinary changes). */
export type LedgerRow = LedgerEntry & { undo_of: number | null };

export interface LedgerInsert {
  project_id: string;
  config_path: string;
  key_path: string;
  field: TunableField | 'auto_tune';
  /** `undefined` = key absent. */
  before_value: unknown;
  after_value: unknown;
  now: Date;
  applied_by: 'user' | 'auto-tune';
  recommendation: Recommendation | null;
  backup_path: string | null;
  before_hash: string | null;
  after_hash: string;
  undo_of: number | null;
  /** Key paths the change added that were absent before (the outermost one of the key, marks). */
  created_keys: readonly KeyPath[];
  /** Undo rows: key paths the undo deleted. */
  removed_keys: readonly KeyPath[];
  /** Marks the change overwrote (`_auto_tuned: false` made `true`), with their earlier value. */
  replaced_marks?: readonly ReplacedMark[];
  /** What the project inherited on the side where the key was absent. */
  inherited?: { side: 'before' | 'after'; value: InheritedValue } | null;
}

/** The inherited value of one side of a change, as kept in the `created_keys` column. */
interface InheritedFact {
  inherited_side: 'before' | 'after';
  value: InheritedValue;
}

/** A mark that existed with another value before a change set it. */
export interface ReplacedMark {
  key_path: KeyPath;
  before: unknown;
}

interface RawRow {
  id: number;
  project_id: string;
  config_path: string;
  key_path: string;
  field: string;
  before_value: string | null;
  after_value: string | null;
  applied_at: string;
  applied_by: string;
  recommendation: string | null;
  backup_path: string | null;
  before_hash: string | null;
  after_hash: string;
  status: string;
  undone_at: string | null;
  undo_of: number | null;
  created_keys: string | null;
  removed_keys: string | null;
}

const toJson = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
/**
 * The `created_keys` column: a JSON array of key paths (arrays); replaced marks ride along as
 * `{ "key_path": [...], "before": value }` objects, which readers of paths skip.
 */
const pathsJson = (paths: readonly KeyPath[], facts: readonly (ReplacedMark | InheritedFact)[] = []): string | null =>
  paths.length || facts.length ? JSON.stringify([...paths, ...facts]) : null;
const parseEntries = (s: string | null): unknown[] => (s === null ? [] : (JSON.parse(s) as unknown[]));
const parsePaths = (s: string | null): string[][] => parseEntries(s).filter((e): e is string[] => Array.isArray(e));
const isObject = (e: unknown): e is Record<string, unknown> => e !== null && typeof e === 'object' && !Array.isArray(e);
const parseMarks = (s: string | null): ReplacedMark[] =>
  parseEntries(s).filter((e): e is ReplacedMark => isObject(e) && 'key_path' in e && 'before' in e);
const inheritedOf = (s: string | null, side: InheritedFact['inherited_side']): InheritedValue | null =>
  parseEntries(s).find((e): e is InheritedFact => isObject(e) && e.inherited_side === side)?.value ?? null;

/** Inserts a row and returns its id. */
export function insertLedgerRow(db: Db, r: LedgerInsert): number {
  const info = db
    .prepare(
      `INSERT INTO ledger (project_id, config_path, key_path, field, before_value, after_value, applied_at, applied_ms,
         applied_by, recommendation, backup_path, before_hash, after_hash, status, undo_of, created_keys, removed_keys)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', ?, ?, ?)`,
    )
    .run(
      r.project_id,
      r.config_path,
      r.key_path,
      r.field,
      toJson(r.before_value),
      toJson(r.after_value),
      r.now.toISOString(),
      r.now.getTime(),
      r.applied_by,
      r.recommendation ? JSON.stringify(r.recommendation) : null,
      r.backup_path,
      r.before_hash,
      r.after_hash,
      r.undo_of,
      pathsJson(r.created_keys, [
        ...(r.replaced_marks ?? []),
        ...(r.inherited ? [{ inherited_side: r.inherited.side, value: r.inherited.value }] : []),
      ]),
      pathsJson(r.removed_keys),
    );
  return Number(info.lastInsertRowid);
}

/** The raw stored values, with absent keys as `undefined` (undo needs the difference). */
export interface StoredChange {
  row: LedgerRow;
  before: unknown;
  after: unknown;
  after_hash: string;
  /** Key paths this change added (see LedgerInsert). */
  created_keys: string[][];
}

function toEntry(r: RawRow): LedgerRow {
  return {
    id: r.id,
    project_id: r.project_id,
    config_path: r.config_path,
    key_path: r.key_path,
    field: r.field as LedgerEntry['field'],
    before_value: r.before_value === null ? null : JSON.parse(r.before_value),
    after_value: r.after_value === null ? null : JSON.parse(r.after_value),
    applied_at: r.applied_at,
    applied_by: r.applied_by as LedgerEntry['applied_by'],
    recommendation: r.recommendation ? (JSON.parse(r.recommendation) as Recommendation) : null,
    backup_path: r.backup_path,
    status: r.status as LedgerEntry['status'],
    undone_at: r.undone_at,
    outcome: null,
    undo_of: r.undo_of,
    before_inherited: inheritedOf(r.created_keys, 'before'),
    after_inherited: inheritedOf(r.created_keys, 'after'),
  };
}

/** One change with its raw values, or null. */
export function getStoredChange(db: Db, id: number): StoredChange | null {
  const r = db.prepare('SELECT * FROM ledger WHERE id = ?').get(id) as RawRow | undefined;
  if (!r) return null;
  return {
    row: toEntry(r),
    before: r.before_value === null ? undefined : JSON.parse(r.before_value),
    after: r.after_value === null ? undefined : JSON.parse(r.after_value),
    after_hash: r.after_hash,
    created_keys: parsePaths(r.created_keys),
  };
}

/** One ledger entry, or null. */
export function getLedgerEntry(db: Db, id: number): LedgerRow | null {
  return getStoredChange(db, id)?.row ?? null;
}

/** Ledger entries, newest first, optionally for one project; `outcome` is null (the core fills it). */
export function listLedger(db: Db, projectId?: string): LedgerRow[] {
  const rows = (
    projectId === undefined
      ? db.prepare('SELECT * FROM ledger ORDER BY applied_ms DESC, id DESC').all()
      : db.prepare('SELECT * FROM ledger WHERE project_id = ? ORDER BY applied_ms DESC, id DESC').all(projectId)
  ) as RawRow[];
  return rows.map(toEntry);
}

/** Later, still-applied ordinary changes of the same key (an undo of `id` would clobber them). */
export function laterChangesOfKey(db: Db, change: LedgerRow): number[] {
  return (
    db
      .prepare(
        `SELECT id FROM ledger WHERE config_path = ? AND key_path = ? AND id > ? AND status = 'applied' AND undo_of IS NULL
         ORDER BY id`,
      )
      .all(change.config_path, change.key_path, change.id) as { id: number }[]
  ).map((r) => r.id);
}

/** Marks a change undone. */
export function markUndone(db: Db, id: number, now: Date): void {
  db.prepare(`UPDATE ledger SET status = 'undone', undone_at = ? WHERE id = ?`).run(now.toISOString(), id);
}

const samePath = (a: readonly string[], b: KeyPath): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * Whether the key at `keyPath` of the file is one RunBrain added: the newest ledger row that
 * added or deleted it added it. A key that an undo deleted and that came back since was put
 * there by someone else (a later change that found it present does not record it).
 */
export function createdByUs(db: Db, configPath: string, keyPath: KeyPath): boolean {
  const rows = db
    .prepare(
      `SELECT created_keys, removed_keys FROM ledger
       WHERE config_path = ? AND (created_keys IS NOT NULL OR removed_keys IS NOT NULL) ORDER BY id DESC`,
    )
    .all(configPath) as Pick<RawRow, 'created_keys' | 'removed_keys'>[];
  for (const r of rows) {
    if (parsePaths(r.removed_keys).some((p) => samePath(p, keyPath))) return false;
    if (parsePaths(r.created_keys).some((p) => samePath(p, keyPath))) return true;
  }
  return false;
}

/**
 * The value a mark had before RunBrain first overwrote it (`false` for a pre-existing
 * `_auto_tuned: false`), from the newest change that recorded one; undefined when none did.
 */
export function replacedMarkBefore(db: Db, configPath: string, keyPath: KeyPath): { before: unknown } | undefined {
  const rows = db
    .prepare(
      `SELECT created_keys, removed_keys FROM ledger
       WHERE config_path = ? AND (created_keys IS NOT NULL OR removed_keys IS NOT NULL) ORDER BY id DESC`,
    )
    .all(configPath) as Pick<RawRow, 'created_keys' | 'removed_keys'>[];
  for (const r of rows) {
    const mark = parseMarks(r.created_keys).find((m) => samePath(m.key_path, keyPath));
    if (mark) return { before: mark.before };
  }
  return undefined;
}
