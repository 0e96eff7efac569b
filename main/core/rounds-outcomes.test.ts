import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { roundsOutcomes } from './rounds-outcomes';

let fx: Fixture;
beforeEach(() => {
  fx = fixture();
});
afterEach(() => fx.cleanup());

describe('rounds outcomes (store GROUP BY + stop_reason read back from files)', () => {
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
    const rows = roundsOutcomes(fx.store, 'p').sort((x, y) => x.rounds - y.rounds || x.n - y.n || Number(x.stop_reason_limit) - Number(y.stop_reason_limit));
    expect(rows).toEqual([
      // Below its limit: stop_reason cannot decide, so the record is not read back for it.
      { rounds: 2, max_rounds: 4, status: 'completed', qa_status: 'passed', stop_reason_limit: null, n: 1 },
      { rounds: 4, max_rounds: 4, status: 'completed', qa_status: 'passed', stop_reason_limit: true, n: 1 },
      { rounds: 4, max_rounds: 4, status: 'completed', qa_status: 'passed', stop_reason_limit: null, n: 2 },
      { rounds: 5, max_rounds: 5, status: 'completed', qa_status: 'passed', stop_reason_limit: false, n: 1 },
      { rounds: 5, max_rounds: 5, status: 'completed', qa_status: 'passed', stop_reason_limit: true, n: 1 },
    ]);
    expect(roundsOutcomes(fx.store, 'nobody')).toEqual([]);
  });
});
