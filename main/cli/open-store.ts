/** The store a CLI command works on: --db FILE, or a temporary one removed on exit. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store';

export function openCliStore(dbFile: string | undefined): { store: Store; dispose(): Promise<void> } {
  if (dbFile) {
    const store = openStore(dbFile);
    return { store, dispose: () => store.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'runbrain-'));
  const store = openStore(join(dir, 'runbrain.db'));
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
