import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';
import { ingestFolder } from './ingest-folder';
import { ingestPath } from './ingest-path';
import { watchFolder } from './watch';
import { fixture, NOW, runLine, type Fixture } from './test-helpers';

let fx: Fixture;
beforeEach(() => (fx = fixture()));
afterEach(() => fx.cleanup());

/** What a store holds, independent of ids and timestamps: runs (with the file each came from), quarantine, aggregates. */
async function snapshot(store: Store) {
  const runs = (await store.runs.list({ project_id: 'p', sort: 'started_at', dir: 'asc', limit: 1000 })).rows.map((r) => [r.run_id, r.file, r.total_cost_usd]).sort();
  const quarantine = (await store.quarantine.list(0, 1000)).items.map((q) => [q.file.slice(fx.root.length), q.line, q.reason.replaceAll(fx.root, '<root>'), q.excerpt]).sort();
  const agg = await store.aggregates.load('p');
  return { runs, quarantine, counts: await store.counts(), overall: agg && { n: agg.overall.n, sum_cost: agg.overall.sum_cost, max_cost: agg.overall.max_cost } };
}

const FILES: Array<[string, string]> = [
  ['p/a.json', runLine({ run_id: 'd', total_cost_usd: 1 })],
  ['p/b/y.jsonl', `${runLine({ run_id: 'd', total_cost_usd: 2 })}\n${runLine({ run_id: 'e', total_cost_usd: 5 })}\n`],
  ['p/c.json', JSON.stringify([JSON.parse(runLine({ run_id: 'd', total_cost_usd: 3 })), JSON.parse(runLine({ run_id: 'f', total_cost_usd: 4 }))], null, 1)],
];

