import { collect } from '../test-helpers/collect';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aggregateRuns, type ProjectAggregates } from '../engine/aggregates';
import { getRunDetail } from '../core/run-detail';
import { ingestFolder } from './ingest-folder';
import { ingestPath, removePath } from './ingest-path';
import { MappingError } from './mapping';
import { fixture, NOW, runLine, type Fixture } from './test-helpers';

let fx: Fixture;
beforeEach(() => (fx = fixture()));
afterEach(() => fx.cleanup());

const ingest = (extra: Parameters<typeof ingestFolder>[2] = {}) => ingestFolder(fx.store, fx.root, { now: NOW, ...extra });
const reasons = async () => (await fx.store.quarantine.list(0, 1000)).items.map((q) => q.reason);
const runIds = async (project: string) => (await fx.store.runs.list({ project_id: project, sort: 'started_at', dir: 'asc', limit: 1000 })).rows.map((r) => r.run_id);

/** Aggregates as plain sorted data with rounded floats, for equality checks. */
function plain(a: ProjectAggregates | null): unknown {
  if (!a) return null;
  const round = (v: unknown): unknown =>
    typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v instanceof Map ? [...v.entries()].sort().map(([k, x]) => [k, round(x)]) : Array.isArray(v) ? v.map(round)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)])) : v;
  return round(a);
}
/** Incremental aggregates in the agg_* tables equal a full fold over the runs table. */
async function expectAggregatesConsistent(project: string) {
  const full = aggregateRuns(project, (await collect(fx.store.runs.factsOfProject(project))));
  const stored = await fx.store.aggregates.load(project);
  expect(plain(stored)).toEqual(full.overall.n === 0 ? null : plain(full));
}

describe('file shapes', () => {
  it('reads one run, arrays, {"runs": [...]}, .jsonl and .ndjson at any depth', async () => {
    fx.write('p1/one.json', runLine({ run_id: 'one' }));
    fx.write('p1/deep/er/array.json', `[${runLine({ run_id: 'a1' })},\n${runLine({ run_id: 'a2' })}]`);
    fx.write('p2/wrapped.json', JSON.stringify({ project: 'p2x', runs: [JSON.parse(runLine({ run_id: 'w1' }))] }, null, 2));
    fx.write('p3/runs.jsonl', [runLine({ run_id: 'l1' }), runLine({ run_id: 'l2' })].join('\n') + '\n');
    fx.write('p3/more.ndjson', runLine({ run_id: 'n1' }) + '\n');
    fx.write('p3/runbrain.ignore.txt', 'not a log');
    const res = await ingest();
    expect(res.counts).toEqual({ files: 5, runs: 7, events: 0, quarantined: 0 });
    expect(res.changedProjects).toEqual(['p1', 'p2x', 'p3']);
    expect((await runIds('p1')).sort()).toEqual(['a1', 'a2', 'one']);
    expect((await getRunDetail(fx.store.runs, 'p1', 'a2'))?.line).toBe(2);
    expect((await getRunDetail(fx.store.runs, 'p2x', 'w1'))?.line).toBe(4);
    expect((await getRunDetail(fx.store.runs, 'p2x', 'w1'))?.record.project_id).toBe('p2x');
    for (const p of ['p1', 'p2x', 'p3']) await expectAggregatesConsistent(p);
  });

  it('event lines are stored and attached to their run', async () => {
    fx.write('p/runs.jsonl', [runLine({ run_id: 'r1' }), '{"event":"retry","run_id":"r1","at":"2025-10-01T10:00:05Z"}',
      '{"stage":"qa","gate_id":"tests_pass","gate_result":"fail"}'].join('\n') + '\n');
    const res = await ingest();
    expect(res.counts).toMatchObject({ runs: 1, events: 2 });
    expect((await getRunDetail(fx.store.runs, 'p', 'r1'))?.events.map((e) => e.type)).toEqual(['retry']);
  });
});

