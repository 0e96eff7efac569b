/** The learning rows: a run stored by reference is read back from its file while unchanged, else from the child rows. */
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLearningRuns } from '../core/learning-runs';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import type { SqliteStore } from './store';

let fx: Fixture;
let file: string;
const db = () => (fx.store as SqliteStore).db;
beforeEach(async () => {
  fx = fixture();
  file = fx.write('p/runs.jsonl', runLine({
    run_id: 'a', project_id: 'p', started_at: '2025-10-01T10:00:00Z', tests: { passed: 3, coverage_percent: 81 },
    steps: [{ agent: 'architect', success: true, retries: 1, tokens: 100 }, { agent: 'engineer', success: false }],
    gates: [{ gate_id: 'api', result: 'fail', reason: 'missing error codes', retry_attempt: 1, auto_fix_success: true }],
    decisions: [{ decision_type: 'tech_stack', agent_recommendation: 'pg', human_decision: 'mysql', aligned: false, agent_confidence: 0.8 }],
  }) + '\n');
  await ingestFolder(fx.store, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

describe('learning rows', () => {
  it('reads a canonical record by reference, and falls back to the child tables once the file changed', async () => {
    // Stand-in for a run stored by reference only (record NULL: the raw bytes are the canonical record).
    expect((await fx.store.runs.get('p', 'a'))?.rawRef).not.toBeNull();
    // Learning fields not derived yet (a database being filled): the record is read.
    db().prepare("UPDATE runs SET record = NULL, raw = NULL WHERE run_id = 'a'").run();
    db().prepare('DELETE FROM run_labels').run();
    expect((await loadLearningRuns(fx.store, 'p'))[0]).toMatchObject({ tests: { coverage_percent: 81 }, steps: [{ agent: 'architect' }, { agent: 'engineer' }] });
    writeFileSync(file, 'x'.repeat(10)); // rewritten and shorter: the stored spans are gone
    const [a] = await loadLearningRuns(fx.store, 'p');
    expect(a.steps).toMatchObject([{ agent: 'architect', success: true, retries: 1 }, { agent: 'engineer', success: false }]);
    expect(a.gates).toMatchObject([{ gate_id: 'api', result: 'fail', auto_fix_success: true }]);
    expect(a.decisions).toMatchObject([{ aligned: false, agent_confidence: 0.8 }]);
    expect(a.tests).toBeUndefined();
  });

  it('reads the learning fields stored at ingest, without the record or its file', async () => {
    const fromRecord = await (async () => {
      const kept = db().prepare('SELECT * FROM run_labels').all() as Array<{ run_pk: number; labels: string; learning: string }>;
      db().prepare('DELETE FROM run_labels').run();
      const run = (await loadLearningRuns(fx.store, 'p'))[0];
      for (const k of kept) db().prepare('INSERT INTO run_labels (run_pk, labels, learning) VALUES (?, ?, ?)').run(k.run_pk, k.labels, k.learning);
      return run;
    })();
    writeFileSync(file, 'x'.repeat(10)); // the raw bytes are gone: only the stored fields can answer
    db().prepare("UPDATE runs SET record = NULL, raw = NULL WHERE run_id = 'a'").run();
    const stored = (await loadLearningRuns(fx.store, 'p'))[0];
    expect(stored).toMatchObject({ tests: { coverage_percent: 81 }, gates: [{ gate_id: 'api', reason: 'missing error codes' }] });
    expect(stored.labels).toMatchObject({ gates: ['good'], decisions: ['incorrect'] });
    expect(JSON.parse(JSON.stringify({ ...stored, labels: undefined }))).toEqual(JSON.parse(JSON.stringify(fromRecord)));
  });
});
