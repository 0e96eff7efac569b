import { collect } from '../test-helpers/collect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { getRunDetail } from '../core/run-detail';

let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
  const lines = Array.from({ length: 30 }, (_, i) =>
    runLine({ run_id: `r${i}`, started_at: new Date(Date.UTC(2025, 9, 1, i)).toISOString(), mode: i < 20 ? '2-loop' : '3-loop',
      model: i % 2 ? 'a' : 'b', prompt_strategy: 's', total_cost_usd: i % 10 === 0 ? null : i / 10, qa_status: i % 3 ? 'passed' : 'failed',
      status: i === 5 ? 'timeout' : 'completed', max_rounds: i < 25 ? 3 : 5, max_cost_usd: 2 }),
  );
  fx.write('p/runs.jsonl', lines.join('\n') + '\n{"event":"note","run_id":"r3"}\n{bad\n');
  await ingestFolder(fx.store, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

describe('run, quarantine and aggregate reads', () => {
  it('listRuns filters, sorts and pages', async () => {
    const all = await fx.store.runs.list({ project_id: 'p' });
    expect(all.total).toBe(30);
    expect(all.rows[0].run_id).toBe('r29');
    const page = await fx.store.runs.list({ project_id: 'p', mode: '3-loop', sort: 'total_cost_usd', dir: 'asc', offset: 1, limit: 3 });
    expect(page.total).toBe(10);
    expect(page.rows.map((r) => r.run_id)).toEqual(['r21', 'r22', 'r23']); // r20 has no cost: NULL first in ascending order
    expect((await fx.store.runs.list({ project_id: 'p', from: '2025-10-01T05:00:00Z', to: '2025-10-01T06:00:00Z' })).total).toBe(2);
    expect((await fx.store.runs.list({ project_id: 'p', qa_status: 'failed', status: 'completed' })).total).toBe(10);
  });
  it('facets, detail, quarantine, counts, versions', async () => {
    expect(await fx.store.runs.facets('p')).toEqual({ mode: ['2-loop', '3-loop'], prompt_strategy: ['s'], model: ['a', 'b'], status: ['completed', 'timeout'] });
    const d = await getRunDetail(fx.store.runs, 'p', 'r3');
    expect(d).toMatchObject({ line: 4, row: { run_id: 'r3', file: expect.stringMatching(/runs\.jsonl$/) } });
    expect(d?.events).toHaveLength(1);
    expect(await getRunDetail(fx.store.runs, 'p', 'nope')).toBeNull();
    expect((await fx.store.quarantine.list()).items).toMatchObject([{ line: 32, reason: expect.stringMatching(/^line 32: not valid JSON/) }]);
    expect(await fx.store.counts()).toEqual({ files: 1, runs: 30, events: 1, quarantined: 1 });
    expect(await fx.store.aggregates.projectIds()).toEqual(['p']);
    expect(await fx.store.aggregates.version('p')).toBeGreaterThan(0);
  });
  it('latestRunSettings: the most recent value of each tunable field', async () => {
    expect(await fx.store.runs.latestSettings('p')).toEqual({ mode: '3-loop', max_rounds: 5, max_cost_usd: 2, prompt_strategy: 's', model: 'a' });
    expect(await fx.store.runs.latestSettings('none')).toBeNull();
  });
  it('factsSince: the runs of a setting since a time, with the facts the fold reads', async () => {
    const facts = (await collect(fx.store.runs.factsSince('p', Date.UTC(2025, 9, 1, 20), 'mode', '3-loop')));
    expect(facts).toHaveLength(10);
    expect(facts.filter((f) => f.total_cost_usd != null)).toHaveLength(9);
    expect(facts.filter((f) => f.qa_status === 'passed')).toHaveLength(7);
    expect(facts.reduce((a, f) => a + (f.total_cost_usd ?? 0), 0)).toBeCloseTo([21, 22, 23, 24, 25, 26, 27, 28, 29].reduce((a, b) => a + b / 10, 0), 9);
    expect((await collect(fx.store.runs.factsSince('p', 0, 'max_rounds', 5)))).toHaveLength(5);
    await expect(collect(fx.store.runs.factsSince('p', 0, 'nope' as 'mode', 1))).rejects.toThrow(/unknown field/);
  });
  it('page defaults: newest first, 200 rows; an unknown sort column is refused', async () => {
    expect((await fx.store.runs.list({ project_id: 'p', limit: 2 })).rows.map((r) => r.run_id)).toEqual(['r29', 'r28']);
    await expect(fx.store.runs.list({ project_id: 'p', sort: 'raw' as 'mode' })).rejects.toThrow(/unknown sort/);
  });
});

describe('facts streams over more than one batch', () => {
  it('factsOfProject and factsSince hand out every row once: undated ones, shared start times, the `since` boundary', async () => {
    // 12 000 runs (batches of 5 000): every 7th undated, start times shared by 3 runs each.
    const t0 = Date.UTC(2025, 9, 2);
    const lines = Array.from({ length: 12_000 }, (_, i) => runLine({
      run_id: `b${i}`, project_id: 'big', mode: i % 2 ? 'x' : 'y', ...(i % 7 === 0 ? { started_at: undefined } : { started_at: new Date(t0 + Math.floor(i / 3) * 1000).toISOString() }),
    }));
    fx.write('big/runs.jsonl', lines.join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const all = await collect(fx.store.runs.factsOfProject('big'));
    expect(all).toHaveLength(12_000);
    expect(all.filter((f) => f.started_ms == null)).toHaveLength(Math.ceil(12_000 / 7));
    expect(new Set(all.map((f) => `${f.started_ms}|${f.mode}`)).size).toBeLessThan(12_000); // shared start times exist
    expect(all.reduce((a, f) => a + (f.mode === 'x' ? 1 : 0), 0)).toBe(6_000);

    const since = t0 + 2000 * 1000; // runs 6000–6002 start then
    const expected = lines.filter((_, i) => i % 7 !== 0 && i % 2 === 1 && t0 + Math.floor(i / 3) * 1000 >= since).length;
    const got = await collect(fx.store.runs.factsSince('big', since, 'mode', 'x'));
    expect(got).toHaveLength(expected);
    expect(Math.min(...got.map((f) => f.started_ms!))).toBe(since);
    expect(got.every((f) => f.mode === 'x')).toBe(true);
  });
});