describe('idempotency and change tracking', () => {
  it('re-scanning the same folder adds nothing and touches no project', async () => {
    fx.write('p/a.jsonl', [runLine({ run_id: 'r1' }), runLine({ run_id: 'r2' })].join('\n') + '\n');
    fx.write('p/b.json', runLine({ run_id: 'r3' }));
    const first = await ingest();
    const v = await fx.store.aggregates.version('p');
    const second = await ingest();
    expect(second).toEqual({ counts: first.counts, changedProjects: [] });
    expect(await fx.store.aggregates.version('p')).toBe(v);
  });

  it('an appended JSONL file is read from its offset; a partial last line waits', async () => {
    const f = fx.write('p/a.jsonl', runLine({ run_id: 'r1' }) + '\n');
    await ingest();
    appendFileSync(f, runLine({ run_id: 'r2' }) + '\n' + '{"run_id": "r3", "started_at": "2025-10-0');
    const res = await ingest();
    expect(res.counts.runs).toBe(2);
    expect(await reasons()).toEqual(['line 3: incomplete last line (no newline at the end and not valid JSON yet); it is read again when the file grows']);
    appendFileSync(f, '1T10:00:00Z"}\n' + runLine({ run_id: 'r4' }) + '\n');
    const res2 = await ingest();
    expect(res2.counts).toMatchObject({ runs: 4, quarantined: 0 });
    expect((await getRunDetail(fx.store.runs, 'p', 'r3'))?.line).toBe(3);
    expect((await getRunDetail(fx.store.runs, 'p', 'r4'))?.line).toBe(4);
    await expectAggregatesConsistent('p');
  });

  it('a complete last line without newline is taken, and the next append numbers lines right', async () => {
    const f = fx.write('p/a.jsonl', runLine({ run_id: 'r1' }) + '\n' + runLine({ run_id: 'r2' }));
    expect((await ingest()).counts.runs).toBe(2);
    appendFileSync(f, '\n' + runLine({ run_id: 'r3' }) + '\n');
    expect((await ingest()).counts).toMatchObject({ runs: 3, quarantined: 0 });
    expect((await getRunDetail(fx.store.runs, 'p', 'r3'))?.line).toBe(3);
  });

  it('a truncated or replaced JSONL file is re-read from 0 without duplicates', async () => {
    const f = fx.write('p/a.jsonl', [1, 2, 3].map((i) => runLine({ run_id: `r${i}`, total_cost_usd: i })).join('\n') + '\n');
    await ingest();
    writeFileSync(f, runLine({ run_id: 'r1', total_cost_usd: 1 }) + '\n'); // truncated (size < offset)
    expect((await ingest()).counts.runs).toBe(1);
    await expectAggregatesConsistent('p');
    // Replaced by a longer file with a different head: same inode, size grew, head hash differs.
    writeFileSync(f, [runLine({ run_id: 'x1', total_cost_usd: 5 }), runLine({ run_id: 'x2' }), runLine({ run_id: 'x3' })].join('\n') + '\n');
    const res = await ingest();
    expect(res.counts.runs).toBe(3);
    expect((await runIds('p')).sort()).toEqual(['x1', 'x2', 'x3']);
    await expectAggregatesConsistent('p');
  });

  it('a changed .json file replaces its runs; a deleted file takes its runs along', async () => {
    const f = fx.write('p/a.json', JSON.stringify([JSON.parse(runLine({ run_id: 'r1', total_cost_usd: 9 })), JSON.parse(runLine({ run_id: 'r2' }))]));
    fx.write('q/b.json', runLine({ run_id: 'q1' }));
    await ingest();
    writeFileSync(f, JSON.stringify([JSON.parse(runLine({ run_id: 'r2', total_cost_usd: 3 }))]));
    const res = await ingest();
    expect(res.changedProjects).toEqual(['p']);
    expect(await runIds('p')).toEqual(['r2']);
    expect((await fx.store.aggregates.load('p'))?.overall.max_cost).toBe(3);
    await expectAggregatesConsistent('p');
    unlinkSync(f);
    const res2 = await ingest();
    expect(res2.counts).toMatchObject({ files: 1, runs: 1 });
    expect(await fx.store.aggregates.projectIds()).toEqual(['q']);
    expect(await fx.store.aggregates.load('p')).toBeNull();
  });

  it('a cross-file duplicate is quarantined naming the other file, and comes back when that file goes', async () => {
    const a = fx.write('p/a.jsonl', runLine({ run_id: 'dup', total_cost_usd: 1 }) + '\n');
    fx.write('p/b.jsonl', runLine({ run_id: 'dup', total_cost_usd: 2 }) + '\n');
    await ingest();
    expect(await reasons()).toEqual([`line 1: duplicate run_id "dup" in project "p": already read from ${a} line 1`]);
    unlinkSync(a);
    const res = await ingest();
    expect(res.counts).toMatchObject({ runs: 1, quarantined: 0 });
    expect((await getRunDetail(fx.store.runs, 'p', 'dup'))?.row.total_cost_usd).toBe(2);
  });

  it('incremental aggregates equal a full recompute after many changes', async () => {
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => {
        const i = from + k;
        return runLine({ run_id: `r${i}`, total_cost_usd: (i % 7) * 0.37, mode: i % 2 ? '2-loop' : '3-loop', model: `m${i % 3}`, prompt_strategy: `s${i % 4}`,
          rounds_completed: i % 5, max_rounds: 3, qa_status: ['passed', 'failed', 'warning'][i % 3], started_at: new Date(Date.UTC(2025, 8, 1 + (i % 40))).toISOString() });
      }).join('\n') + '\n';
    const f = fx.write('p/a.jsonl', lines(0, 50));
    const g = fx.write('p/b.jsonl', lines(50, 80));
    await ingest();
    appendFileSync(f, lines(80, 120));
    await ingest();
    writeFileSync(g, lines(200, 210));
    await ingest();
    await expectAggregatesConsistent('p');
    unlinkSync(f);
    await ingest();
    await expectAggregatesConsistent('p');
  });
});

