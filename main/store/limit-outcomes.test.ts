import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import type { SqliteStore } from './store';

let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
});
afterEach(() => fx.cleanup());

describe('limit outcomes in the store', () => {
  it('groups runs by rounds, own limit, status, QA and whether stop_reason names the limit (alias exit_reason)', async () => {
    fx.write('p/runs.jsonl', [
      runLine({ run_id: 'a', project_id: 'p', rounds_completed: 4, max_rounds: 4, status: 'completed', qa_status: 'passed' }),
      runLine({ run_id: 'b', project_id: 'p', rounds_completed: 4, max_rounds: 4, status: 'completed', qa_status: 'passed' }),
      runLine({ run_id: 'c', project_id: 'p', rounds_completed: 4, max_rounds: 4, status: 'completed', exit_reason: 'Max rounds reached' }),
      runLine({ run_id: 'd', project_id: 'p', rounds_completed: 2, max_rounds: 4, status: 'completed', stop_reason: 'done' }),
      // Canonical as written, so stored by reference: its stop_reason is read back from the file.
      runLine({ run_id: 'g', project_id: 'p', rounds_completed: 5, max_rounds: 5, status: 'completed', qa_status: 'passed', stop_reason: 'round limit' }),
      runLine({ run_id: 'h', project_id: 'p', rounds_completed: 5, max_rounds: 5, status: 'completed', qa_status: 'passed', stop_reason: 'goal reached' }),
      runLine({ run_id: 'e', project_id: 'p', qa_status: 'passed' }),
      runLine({ run_id: 'f', project_id: 'q', rounds_completed: 1 }),
    ].join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const rows = (await fx.store.runs.roundsOutcomes('p')).sort((x, y) => x.rounds - y.rounds || x.n - y.n || Number(x.stop_reason_limit) - Number(y.stop_reason_limit));
    expect(rows).toEqual([
      // Below its limit: stop_reason cannot decide, so it is not looked at.
      { rounds: 2, max_rounds: 4, status: 'completed', qa_status: 'passed', stop_reason_limit: null, n: 1 },
      { rounds: 4, max_rounds: 4, status: 'completed', qa_status: 'passed', stop_reason_limit: true, n: 1 },
      { rounds: 4, max_rounds: 4, status: 'completed', qa_status: 'passed', stop_reason_limit: null, n: 2 },
      { rounds: 5, max_rounds: 5, status: 'completed', qa_status: 'passed', stop_reason_limit: false, n: 1 },
      { rounds: 5, max_rounds: 5, status: 'completed', qa_status: 'passed', stop_reason_limit: true, n: 1 },
    ]);
    expect(await fx.store.runs.roundsOutcomes('nobody')).toEqual([]);
  });
  it('reads applied max_rounds changes, oldest first, without undone ones or undo rows', async () => {
    const insert = (fx.store as SqliteStore).db.prepare(`INSERT INTO ledger (project_id, config_path, key_path, field, before_value, after_value, applied_at, applied_ms, applied_by, after_hash, status, undo_of)
      VALUES (?, '/c.json', 'max_rounds', ?, ?, ?, '2025-01-01T00:00:00Z', ?, 'user', 'h', ?, ?)`);
    insert.run('p', 'max_rounds', '7', '3', 10, 'applied', null);
    insert.run('p', 'max_rounds', '3', '5', 20, 'undone', null);
    const undo = insert.run('p', 'max_rounds', '5', '3', 30, 'applied', 2).lastInsertRowid;
    insert.run('p', 'mode', '"a"', '"b"', 40, 'applied', null);
    insert.run('p', 'max_rounds', null, '"6"', 50, 'applied', null);
    expect(undo).toBeGreaterThan(0);
    expect(await fx.store.ledger.limitChanges('p')).toEqual([{ before: 7, after: 3, applied_ms: 10 }, { before: null, after: 6, applied_ms: 50 }]);
  });
});
