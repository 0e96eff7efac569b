/**
 * One ingest session: the database, the folder, the mapping, the clock and the prepared
 * statements, passed explicitly (no module state, so it works inside a worker thread).
 */
import { resolve } from 'node:path';
import { AggregateTracker } from '../store/aggregates-store';
import type { Db } from '../store/db';
import { RunWriter } from '../store/run-store';
import { loadMapping, type LoadedMapping } from './mapping';

export interface IngestOptions {
  /** A mapping file; default: `runbrain.map.json` in the root when present. */
  mapFile?: string;
  /**
   * The clock, in ms (dates later than now + 1 day are quarantined): a fixed time, or a function
   * read once per file or batch (a watcher runs for days). Default: Date.now.
   */
  now?: number | (() => number);
}

export interface Session {
  db: Db;
  root: string;
  mapping: LoadedMapping | null;
  now: () => number;
  writer: RunWriter;
  tracker: AggregateTracker;
}

/** Opens a session; throws MappingError when the mapping file is invalid. */
export function openSession(db: Db, root: string, opts: IngestOptions = {}): Session {
  const abs = resolve(root);
  const given = opts.now;
  const now = typeof given === 'function' ? given : given === undefined ? Date.now : () => given;
  const tracker = new AggregateTracker(db);
  return {
    db,
    root: abs,
    mapping: loadMapping(abs, opts.mapFile),
    now,
    tracker,
    writer: new RunWriter(db, tracker, () => new Date(now()).toISOString()),
  };
}

/**
 * Runs `fn` in a write transaction and flushes the aggregates with it; returns the projects
 * whose runs changed. On error the transaction rolls back and the aggregate cache forgets.
 */
export function inTransaction<T>(s: Session, fn: () => T): { value: T; projects: string[] } {
  s.db.exec('BEGIN IMMEDIATE');
  try {
    const value = fn();
    const projects = s.tracker.flush();
    s.db.exec('COMMIT');
    return { value, projects };
  } catch (e) {
    if (s.db.inTransaction) s.db.exec('ROLLBACK');
    s.tracker.discard();
    throw e;
  }
}
