import { appendFileSync, renameSync, unlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRunDetail } from '../core/run-detail';
import type { PathResult } from './ingest-folder';
import { watchFolder, type FolderWatcher } from './watch';
import { fixture, NOW, runLine, type Fixture } from './test-helpers';

let fx: Fixture;
let w: FolderWatcher | null = null;
beforeEach(() => (fx = fixture()));
afterEach(async () => {
  await w?.close();
  w = null;
  fx.cleanup();
});

/** Polls until `cond` holds (the watcher is asynchronous by nature). */
async function until(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting for the watcher');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each([false, true])('watchFolder (polling: %s)', (polling) => {
  it('new files, appends, rewrites, renames and deletes flow into the store', async () => {
    fx.write('p/existing.jsonl', runLine({ run_id: 'e1' }) + '\n');
    const changes: PathResult[] = [];
    w = await watchFolder(fx.store, fx.root, { now: NOW, polling, pollIntervalMs: 50, onChange: (r) => changes.push(r), onError: (e) => { throw e; } });
    await w.ready;
    expect((await fx.store.counts()).runs).toBe(1); // the initial scan

    const a = join(fx.root, 'p', 'a.jsonl');
    writeFileSync(a, runLine({ run_id: 'r1' }) + '\n');
    await until(() => changes.some((c) => c.file === a && c.runs === 1 && c.changedProjects.includes('p')));
    expect((await fx.store.counts()).runs).toBe(2);

    appendFileSync(a, runLine({ run_id: 'r2' }) + '\n');
    await until(async () => (await fx.store.counts()).runs === 3);
    expect((await getRunDetail(fx.store.runs, 'p', 'r2'))?.line).toBe(2);

    const j = join(fx.root, 'q', 'run.json');
    fx.write('q/run.json', runLine({ run_id: 'j1', total_cost_usd: 1 }));
    await until(async () => await getRunDetail(fx.store.runs, 'q', 'j1') != null);
    writeFileSync(j, runLine({ run_id: 'j1', total_cost_usd: 7, mode: '3-loop-rewritten' }));
    await until(async () => (await getRunDetail(fx.store.runs, 'q', 'j1'))?.row.total_cost_usd === 7);

    const b = join(fx.root, 'p', 'b.jsonl');
    renameSync(a, b);
    await until(async () => (await getRunDetail(fx.store.runs, 'p', 'r1'))?.row.file === b);
    await w.idle();
    expect(await fx.store.counts()).toMatchObject({ runs: 4, quarantined: 0 });

    unlinkSync(b);
    await until(async () => (await fx.store.counts()).runs === 2);
    expect(await getRunDetail(fx.store.runs, 'p', 'r1')).toBeNull();
  });
});

describe('watchFolder settling', () => {
  it('a half-written file is retried when it settles, not quarantined', async () => {
    const attempts: PathResult[] = [];
    w = await watchFolder(fx.store, fx.root, { now: NOW, settleMs: 400, onAttempt: (r) => attempts.push(r) });
    await w.ready;
    const f = join(fx.root, 'p', 'slow.json');
    fx.write('p/slow.json', '{"run_id": "s1", "started_at": "2025-10-01T');
    // The watcher has read the half-written file and left it for later: nothing quarantined.
    await until(() => attempts.some((a) => a.file === f && a.incomplete));
    expect(attempts.filter((a) => a.file === f).every((a) => a.incomplete && a.quarantined === 0)).toBe(true);
    expect((await fx.store.quarantine.list()).total).toBe(0);
    const fd = openSync(f, 'a');
    writeSync(fd, '10:00:00Z", "total_cost_usd": 1}');
    closeSync(fd);
    await until(async () => await getRunDetail(fx.store.runs, 'p', 's1') != null);
    await w.idle();
    expect((await fx.store.quarantine.list()).total).toBe(0);

    // A JSONL line written in two parts: the first part waits, no quarantine.
    const g = join(fx.root, 'p', 'live.jsonl');
    writeFileSync(g, runLine({ run_id: 'l1' }) + '\n{"run_id": "l2", "started_at": ');
    await until(async () => await getRunDetail(fx.store.runs, 'p', 'l1') != null);
    appendFileSync(g, '"2025-10-01T10:00:00Z"}\n');
    await until(async () => await getRunDetail(fx.store.runs, 'p', 'l2') != null);
    await w.idle();
    expect((await fx.store.quarantine.list()).total).toBe(0);
  });

  it('a file that stays broken after it settles is quarantined', async () => {
    w = await watchFolder(fx.store, fx.root, { now: NOW, settleMs: 100 });
    await w.ready;
    fx.write('p/broken.json', '{"run_id": "b1", "cost": ');
    await until(async () => (await fx.store.quarantine.list()).total === 1);
    expect((await fx.store.quarantine.list()).items[0].reason).toMatch(/not valid JSON/);
  });
});

