/** Reads of the quarantine: records the ingest could not accept, with the reason. */
import type { QuarantineItem } from '../../shared/domain';
import type { Db } from './db';
import type { Async } from './async-boundary';

/** QuarantineStore as the SQLite implementation has it: synchronous. */
export interface QuarantineStoreSync {
  /** A page of the quarantine rows, by file then line, with the number of rows (a capped file lists 1000 and one summary row). */
  list(offset?: number, limit?: number): { total: number; items: QuarantineItem[] };
  /** Bad records quarantined, counting those a capped file does not list. */
  count(): number;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type QuarantineStore = Async<QuarantineStoreSync>;

export class SqliteQuarantineStore implements QuarantineStoreSync {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      rows: db.prepare('SELECT count(*) FROM quarantine').pluck(),
      count: db.prepare('SELECT coalesce(sum(n), 0) FROM quarantine').pluck(),
      page: db.prepare('SELECT id, file, line, field, reason, excerpt, at FROM quarantine ORDER BY file, line, id LIMIT ? OFFSET ?'),
    };
  }

  list(offset = 0, limit = 200): { total: number; items: QuarantineItem[] } {
    return { total: this.s.rows.get() as number, items: this.s.page.all(limit, offset) as QuarantineItem[] };
  }

  count(): number {
    return this.s.count.get() as number;
  }
}
