import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import type { SqliteStore } from './store';

let fx: Fixture;
beforeEach(() => {
  fx = fixture();
});
afterEach(() => fx.cleanup());

describe('limit outcomes in the store', () => {
  it('hands back the byte spans of runs at their limit whose stop_reason is only in the file', async () => {
    fx.write('p/runs.jsonl', [
      runLine({ run_id: 'a', project_id: 'p', rounds_completed: 5, max_rounds: 5, status: 'completed', qa_status: 'passed', stop_reason: 'round limit' }),
      runLine({ run_id: 'b', project_id: 'p', rounds_completed: 5, max_rounds: 5, status: 'aborted' }),
      runLine({ run_id: 'c', project_id: 'p', rounds_completed: 2, max_rounds: 5, status: 'completed' }),
    ].join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const { rows, by_reference } = fx.store.runs.roundsOutcomes('p');
    // Stopped by status, or below its limit: grouped without reading the file.
    expect(rows.map((r) => [r.rounds, r.status, r.n]).sort()).toEqual([[2, 'completed', 1], [5, 'aborted', 1]]);
    expect(by_reference.map((r) => r.run_id)).toEqual(['a']);
    expect(by_reference[0].length).toBeGreaterThan(0);
  });

  it('reads applied max_rounds changes, oldest first, without undone ones or undo rows', () => {
    const insert = (fx.store as SqliteStore).db.prepare(`INSERT INTO ledger (project_id, config_path, key_path, field, before_value, after_value, applied_at, applied_ms, applied_by, after_hash, status, undo_of)
      VALUES (?, '/c.json', 'max_rounds', ?, ?, ?, '2025-01-01T00:00:00Z', ?, 'user', 'h', ?, ?)`);
    insert.run('p', 'max_rounds', '7', '3', 10, 'applied', null);
    insert.run('p', 'max_rounds', '3', '5', 20, 'undone', null);
    const undo = insert.run('p', 'max_rounds', '5', '3', 30, 'applied', 2).lastInsertRowid;
    insert.run('p', 'mode', '"a"', '"b"', 40, 'applied', null);
    insert.run('p', 'max_rounds', null, '"6"', 50, 'applied', null);
    expect(undo).toBeGreaterThan(0);
    expect(fx.store.ledger.limitChanges('p')).toEqual([{ before: 7, after: 3, applied_ms: 10 }, { before: null, after: 6, applied_ms: 50 }]);
  });
});