describe('the watcher clock', () => {
  it('reads `now` at each file, so a run dated after the start of a long watch is not "in the future"', async () => {
    let clock = NOW;
    const changes: PathResult[] = [];
    w = await watchFolder(fx.store, fx.root, { now: () => clock, onChange: (r) => changes.push(r), onError: (e) => { throw e; } });
    await w.ready;
    const later = new Date(NOW + 3 * 86_400_000).toISOString();
    fx.write('p/early.jsonl', runLine({ run_id: 'x1', started_at: later }) + '\n');
    await until(() => changes.some((c) => c.quarantined === 1));
    expect((await fx.store.quarantine.list(0, 10)).items[0].reason).toContain('in the future');

    clock = NOW + 4 * 86_400_000; // days pass
    fx.write('p/late.jsonl', runLine({ run_id: 'x2', started_at: later }) + '\n');
    await until(async () => (await fx.store.counts()).runs === 1);
    expect(await getRunDetail(fx.store.runs, 'p', 'x2')).not.toBeNull();
  });
});

describe('the mapping file under watch', () => {
  it('a new or changed runbrain.map.json re-reads the folder under it; an invalid one is reported and changes nothing', async () => {
    // Their logs call the cost "spend": unknown to RunBrain until the mapping names it.
    fx.write('p/runs.jsonl', runLine({ run_id: 'm1', total_cost_usd: undefined, spend: 3.5 }) + '\n');
    const changes: PathResult[] = [];
    const errors: Error[] = [];
    w = await watchFolder(fx.store, fx.root, { now: NOW, onChange: (r) => changes.push(r), onError: (e) => errors.push(e) });
    await w.ready;
    expect((await getRunDetail(fx.store.runs, 'p', 'm1'))?.row.total_cost_usd).toBeNull();

    fx.write('runbrain.map.json', JSON.stringify({ fields: { spend: 'total_cost_usd' } }));
    await until(async () => (await getRunDetail(fx.store.runs, 'p', 'm1'))?.row.total_cost_usd === 3.5);
    expect(changes.some((c) => c.file === fx.root && c.changedProjects.includes('p'))).toBe(true);

    // A broken mapping: the error names the file, and the runs keep the last good mapping's values.
    fx.write('runbrain.map.json', JSON.stringify({ fields: { spend: 'dollars' } }));
    await until(() => errors.length > 0);
    expect(errors[0].message).toMatch(/runbrain\.map\.json is invalid: fields\.spend: "dollars" is not a field of the run record/);
    await w.idle();
    expect((await getRunDetail(fx.store.runs, 'p', 'm1'))?.row.total_cost_usd).toBe(3.5);
    expect((await fx.store.counts()).runs).toBe(1);

    // Removed again: the run loses the mapped value on the next change of the mapping.
    unlinkSync(join(fx.root, 'runbrain.map.json'));
    await until(async () => (await getRunDetail(fx.store.runs, 'p', 'm1'))?.row.total_cost_usd === null);
  });
});
