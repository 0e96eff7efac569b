/**
 * The `ledger` table: one row per change RunBrain made to a config file (apply, auto-tune,
 * undo). Values are stored as JSON; SQL NULL in before/after_value means "key absent".
 */
import type { InheritedValue, LedgerEntry, Recommendation } from '../../shared/domain';
import type { TunableField } from '../../shared/run-record';
import type { Db } from './db';
import { loadLimitChanges, type LimitChangeRow } from './limit-outcomes';
import type { Async } from './async-boundary';

/** A key inside a config file, outermost first. */
export type LedgerKeyPath = readonly string[];

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
  created_keys: readonly LedgerKeyPath[];
  /** Undo rows: key paths the undo deleted. */
  removed_keys: readonly LedgerKeyPath[];
  /** Marks the change overwrote (`_auto_tuned: false` made `true`), with their earlier value. */
  replaced_marks?: readonly ReplacedMark[];
  /** What the project inherited on the side where the key was absent. */
  inherited?: { side: 'before' | 'after'; value: InheritedValue } | null;
}

/** A mark that existed with another value before a change set it. */
export interface ReplacedMark {
  key_path: LedgerKeyPath;
  before: unknown;
}

/** The inherited value of one side of a change, as kept in the `created_keys` column. */
interface InheritedFact {
  inherited_side: 'before' | 'after';
  value: InheritedValue;
}

/** The raw stored values, with absent keys as `undefined` (undo needs the difference). */
export interface StoredChange {
  row: LedgerRow;
  before: unknown;
  after: unknown;
  before_hash: string | null;
  after_hash: string;
  /** Key paths this change added (see LedgerInsert). */
  created_keys: string[][];
}

/** The keys one ledger row added or deleted, and the marks it overwrote. */
export interface KeyMarks {
  created_keys: string[][];
  removed_keys: string[][];
  replaced_marks: ReplacedMark[];
}

/** LedgerStore as the SQLite implementation has it: synchronous. */
export interface LedgerStoreSync {
  /** Inserts a row and returns its id. */
  insert(r: LedgerInsert): number;
  /** One change with its raw values, or null. */
  getStored(id: number): StoredChange | null;
  /** One ledger entry, or null. */
  get(id: number): LedgerRow | null;
  /** Ledger entries, newest first, optionally for one project; `outcome` is null (the core fills it). */
  list(projectId?: string): LedgerRow[];
  /** Later, still-applied ordinary changes of the same key (an undo of `change` would clobber them). */
  laterChangesOfKey(change: LedgerRow): number[];
  markUndone(id: number, now: Date): void;
  /** Keys added or deleted by the rows of a config file, newest row first. */
  keyMarks(configPath: string): KeyMarks[];
  /**
   * Records a change as one unit of work: inserts its row, marks `undoneId` undone (an undo),
   * then runs `write` (the config file write that goes with the row). Everything commits when
   * `write` returns and nothing is kept when it throws. Returns the stored row.
   */
  recordChange(row: LedgerInsert, undoneId: number | null, write: () => void): LedgerRow;
  /** A cheap identity of a project's ledger (`count:last id`): it changes whenever a change or an undo is recorded. */
  stamp(projectId: string): string;
  /** A project's applied max_rounds changes (not undone, not undo rows), oldest first: the rounds rule's hysteresis. */
  limitChanges(projectId: string): LimitChangeRow[];
}

/** The boundary interface: each method one asynchronous unit of work. */
export type LedgerStore = Async<LedgerStoreSync>;

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
 * The `created_keys` column: a JSON array of key paths (arrays); replaced marks and inherited
 * values ride along as objects (`{ "key_path": [...], "before": value }`,
 * `{ "inherited_side": ..., "value": ... }`), which readers of paths skip.
 */
const pathsJson = (paths: readonly LedgerKeyPath[], facts: readonly (ReplacedMark | InheritedFact)[] = []): string | null =>
  paths.length || facts.length ? JSON.stringify([...paths, ...facts]) : null;
const parseEntries = (s: string | null): unknown[] => (s === null ? [] : (JSON.parse(s) as unknown[]));
const parsePaths = (s: string | null): string[][] => parseEntries(s).filter((e): e is string[] => Array.isArray(e));
const isObject = (e: unknown): e is Record<string, unknown> => e !== null && typeof e === 'object' && !Array.isArray(e);
const parseMarks = (s: string | null): ReplacedMark[] =>
  parseEntries(s).filter((e): e is ReplacedMark => isObject(e) && 'key_path' in e && 'before' in e);