describe('bad input: quarantined with a reason, nothing valid lost', () => {
  it('every bad-record case in one folder', async () => {
    fx.write('p/mixed.jsonl', [
      runLine({ run_id: 'ok1' }),
      '{"run_id": "nan", "total_cost_usd": NaN}',
      '{"run_id": "inf", "total_cost_usd": Infinity}',
      runLine({ run_id: 'neg', total_cost_usd: -2 }),
      runLine({ run_id: 'future', started_at: '2030-01-01T00:00:00Z' }),
      runLine({ run_id: 'ok1' }),
      runLine({ run_id: 'lots', total_cost_usd: 'lots' }),
      '{"mode": "2-loop"}',
      runLine({ run_id: 'ok2' }),
    ].join('\n') + '\n');
    fx.write('p/truncated.json', `[${runLine({ run_id: 't1' })},\n${runLine({ run_id: 't2' }).slice(0, 30)}`);
    fx.write('p/empty.json', '');
    fx.write('p/empty.jsonl', '');
    fx.write('p/garbage.jsonl', Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x0a, 0x01, 0x02]));
    fx.write('p/garbage.json', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]));
    fx.write('top-level.json', '{"run_id": "x"}');
    const res = await ingest();
    expect((await runIds('p')).sort()).toEqual(['ok1', 'ok2', 't1']);
    const byFile = (await fx.store.quarantine.list(0, 100)).items.map((q) => `${q.file.slice(fx.root.length + 1)}: ${q.reason}`);
    expect(byFile).toEqual([
      'p/empty.json: empty file: no runs',
      'p/garbage.json: binary file (contains NUL bytes), not JSON',
      'p/garbage.jsonl: binary file (contains NUL bytes), not JSON Lines',
      'p/mixed.jsonl: line 2: not valid JSON: NaN and Infinity are not JSON numbers',
      'p/mixed.jsonl: line 3: not valid JSON: NaN and Infinity are not JSON numbers',
      'p/mixed.jsonl: line 4: total_cost_usd must be a number ≥ 0, got -2',
      'p/mixed.jsonl: line 5: started_at is in the future (2030-01-01T00:00:00Z)',
      'p/mixed.jsonl: line 6: duplicate run_id "ok1" in project "p": already read from line 1 of this file',
      'p/mixed.jsonl: line 7: total_cost_usd must be a number ≥ 0, got "lots"',
      'p/mixed.jsonl: line 8: a run needs a run_id or a started_at; it has neither',
      'p/truncated.json: line 2: truncated JSON: the file ends inside this run',
      'top-level.json: line 1: project_id is missing and the file is not inside a project folder',
    ]);
    expect(res.counts).toMatchObject({ files: 7, runs: 3 });
    const q = (await fx.store.quarantine.list(0, 100)).items.find((i) => i.reason.includes('"lots"'));
    expect(q).toMatchObject({ line: 7, field: 'total_cost_usd' });
  });

  it('a 200 MB single line is skipped without holding it in memory; later lines still count', async () => {
    const f = join(fx.root, 'p', 'huge.jsonl');
    mkdirSync(join(fx.root, 'p'));
    const fd = openSync(f, 'w');
    writeSync(fd, runLine({ run_id: 'before' }) + '\n{"run_id": "big", "blob": "');
    const block = Buffer.alloc(8 * 1024 * 1024, 0x61);
    for (let i = 0; i < 25; i++) writeSync(fd, block);
    writeSync(fd, '"}\n' + runLine({ run_id: 'after' }) + '\n');
    closeSync(fd);
    // That the reader never buffers such a line is parse.test.ts's (JsonlReader); memory is the bench's.
    await ingest();
    expect((await runIds('p')).sort()).toEqual(['after', 'before']);
    expect(await reasons()).toEqual([expect.stringMatching(/^line 2: line longer than 16 MiB \(2097152\d\d bytes\); skipped$/)]);
  }, 30_000);

  it('symlink loops and dangling links do not hang or crash the walk', async () => {
    fx.write('p/a.jsonl', runLine({ run_id: 'r1' }) + '\n');
    symlinkSync(join(fx.root, 'p'), join(fx.root, 'p', 'loop'));
    symlinkSync(fx.root, join(fx.root, 'p', 'root-loop'));
    symlinkSync(join(fx.root, 'nowhere.jsonl'), join(fx.root, 'p', 'dangling.jsonl'));
    const res = await ingest();
    expect(res.counts.runs).toBe(1);
    expect(await reasons()).toEqual([expect.stringMatching(/^cannot read file: file not found/)]);
  });

  it('unreadable files (EACCES) get a source status and a reason', async (ctx) => {
    if (process.getuid?.() === 0) ctx.skip('running as root, which reads any file: the next test runs the ingest as an ordinary user instead');
    const f = fx.write('p/secret.jsonl', runLine({ run_id: 'r1' }) + '\n');
    fx.write('p/ok.jsonl', runLine({ run_id: 'r2' }) + '\n');
    chmodSync(f, 0o000);
    const res = await ingest();
    expect(res.counts).toMatchObject({ runs: 1, quarantined: 1 });
    expect((await reasons())[0]).toMatch(/permission denied \(EACCES\)/);
    chmodSync(f, 0o644);
  });

  it.runIf(process.getuid?.() === 0)('unreadable files (EACCES) are quarantined when ingest runs as an ordinary user (root test run)', () => {
    // Root reads any file, so the real permission error is produced by a child running as `nobody`.
    const f = fx.write('p/secret.jsonl', runLine({ run_id: 'r1' }) + '\n');
    fx.write('p/ok.jsonl', runLine({ run_id: 'r2' }) + '\n');
    chmodSync(f, 0o000);
    const work = mkdtempSync(join(tmpdir(), 'rb-eacces-'));
    chmodSync(work, 0o777);
    for (let d = fx.root; d.startsWith(tmpdir() + '/'); d = dirname(d)) chmodSync(d, 0o755);
    chmodSync(join(fx.root, 'p'), 0o755);
    chmodSync(join(fx.root, 'p', 'ok.jsonl'), 0o644);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'ingest-child.ts'), join(work, 'rb.db'), fx.root], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      cwd: process.cwd(),
      env: { ...process.env, HOME: work, TMPDIR: work },
    });
    rmSync(work, { recursive: true, force: true });
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as { counts: { runs: number; quarantined: number }; reasons: string[] };
    expect(out.counts).toMatchObject({ runs: 1, quarantined: 1 });
    expect(out.reasons[0]).toMatch(/permission denied \(EACCES\)/);
  });

  it('a renamed file keeps counts exact', async () => {
    const a = fx.write('p/a.jsonl', runLine({ run_id: 'r1' }) + '\n');
    await ingest();
    renameSync(a, join(fx.root, 'p', 'b.jsonl'));
    const res = await ingest();
    expect(res.counts).toEqual({ files: 1, runs: 1, events: 0, quarantined: 0 });
  });
});

