/** The database a CLI command works on: --db FILE, or a temporary one removed on exit. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../store/db';

export function openCliDb(dbFile: string | undefined): { db: Db; dispose(): void } {
  if (dbFile) {
    const db = openDb(dbFile);
    return { db, dispose: () => db.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'runbrain-'));
  const db = openDb(join(dir, 'runbrain.db'));
  return {
    db,
    dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