const inheritedOf = (s: string | null, side: InheritedFact['inherited_side']): InheritedValue | null =>
  parseEntries(s).find((e): e is InheritedFact => isObject(e) && e.inherited_side === side)?.value ?? null;

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

export class SqliteLedgerStore implements LedgerStoreSync {
  private readonly s;
  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(`INSERT INTO ledger (project_id, config_path, key_path, field, before_value, after_value, applied_at, applied_ms,
        applied_by, recommendation, backup_path, before_hash, after_hash, status, undo_of, created_keys, removed_keys)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', ?, ?, ?)`),
      get: db.prepare('SELECT * FROM ledger WHERE id = ?'),
      all: db.prepare('SELECT * FROM ledger ORDER BY applied_ms DESC, id DESC'),
      ofProject: db.prepare('SELECT * FROM ledger WHERE project_id = ? ORDER BY applied_ms DESC, id DESC'),
      later: db.prepare(`SELECT id FROM ledger WHERE config_path = ? AND key_path = ? AND id > ? AND status = 'applied' AND undo_of IS NULL
        ORDER BY id`).pluck(),
      undone: db.prepare(`UPDATE ledger SET status = 'undone', undone_at = ? WHERE id = ?`),
      stamp: db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM ledger WHERE project_id = ?'),
      marks: db.prepare(`SELECT created_keys, removed_keys FROM ledger
        WHERE config_path = ? AND (created_keys IS NOT NULL OR removed_keys IS NOT NULL) ORDER BY id DESC`),
    };
  }

  stamp(projectId: string): string {
    const row = this.s.stamp.get(projectId) as { n: number; last: number };
    return `${row.n}:${row.last}`;
  }

  insert(r: LedgerInsert): number {
    const info = this.s.insert.run(r.project_id, r.config_path, r.key_path, r.field, toJson(r.before_value), toJson(r.after_value),
      r.now.toISOString(), r.now.getTime(), r.applied_by, r.recommendation ? JSON.stringify(r.recommendation) : null, r.backup_path,
      r.before_hash, r.after_hash, r.undo_of,
      pathsJson(r.created_keys, [...(r.replaced_marks ?? []), ...(r.inherited ? [{ inherited_side: r.inherited.side, value: r.inherited.value }] : [])]),
      pathsJson(r.removed_keys));
    return Number(info.lastInsertRowid);
  }

  getStored(id: number): StoredChange | null {
    const r = this.s.get.get(id) as RawRow | undefined;
    if (!r) return null;
    return {
      row: toEntry(r),
      before: r.before_value === null ? undefined : JSON.parse(r.before_value),
      after: r.after_value === null ? undefined : JSON.parse(r.after_value),
      before_hash: r.before_hash,
      after_hash: r.after_hash,
      created_keys: parsePaths(r.created_keys),
    };
  }

  get(id: number): LedgerRow | null {
    return this.getStored(id)?.row ?? null;
  }

  list(projectId?: string): LedgerRow[] {
    const rows = (projectId === undefined ? this.s.all.all() : this.s.ofProject.all(projectId)) as RawRow[];
    return rows.map(toEntry);
  }

  laterChangesOfKey(change: LedgerRow): number[] {
    return this.s.later.all(change.config_path, change.key_path, change.id) as number[];
  }

  markUndone(id: number, now: Date): void {
    this.s.undone.run(now.toISOString(), id);
  }

  keyMarks(configPath: string): KeyMarks[] {
    return (this.s.marks.all(configPath) as Array<Pick<RawRow, 'created_keys' | 'removed_keys'>>).map((r) => ({
      created_keys: parsePaths(r.created_keys),
      removed_keys: parsePaths(r.removed_keys),
      replaced_marks: parseMarks(r.created_keys),
    }));
  }

  limitChanges(projectId: string): LimitChangeRow[] {
    return loadLimitChanges(this.db, projectId);
  }

  recordChange(row: LedgerInsert, undoneId: number | null, write: () => void): LedgerRow {
    const id = this.db.transaction(() => {
      const id = this.insert(row);
      if (undoneId !== null) this.markUndone(undoneId, row.now);
      write();
      return id;
    })();
    return this.get(id) as LedgerRow;
  }
}