describe('mapping file', () => {
  it('runbrain.map.json in the root is applied, and a changed mapping re-reads every file', async () => {
    fx.write('p/a.jsonl', JSON.stringify({ id: 'r1', when: '2025-10-01T10:00:00Z', spend: 2, verdict: 'green' }) + '\n');
    fx.write('runbrain.map.json', JSON.stringify({ fields: { when: 'started_at', spend: 'total_cost_usd', verdict: 'qa_status' }, values: { qa_status: { green: 'passed' } } }));
    await ingest();
    expect((await getRunDetail(fx.store.runs, 'p', 'r1'))?.row).toMatchObject({ total_cost_usd: 2, qa_status: 'passed', started_at: '2025-10-01T10:00:00Z' });
    fx.write('runbrain.map.json', JSON.stringify({ fields: { when: 'started_at', spend: 'max_cost_usd' } }));
    await ingest();
    expect((await getRunDetail(fx.store.runs, 'p', 'r1'))?.row).toMatchObject({ total_cost_usd: null, qa_status: null });
    expect(await fx.store.counts()).toMatchObject({ runs: 1, quarantined: 0 });
  });

  it('--map FILE is used; an invalid one fails with a clear error', async () => {
    fx.write('p/a.jsonl', JSON.stringify({ id: 'r1', when: '2025-10-01T10:00:00Z' }) + '\n');
    const map = join(fx.dir, 'my.map.json');
    writeFileSync(map, JSON.stringify({ fields: { when: 'started_at' } }));
    await ingest({ mapFile: map });
    expect((await getRunDetail(fx.store.runs, 'p', 'r1'))?.row.started_at).toBe('2025-10-01T10:00:00Z');
    writeFileSync(map, JSON.stringify({ fields: { when: 'start' } }));
    await expect(ingest({ mapFile: map })).rejects.toThrow(MappingError);
  });
});

