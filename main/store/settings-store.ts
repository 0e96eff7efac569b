/** The settings table: one text value per key (the app's settings as JSON, the ingest's bookkeeping). */
import type { Db } from './db';
import type { Async } from './async-boundary';

/** SettingsStore as the SQLite implementation has it: synchronous. */
export interface SettingsStoreSync {
  /** Every key with its stored text. */
  all(): Record<string, string>;
  get(key: string): string | undefined;
  /** Sets the keys given, in one unit of work. */
  put(entries: Record<string, string>): void;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type SettingsStore = Async<SettingsStoreSync>;

export class SqliteSettingsStore implements SettingsStoreSync {
  private readonly s;
  constructor(private readonly db: Db) {
    this.s = {
      all: db.prepare('SELECT key, value FROM settings').raw(),
      get: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      upsert: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
  }

  all(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.s.all.all() as Array<[string, string]>) out[k] = v;
    return out;
  }

  get(key: string): string | undefined {
    return this.s.get.get(key) as string | undefined;
  }

  put(entries: Record<string, string>): void {
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(entries)) this.s.upsert.run(k, v);
    })();
  }
}
