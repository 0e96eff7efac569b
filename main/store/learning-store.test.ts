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
  it('reads a canonical record by reference, and falls back to the child tables once the file changed', () => {
    // Stand-in for a run stored by reference only (record NULL: the raw bytes are the canonical record).
    expect(fx.store.runs.get('p', 'a')?.rawRef).not.toBeNull();
    db().prepare("UPDATE runs SET record = NULL, raw = NULL WHERE run_id = 'a'").run();
    expect(loadLearningRuns(fx.store, 'p')[0]).toMatchObject({ tests: { coverage_percent: 81 }, steps: [{ agent: 'architect' }, { agent: 'engineer' }] });
    writeFileSync(file, 'x'.repeat(10)); // rewritten and shorter: the stored spans are gone
    const [a] = loadLearningRuns(fx.store, 'p');
    expect(a.steps).toMatchObject([{ agent: 'architect', success: true, retries: 1 }, { agent: 'engineer', success: false }]);
    expect(a.gates).toMatchObject([{ gate_id: 'api', result: 'fail', auto_fix_success: true }]);
    expect(a.decisions).toMatchObject([{ aligned: false, agent_confidence: 0.8 }]);
    expect(a.tests).toBeUndefined();
  });
});