describe('ingestPath / removePath', () => {
  it('ingests and removes single paths and whole folders', async () => {
    const a = fx.write('p/a.jsonl', runLine({ run_id: 'r1' }) + '\n');
    fx.write('q/sub/b.json', runLine({ run_id: 'r2' }));
    const r = await ingestPath(fx.store, fx.root, a, { now: NOW });
    expect(r).toMatchObject({ kind: 'ingested', runs: 1, changedProjects: ['p'] });
    expect((await ingestPath(fx.store, fx.root, join(fx.root, 'q'), { now: NOW })).runs).toBe(1);
    expect((await ingestPath(fx.store, fx.root, a, { now: NOW })).runs).toBe(0); // unchanged
    const rm = await removePath(fx.store, fx.root, join(fx.root, 'q'));
    expect(rm).toMatchObject({ kind: 'removed', changedProjects: ['q'] });
    expect(await fx.store.counts()).toMatchObject({ files: 1, runs: 1 });
  });

  it('settling mode leaves a half-written .json alone instead of quarantining it', async () => {
    const f = fx.write('p/a.json', '{"run_id": "r1", "started_at": "2025-10');
    const r = await ingestPath(fx.store, fx.root, f, { now: NOW, settling: true });
    expect(r).toMatchObject({ incomplete: true, quarantined: 0 });
    expect((await fx.store.counts()).quarantined).toBe(0);
    const final = await ingestPath(fx.store, fx.root, f, { now: NOW });
    expect(final.quarantined).toBe(1);
  });
});
