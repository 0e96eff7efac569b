/** The sources table: one row per file the ingest has read, with what the next scan compares. */
import type { Db } from './db';
import type { Async } from './async-boundary';

export interface SourceRow {
  id: number;
  root: string;
  path: string;
  rel_path: string;
  kind: string;
  size: number;
  mtime_ms: number;
  ino: number;
  byte_offset: number;
  line_count: number;
  head_hash: string | null;
  status: string;
  error: string | null;
}

/** What the unchanged check of a scan needs of a source. */
export type SourceStat = Pick<SourceRow, 'id' | 'path' | 'size' | 'mtime_ms' | 'ino' | 'status'>;

/** Reads of the sources table (writes go through the IngestWriter, inside a unit of work). */
/** SourceStore as the SQLite implementation has it: synchronous. */
export interface SourceStoreSync {
  /** The source row of a file, if it was ever read. */
  get(path: string): SourceRow | undefined;
  /** Stat columns of every source under a root, for the cheap unchanged check. */
  ofRoot(root: string): SourceStat[];
  /** Paths of every source under a root. */
  pathsOfRoot(root: string): string[];
  /** Ids of the source at `path` and of every source below it (a removed folder). */
  idsAtOrBelow(path: string, sep: string): number[];
  /** Whether any source belongs to another root than `root`. */
  anyOutside(root: string): boolean;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type SourceStore = Async<SourceStoreSync>;

export class SqliteSourceStore implements SourceStoreSync {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      get: db.prepare('SELECT * FROM sources WHERE path = ?'),
      // A table scan (no index on root since migration 4): as fast as an index here, and file inserts stay cheap.
      ofRoot: db.prepare('SELECT id, path, size, mtime_ms, ino, status FROM sources WHERE root = ?').raw(),
      pathsOfRoot: db.prepare('SELECT path FROM sources WHERE root = ?').pluck(),
      below: db.prepare('SELECT id FROM sources WHERE path = ? OR (path > ? AND path < ?)').pluck(),
      outside: db.prepare('SELECT EXISTS (SELECT 1 FROM sources WHERE root <> ?)').pluck(),
    };
  }

  get(path: string): SourceRow | undefined {
    return this.s.get.get(path) as SourceRow | undefined;
  }

  ofRoot(root: string): SourceStat[] {
    const rows = this.s.ofRoot.all(root) as Array<[number, string, number, number, number, string]>;
    const out: SourceStat[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = { id: r[0], path: r[1], size: r[2], mtime_ms: r[3], ino: r[4], status: r[5] };
    }
    return out;
  }

  pathsOfRoot(root: string): string[] {
    return this.s.pathsOfRoot.all(root) as string[];
  }

  idsAtOrBelow(path: string, sep: string): number[] {
    return this.s.below.all(path, path + sep, path + sep + '\uffff') as number[];
  }

  anyOutside(root: string): boolean {
    return this.s.outside.get(root) === 1;
  }
}
