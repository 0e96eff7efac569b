/** Reads of the quarantine: records the ingest could not accept, with the reason. */
import type { QuarantineItem } from '../../shared/domain';
import type { Db } from './db';

export interface QuarantineStore {
  /** A page of the quarantine, by file then line, with the total. */
  list(offset?: number, limit?: number): { total: number; items: QuarantineItem[] };
  count(): number;
}

export class SqliteQuarantineStore implements QuarantineStore {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      count: db.prepare('SELECT count(*) FROM quarantine').pluck(),
      page: db.prepare('SELECT id, file, line, field, reason, excerpt, at FROM quarantine ORDER BY file, line, id LIMIT ? OFFSET ?'),
    };
  }

  list(offset = 0, limit = 200): { total: number; items: QuarantineItem[] } {
    return { total: this.count(), items: this.s.page.all(limit, offset) as QuarantineItem[] };
  }

  count(): number {
    return this.s.count.get() as number;
  }
}
