/** Test fixtures: real temp folders and real SQLite files, cleaned up after each test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openStore, type Store } from '../store';

export interface Fixture {
  dir: string;
  root: string;
  store: Store;
  dbFile: string;
  write(rel: string, content: string | Buffer): string;
  cleanup(): void;
}

export function fixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'rb-ingest-'));
  const root = join(dir, 'run_logs');
  mkdirSync(root);
  const dbFile = join(dir, 'db', 'runbrain.db');
  const store = openStore(dbFile);
  return {
    dir,
    root,
    store,
    dbFile,
    write(rel, content) {
      const p = join(root, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
    async cleanup() {
      try {
        await store.close();
      } catch {
        /* already closed */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A JSONL line for a run with sensible defaults. */
export function runLine(over: Record<string, unknown>): string {
  return JSON.stringify({ started_at: '2025-10-01T10:00:00Z', mode: '2-loop', total_cost_usd: 1, qa_status: 'passed', ...over });
}

export const NOW = Date.parse('2025-11-01T00:00:00Z');