describe('duplicate run_ids across files', () => {
  it('a file that repeats a run another file holds: its first copy displaces the other, its second is its own duplicate', async () => {
    // The runs of one chunk go to the store as one batch; both copies of "d" in a.jsonl meet the copy in b.jsonl there.
    const b = fx.write('p/b.jsonl', `${runLine({ run_id: 'd', total_cost_usd: 9 })}\n`);
    await ingestPath(fx.store, fx.root, b, { now: NOW });
    const a = fx.write('p/a.jsonl', [runLine({ run_id: 'd', total_cost_usd: 1 }), runLine({ run_id: 'x', total_cost_usd: 2 }), runLine({ run_id: 'd', total_cost_usd: 3 })].join('\n') + '\n');
    await ingestPath(fx.store, fx.root, a, { now: NOW });
    const got = await snapshot(fx.store);
    expect(got.runs).toEqual([['d', a, 1], ['x', a, 2]]);
    expect(got.quarantine.map((q) => q.slice(0, 3))).toEqual([
      ['/p/a.jsonl', 3, `line 3: duplicate run_id "d" in project "p": already read from line 1 of this file`],
      ['/p/b.jsonl', 1, expect.stringContaining('line 1: duplicate run_id "d" in project "p"')],
    ]);
    expect(got.overall).toEqual({ n: 2, sum_cost: 3, max_cost: 2 });
  });

  it('the copy from the file whose path sorts first wins, whatever the arrival order: watched = fresh ingest', async () => {
    // Watched: files arrive one by one, the winner last.
    for (const [rel, text] of [...FILES].reverse()) {
      const p = fx.write(rel, text);
      await ingestPath(fx.store, fx.root, p, { now: NOW });
    }
    const watched = await snapshot(fx.store);
    expect(watched.runs).toEqual([
      ['d', join(fx.root, 'p/a.json'), 1],
      ['e', join(fx.root, 'p/b/y.jsonl'), 5],
      ['f', join(fx.root, 'p/c.json'), 4],
    ]);
    expect(watched.counts).toMatchObject({ runs: 3, quarantined: 2 });
    expect(watched.overall).toEqual({ n: 3, sum_cost: 10, max_cost: 5 });

    // Fresh: one scan of the same final folder, into a new database.
    const file = join(fx.dir, 'fresh.db');
    const fresh = openStore(file);
    try {
      await ingestFolder(fresh, fx.root, { now: NOW });
      const again = await snapshot(fresh);
      expect(again.runs).toEqual(watched.runs);
      expect(again.counts).toEqual(watched.counts);
      expect(again.overall).toEqual(watched.overall);
      // Both losers are quarantined where they are, pointing at the winner, with their own text.
      expect(again.quarantine.map((q) => q.slice(0, 2))).toEqual(watched.quarantine.map((q) => q.slice(0, 2)));
      expect(watched.quarantine.find((q) => q[0] === '/p/b/y.jsonl')?.[2]).toBe('line 1: duplicate run_id "d" in project "p": already read from <root>/p/a.json line 1');
      expect(watched.quarantine.find((q) => q[0] === '/p/b/y.jsonl')?.[3]).toBe(FILES[1][1].split('\n')[0]);
    } finally {
      await fresh.close();
      rmSync(file, { force: true });
    }
  });

  it('the same through the watcher: files written one by one, the winner last, end as a fresh ingest does', async () => {
    const w = await watchFolder(fx.store, fx.root, { now: NOW, settleMs: 50, debounceMs: 5, onError: (e) => { throw e; } });
    try {
      await w.ready;
      for (const [rel, text] of [...FILES].reverse()) {
        fx.write(rel, text);
        const file = join(fx.root, rel);
        for (let t0 = Date.now(); (await fx.store.sources.get(file))?.status !== 'ok'; ) {
          if (Date.now() - t0 > 5000) throw new Error(`watcher did not read ${rel}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        await w.idle();
      }
    } finally {
      await w.close();
    }
    const watched = await snapshot(fx.store);
    const file = join(fx.dir, 'fresh.db');
    const fresh = openStore(file);
    try {
      await ingestFolder(fresh, fx.root, { now: NOW });
      const again = await snapshot(fresh);
      expect(watched.runs).toEqual(again.runs);
      expect(watched.counts).toEqual(again.counts);
      expect(watched.overall).toEqual(again.overall);
      expect(watched.quarantine.map((q) => q.slice(0, 2))).toEqual(again.quarantine.map((q) => q.slice(0, 2)));
      expect(watched.runs.find((r) => r[0] === 'd')).toEqual(['d', join(fx.root, 'p/a.json'), 1]);
    } finally {
      await fresh.close();
      rmSync(file, { force: true });
    }
  });

  it('when the winning file goes, the next copy in path order comes back', async () => {
    for (const [rel, text] of FILES) fx.write(rel, text);
    await ingestFolder(fx.store, fx.root, { now: NOW });
    rmSync(join(fx.root, 'p/a.json'));
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect((await fx.store.runs.get('p', 'd'))?.row).toMatchObject({ file: join(fx.root, 'p/b/y.jsonl'), total_cost_usd: 2 });
    expect((await snapshot(fx.store)).counts).toMatchObject({ runs: 3, quarantined: 1 });
    expect((await snapshot(fx.store)).overall).toEqual({ n: 3, sum_cost: 11, max_cost: 5 });
  });
});

describe('quarantine counts', () => {
  it('a file with more bad records than the listing shows: listing capped at 1000 plus one summary row, count true', async () => {
    const bad = Array.from({ length: 1460 }, (_, i) => `{"run_id": "x${i}", "project_id": "p", "started_at": "nope"}`);
    fx.write('p/bad.jsonl', [runLine({ run_id: 'ok' }), ...bad].join('\n') + '\n');
    const res = await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(res.counts).toMatchObject({ runs: 1, quarantined: 1460 });
    const page = await fx.store.quarantine.list(0, 2000);
    expect(page.total).toBe(1001);
    expect(page.items.find((q) => q.line == null)?.reason).toBe('460 more bad records in this file are not listed (first 1000 shown)');
  });
});

describe('early commit', () => {
  it('the first unit of a scan commits after at most 1000 runs', async () => {
    for (let i = 0; i < 2500; i++) fx.write(`p/r${String(i).padStart(4, '0')}.json`, runLine({ run_id: `r${i}` }));
    const seen: number[] = [];
    await ingestFolder(fx.store, fx.root, { now: NOW, onProgress: (p) => p.runs_done > 0 && seen.push(p.runs_done) });
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThanOrEqual(1000);
    expect(seen.at(-1)).toBe(2500);
  });
});

describe('early commit of a big JSONL file', () => {
  it('its first unit is one chunk: progress shows runs long before the file is done', async () => {
    const pad = 'x'.repeat(400);
    const lines = Array.from({ length: 30_000 }, (_, i) => runLine({ run_id: `j${i}`, note: pad })); // ~13 MB: several 4 MiB chunks
    fx.write('p/big.jsonl', lines.join('\n') + '\n');
    const seen: number[] = [];
    await ingestFolder(fx.store, fx.root, { now: NOW, onProgress: (p) => p.runs_done > 0 && seen.push(p.runs_done) });
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(12_000); // one 4 MiB chunk of ~430-byte lines
    expect(seen.at(-1)).toBe(30_000);
  }, 30_000);
});
