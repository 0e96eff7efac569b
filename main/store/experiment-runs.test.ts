import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from './db';
import { MIGRATIONS } from './migrations';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';

let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
});
afterEach(() => fx.cleanup());

describe('ExperimentStore.runs', () => {
  it('reads the facts experiments need from a real database', async () => {
    fx.write('p/runs.jsonl', [
      runLine({ run_id: 'a', project_id: 'p', started_at: '2025-10-01T11:00:00Z', mode: '3-loop', model: 'm1', prompt_strategy: 's1',
        prompt_version: 'v1.2', recipe: 'r', task_id: 'django-123', total_cost_usd: 0.5, qa_status: 'warning', duration_s: 30,
        tokens_in: 100, tokens_out: 20, feedback: { overall_rating: 4 },
        steps: [{ agent: 'x', retries: 2, tokens: 5 }, { agent: 'y', retries: 1 }], gates: [{ gate_id: 'g', human_override: true }] }),
      runLine({ run_id: 'b', project_id: 'p', started_at: '2025-10-01T10:00:00Z', total_cost_usd: 0, qa_status: 'passed',
        steps: [{ agent: 'x', tokens: 7 }], gates: [{ gate_id: 'g', human_override: false }] }),
      runLine({ run_id: 'c', project_id: 'q' }),
      // The task key from extra when task_id is absent (a number kept as text).
      runLine({ run_id: 'd', project_id: 'p', started_at: '2025-10-01T12:00:00Z', instance_id: 42 }),
    ].join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const runs = await fx.store.experiments.runs('p');
    expect(runs.map((r) => r.run_id)).toEqual(['b', 'a', 'd']);
    expect(runs[1]).toEqual({
      run_id: 'a', started_ms: Date.parse('2025-10-01T11:00:00Z'),
      factors: { mode: '3-loop', prompt_strategy: 's1', model: 'm1', prompt_version: 'v1.2', recipe: 'r' },
      task_id: 'django-123', cost_usd: 0.5, qa: 'warning', duration_s: 30, tokens: 120, retries: 3, rating: 4, human_override: true,
    });
    expect(runs[0]).toMatchObject({ task_id: null, cost_usd: 0, qa: 'passed', tokens: 7, retries: null, rating: null, human_override: false });
    expect(runs[2].task_id).toBe('42');
    expect(await fx.store.experiments.runs('nobody')).toEqual([]);
  });

  it('latest value per factor: the latest start, ties to the later insert, undated runs only when none is dated', async () => {
    fx.write('p/runs.jsonl', [
      runLine({ run_id: 'a', project_id: 'p', started_at: '2025-10-02T10:00:00Z', model: 'm1', mode: 'x' }),
      runLine({ run_id: 'b', project_id: 'p', started_at: '2025-10-02T10:00:00Z', model: 'm2', mode: 'x' }),
      runLine({ run_id: 'c', project_id: 'p', started_at: '2025-10-01T10:00:00Z', model: 'm3', mode: 'y' }),
      JSON.stringify({ run_id: 'd', project_id: 'p', model: 'm4', prompt_strategy: 's', total_cost_usd: 1 }),
      JSON.stringify({ run_id: 'e', project_id: 'p', prompt_strategy: 't', total_cost_usd: 1 }),
    ].join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(await fx.store.experiments.latestValues('p', ['model', 'mode', 'prompt_strategy', 'recipe'])).toEqual({ model: 'm2', mode: 'x', prompt_strategy: 't', recipe: null });
    await expect(fx.store.experiments.latestValues('p', ['x; DROP TABLE runs'])).rejects.toThrow(/not a factor column/);
  });
});

describe('migration 7', () => {
  it('backfills the experiment facts of runs stored before it, as the scan derived them', async () => {
    const file = join(fx.dir, 'old.db');
    const old = new Database(file);
    for (let v = 0; v < 5; v++) old.exec(MIGRATIONS[v]);
    old.pragma('user_version = 5');
    old.prepare("INSERT INTO sources (id, root, path, rel_path, kind, updated_at) VALUES (1, '/r', '/r/a.jsonl', 'a.jsonl', 'jsonl', 'x')").run();
    const record = JSON.stringify({ run_id: 'a', project_id: 'p', feedback: { overall_rating: 3 }, extra: { instance_id: 7 } });
    old.prepare("INSERT INTO runs (id, source_id, line, run_id, project_id, started_ms, model, tokens_in, record, raw) VALUES (1, 1, 1, 'a', 'p', 5, 'm', NULL, ?, NULL)").run(record);
    old.prepare('INSERT INTO steps (run_pk, idx, retries, tokens) VALUES (1, 0, 2, 10), (1, 1, 1, 5)').run();
    old.prepare('INSERT INTO gates (run_pk, idx, gate_id, human_override) VALUES (1, 0, ?, 0), (1, 1, ?, 1)').run('g1', 'g2');
    old.close();
    const db = openDb(file);
    expect(db.prepare('SELECT task_key, tokens_total, retries_total, rating, human_override FROM runs').get())
      .toEqual({ task_key: '7', tokens_total: 15, retries_total: 3, rating: 3, human_override: 1 });
    db.close();
  });
});
