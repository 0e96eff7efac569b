import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { foldedDailyBuckets, healthDailyBuckets } from './health';

let fx: Fixture;
const T0 = Date.UTC(2025, 8, 1);
const H = 3_600_000;

beforeEach(async () => {
  fx = fixture();
  const lines = Array.from({ length: 60 }, (_, i) =>
    runLine({
      run_id: `r${i}`, started_at: new Date(T0 + i * 12 * H).toISOString(), model: 'm', prompt_version: i < 40 ? 'v1' : 'v2',
      total_cost_usd: 1 + i / 100, duration_s: 100 + i, tokens_in: 1000, tokens_out: i, qa_status: i % 4 ? 'passed' : 'failed',
      status: i === 7 ? 'timeout' : 'completed',
      steps: [{ agent: 'planner', task_type: 'plan', duration_s: 10, retries: 1, success: true },
        { agent: 'coder', task_type: 'code', duration_s: 50, retries: i % 3, success: i % 5 !== 0, error: i % 5 ? null : { message: 'boom' } }],
      errors: i % 10 === 0 ? [{ message: 'x' }, { message: 'y' }] : undefined,
      feedback: { overall_rating: 1 + (i % 5) },
    }),
  );
  // An undated run is left out (health windows need a start time).
  lines.push(JSON.stringify({ run_id: 'undated', project_id: 'p', mode: '2-loop' }));
  fx.write('p/runs.jsonl', lines.map((l) => l.replace('{', '{"project_id":"p",')).join('\n') + '\n');
  await ingestFolder(fx.store, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

describe('health reads (store) and the bucket fold (core)', () => {
  it('reads the last N dated runs with steps, retries, errors and rating, oldest first', async () => {
    const runs = await fx.store.health.recentRuns('p', 50);
    expect(runs).toHaveLength(50);
    expect(runs[0].run_id).toBe('r10');
    expect(runs[49].run_id).toBe('r59');
    const r = runs.find((x) => x.run_id === 'r10')!;
    expect(r).toMatchObject({ started_ms: T0 + 120 * H, qa_status: 'passed', status: 'completed', error_count: 2, tokens: 1010, steps: 2, retries: 2, rating: 1, prompt_version: 'v1' });
    expect(r.step_list[1]).toMatchObject({ agent: 'coder', success: false, has_error: true, retries: 1 });
    expect(runs.find((x) => x.run_id === 'r11')!.error_count).toBe(0);
  });

  it('folds daily buckets of the whole history the same way in one batch or many', async () => {
    const one = await foldedDailyBuckets(fx.store, 'p');
    const many = await foldedDailyBuckets(fx.store, 'p', 7);
    const proj = (s: typeof one) => s.find((b) => b.scope === 'project')!;
    expect(proj(one).total!.n).toBe(60);
    expect(proj(one).buckets).toHaveLength(30);
    expect(proj(many).buckets.map((b) => [b.day, b.n, b.passes, b.errors])).toEqual(proj(one).buckets.map((b) => [b.day, b.n, b.passes, b.errors]));
    expect(proj(many).total!.cost.sum).toBeCloseTo(proj(one).total!.cost.sum, 10);
    expect(proj(one).total!.errors).toBe(6 + 1); // runs with errors[] (every 10th) plus the timeout
    expect(many.find((b) => b.scope === 'agent' && b.value === 'coder')!.total!.n).toBe(60);
  });

  it('the buckets kept at ingest equal the fold of the whole history', async () => {
    const sort = (l: Awaited<ReturnType<typeof foldedDailyBuckets>>) => [...l].sort((a, b) => `${a.scope}/${a.value}`.localeCompare(`${b.scope}/${b.value}`));
    const stored = sort(await healthDailyBuckets(fx.store, 'p'));
    expect(stored.map((s) => `${s.scope}/${s.value}`)).toEqual(['agent/coder', 'agent/planner', 'project/null', 'task_type/code', 'task_type/plan']);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(JSON.parse(JSON.stringify(sort(await foldedDailyBuckets(fx.store, 'p')))));
  });

  it('reads first-seen values from the aggregates and ledger entries as changes', async () => {
    const first = (await fx.store.health.firstSeenChanges('p')).filter((c) => c.kind === 'prompt_version').sort((a, b) => a.at_ms - b.at_ms);
    expect(first).toEqual([
      { kind: 'prompt_version', value: 'v1', at_ms: T0 },
      { kind: 'prompt_version', value: 'v2', at_ms: T0 + 40 * 12 * H },
    ]);
    await fx.store.ledger.insert({ project_id: 'p', config_path: '/c.json', key_path: 'model', field: 'model', before_value: 'a', after_value: 'b',
      now: new Date('2025-09-10T00:00:00Z'), applied_by: 'user', recommendation: null, backup_path: null, before_hash: null, after_hash: 'h',
      undo_of: null, created_keys: [], removed_keys: [] });
    expect(await fx.store.health.ledgerChanges('p')).toEqual([{ kind: 'config_change', value: 'model: "a" → "b"', at_ms: Date.parse('2025-09-10T00:00:00Z'), ref: 1 }]);
  });
});
