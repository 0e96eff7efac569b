/** Issue 8 §1: hostile or damaged input costs only the bad record, never a valid run or the ingest. */
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRunDetail } from '../core/run-detail';
import { STREAM_JSON_BYTES } from './ingest-file';
import { ingestFolder } from './ingest-folder';
import { ingestPath } from './ingest-path';
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

const ingest = () => ingestFolder(fx.store, fx.root, { now: NOW });
const quarantine = async () => (await fx.store.quarantine.list(0, 1000)).items.map((q) => ({ file: q.file.slice(fx.root.length + 1), line: q.line, field: q.field, reason: q.reason }));
const runIds = async (project = 'p') => (await fx.store.runs.list({ project_id: project, sort: 'started_at', dir: 'asc', limit: 1000 })).rows.map((r) => r.run_id).sort();
const deep = (n: number) => `{"run_id": "deep", "started_at": "2025-10-01T10:00:00Z", "x": ${'['.repeat(n)}${']'.repeat(n)}}`;

async function until(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting for the watcher');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a record nested 8 000 levels deep', () => {
  it('is quarantined with a reason in .jsonl and .json; every other run is stored', async () => {
    fx.write('p/deep.jsonl', [runLine({ run_id: 'a' }), deep(8000), runLine({ run_id: 'b' })].join('\n') + '\n');
    fx.write('p/deep.json', `[\n${runLine({ run_id: 'c' })},\n${deep(8000)}\n]`);
    fx.write('p/other.jsonl', runLine({ run_id: 'd' }) + '\n');
    const res = await ingest();
    expect(await runIds()).toEqual(['a', 'b', 'c', 'd']);
    expect(res.counts).toMatchObject({ runs: 4, quarantined: 2 });
    const reason = 'nested deeper than 100 levels (objects and arrays inside each other); not read as a run';
    expect(await quarantine()).toEqual([
      { file: 'p/deep.json', line: 3, field: expect.stringMatching(/^x(\[0\])+$/), reason: `line 3: ${reason}` },
      { file: 'p/deep.jsonl', line: 2, field: expect.stringMatching(/^x(\[0\])+$/), reason: `line 2: ${reason}` },
    ]);
  });

  it('100 levels are fine, 101 are not', async () => {
    // The record object is level 1, so "x" holds 99 (kept) or 100 (refused) nested arrays.
    fx.write('p/edge.jsonl', [deep(99).replace('"deep"', '"ok"'), deep(100)].join('\n') + '\n');
    await ingest();
    expect(await runIds()).toEqual(['ok']);
    expect((await quarantine()).map((q) => q.line)).toEqual([2]);
  });

  it('dropped into a watched folder it is quarantined, and the watcher goes on', async () => {
    w = await watchFolder(fx.store, fx.root, { now: NOW, onError: (e) => { throw e; } });
    await w.ready;
    fx.write('p/deep.jsonl', [runLine({ run_id: 'a' }), deep(8000)].join('\n') + '\n');
    await until(async () => (await quarantine()).length === 1);
    expect((await quarantine())[0].reason).toMatch(/^line 2: nested deeper than 100 levels/);
    expect(await runIds()).toEqual(['a']);
    fx.write('p/next.jsonl', runLine({ run_id: 'n' }) + '\n');
    await until(async () => (await runIds()).includes('n'));
  });
});

describe('byte-level damage in JSON Lines', () => {
  it('a UTF-8 BOM is stripped: the first line is a run, and its raw bytes are exact', async () => {
    const first = runLine({ run_id: 'bom' });
    fx.write('p/bom.jsonl', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${first}\n${runLine({ run_id: 'two' })}\n`)]));
    fx.write('p/bom-one.jsonl', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(runLine({ run_id: 'tail' }))])); // no newline
    await ingest();
    expect(await quarantine()).toEqual([]);
    expect(await runIds()).toEqual(['bom', 'tail', 'two']);
    expect(await getRunDetail(fx.store.runs, 'p', 'bom')).toMatchObject({ line: 1, raw: JSON.parse(first) });
  });

  it('one NUL byte quarantines only its line', async () => {
    const lines = [runLine({ run_id: 'r1' }), runLine({ run_id: 'r2' }), `{"run_id": "nul\u0000", "started_at": "2025-10-01T10:00:00Z"}`, runLine({ run_id: 'r3' })];
    fx.write('p/nul.jsonl', lines.join('\n') + '\n');
    fx.write('p/nul-first.jsonl', `\u0000\u0000\n${runLine({ run_id: 'r4' })}\n`);
    await ingest();
    expect(await runIds()).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(await quarantine()).toEqual([
      { file: 'p/nul-first.jsonl', line: 1, field: null, reason: 'line 1: contains NUL bytes (binary data), not JSON' },
      { file: 'p/nul.jsonl', line: 3, field: null, reason: 'line 3: contains NUL bytes (binary data), not JSON' },
    ]);
  });
});

describe('byte-level damage in a .json array', () => {
  it('one NUL byte quarantines only its run', async () => {
    fx.write('p/nul.json', `[\n${runLine({ run_id: 'j1' })},\n{"run_id": "bad\u0000", "started_at": "2025-10-01T10:00:00Z"},\n${runLine({ run_id: 'j2' })}\n]`);
    await ingest();
    expect(await runIds()).toEqual(['j1', 'j2']);
    expect(await quarantine()).toEqual([{ file: 'p/nul.json', line: 3, field: null, reason: 'line 3: contains NUL bytes (binary data), not JSON' }]);
  });
});

describe('text encoding', () => {
  const bad = (s: string) => Buffer.concat([Buffer.from(s.split('@')[0]), Buffer.from([0xc3, 0x28]), Buffer.from(s.split('@')[1])]);

  it('invalid UTF-8 quarantines that record (JSONL line, .json element); the rest of the file counts', async () => {
    fx.write('p/enc.jsonl', Buffer.concat([
      Buffer.from(runLine({ run_id: 'u1', model: 'ünï' }) + '\n'),
      bad('{"run_id": "x@y", "started_at": "2025-10-01T10:00:00Z"}\n'),
      Buffer.from(runLine({ run_id: 'u2', model: '\ufffd literal' }) + '\n'), // a real U+FFFD is fine
    ]));
    fx.write('p/enc.json', Buffer.concat([
      Buffer.from(`[\n${runLine({ run_id: 'j1' })},\n`),
      bad('{"run_id": "j@2", "started_at": "2025-10-01T10:00:00Z"},\n'),
      Buffer.from(`${runLine({ run_id: 'j3' })}\n]`),
    ]));
    await ingest();
    expect(await runIds()).toEqual(['j1', 'j3', 'u1', 'u2']);
    const reason = 'contains bytes that are not valid UTF-8 (RunBrain reads run logs as UTF-8); not read';
    expect(await quarantine()).toEqual([
      { file: 'p/enc.json', line: 3, field: null, reason: `line 3: ${reason}` },
      { file: 'p/enc.jsonl', line: 2, field: null, reason: `line 2: ${reason}` },
    ]);
    expect((await getRunDetail(fx.store.runs, 'p', 'u2'))?.record.model).toBe('\ufffd literal');
  });

  it('a lone surrogate escape in run_id or a nested field quarantines the record; pairs are fine', async () => {
    fx.write('p/sur.jsonl', [
      '{"run_id": "a\\ud800b", "started_at": "2025-10-01T10:00:00Z"}',
      '{"run_id": "ok\\ud83d\\ude00", "started_at": "2025-10-01T10:00:00Z"}',
      '{"run_id": "s", "started_at": "2025-10-01T10:00:00Z", "steps": [{"agent": "x\\udc00"}]}',
    ].join('\n') + '\n');
    await ingest();
    expect(await runIds()).toEqual(['ok😀']);
    expect(await quarantine()).toEqual([
      { file: 'p/sur.jsonl', line: 1, field: 'run_id', reason: 'line 1: run_id has an unpaired UTF-16 surrogate escape (e.g. "\\ud800" alone), which is not valid Unicode text' },
      { file: 'p/sur.jsonl', line: 3, field: 'steps[0].agent', reason: 'line 3: steps[0].agent has an unpaired UTF-16 surrogate escape (e.g. "\\ud800" alone), which is not valid Unicode text' },
    ]);
    // Only valid UTF-8 reaches SQLite: every stored text reads back as well-formed.
    const ids = (await fx.store.runs.list({ project_id: 'p', limit: 1000 })).rows.map((r) => r.run_id);
    expect(ids.every((s) => (s as string & { isWellFormed(): boolean }).isWellFormed())).toBe(true);
  });
});


describe('parse errors name the right line and value', () => {
  it('V8 "Unexpected token" errors in multi-line .json files report the line of the fault', async () => {
    const pad = (n: number) => Array.from({ length: n }, (_, i) => `  "f${i}": ${i},`).join('\n');
    fx.write('p/obj3.json', '{\n  "run_id": "a",\n  "bad": }\n');
    fx.write('p/obj22.json', `{\n${pad(20)}\n  "x": tru\n}\n`);
    // An array with a broken element: its neighbours count, the fault is on line 103.
    fx.write('p/arr.json', `[\n${runLine({ run_id: 'ok1' })},\n{\n  "run_id": "bad",\n${pad(98)}\n  "y": 'single'\n},\n${runLine({ run_id: 'ok2' })}\n]`);
    await ingest();
    expect(await runIds()).toEqual(['ok1', 'ok2']);
    expect((await quarantine()).map((q) => [q.file, q.line, q.reason.slice(0, 40)])).toEqual([
      ['p/arr.json', 103, 'line 103: not valid JSON (Unexpected tok'],
      ['p/obj22.json', 22, 'line 22: not valid JSON (Unexpected toke'],
      ['p/obj3.json', 3, 'line 3: not valid JSON (Unexpected token'],
    ]);
  });

  it('1e999 is reported as a number out of range, not "got null"', async () => {
    fx.write('p/big.jsonl', [
      '{"run_id": "a", "started_at": "2025-10-01T10:00:00Z", "total_cost_usd": 1e999}',
      '{"run_id": "b", "started_at": 1e999}',
      '{"run_id": "c", "started_at": "2025-10-01T10:00:00Z", "tests": {"passed": -1e999}}',
    ].join('\n') + '\n');
    await ingest();
    expect((await quarantine()).map((q) => [q.field, q.reason])).toEqual([
      ['total_cost_usd', 'line 1: total_cost_usd is a number out of range (beyond ±1.8e308)'],
      ['started_at', 'line 2: started_at must be an ISO 8601 date-time or epoch seconds/milliseconds, got a number out of range'],
      ['tests.passed', 'line 3: tests.passed is a number out of range (beyond ±1.8e308)'],
    ]);
  });
});

describe('doubtful values: each one refused with a reason or kept with a warning in the run detail', () => {
  it('placeholder dates, an end before the start, blank ids: kept, with the warning shown in the run detail', async () => {
    fx.write('p/doubt.jsonl', [
      '{"run_id": "year1", "started_at": "0001-01-01T00:00:00Z", "ended_at": "2025-10-01T10:00:00Z", "total_cost_usd": 2}',
      '{"run_id": "epoch0", "started_at": 0, "qa_status": "passed"}',
      '{"run_id": "backwards", "started_at": "2025-10-01T10:00:00Z", "ended_at": "2025-10-01T09:00:00Z"}',
      '{"run_id": "blank-project", "project_id": "   ", "started_at": "2025-10-01T10:00:00Z"}',
      '{"run_id": "spoof", "started_at": "2025-10-01T10:00:00Z", "ingest_warnings": ["not from RunBrain"]}',
    ].join('\n') + '\n');
    await ingest();
    expect(await quarantine()).toEqual([]);
    const detail = async (id: string) => (await getRunDetail(fx.store.runs, 'p', id))!;
    expect((await detail('year1')).record).toMatchObject({ total_cost_usd: 2, ended_at: '2025-10-01T10:00:00Z', ingest_warnings: [
      'started_at 0001-01-01T00:00:00Z is before 2000-01-01, most likely a zero or placeholder value: the run is kept without it'] });
    expect((await detail('year1')).record.started_at).toBeUndefined();
    expect((await detail('year1')).record.duration_s).toBeUndefined(); // not 2 000 years
    expect((await detail('year1')).row.started_at).toBeNull();
    expect((await detail('epoch0')).record.ingest_warnings).toEqual([
      'started_at 1970-01-01T00:00:00.000Z is before 2000-01-01, most likely a zero or placeholder value: the run is kept without it']);
    expect((await detail('backwards')).record).toMatchObject({ started_at: '2025-10-01T10:00:00Z', ended_at: '2025-10-01T09:00:00Z', ingest_warnings: [
      'ended_at 2025-10-01T09:00:00Z is before started_at 2025-10-01T10:00:00Z: both kept as logged, no duration derived from them'] });
    expect((await detail('backwards')).record.duration_s).toBeUndefined();
    expect((await detail('blank-project')).record).toMatchObject({ project_id: 'p', ingest_warnings: ['project_id "   " is blank: treated as missing'] });
    // A log cannot write RunBrain's warnings: its own field is kept among the extra fields.
    expect((await detail('spoof')).record.ingest_warnings).toBeUndefined();
    expect((await detail('spoof')).record.extra).toEqual({ ingest_warnings: ['not from RunBrain'] });
  });

  it('path-like, reserved and oversized ids are refused with a reason', async () => {
    const big = 'r'.repeat(1024 * 1024);
    fx.write('p/ids.jsonl', [
      runLine({ run_id: 'ok', project_id: 'team/web' }),
      runLine({ run_id: 'a', project_id: '../../etc' }),
      runLine({ run_id: 'b', project_id: '/etc' }),
      runLine({ run_id: 'c', project_id: '__proto__' }),
      runLine({ run_id: big, project_id: 'p' }),
      runLine({ run_id: '__proto__', project_id: 'p' }),
      runLine({ run_id: 'tab\there', project_id: 'p' }),
    ].join('\n') + '\n');
    fx.write('top.jsonl', runLine({ run_id: 'z', project_id: '   ' }) + '\n'); // no project folder to fall back to
    const res = await ingest();
    expect(res.counts).toMatchObject({ runs: 1, quarantined: 7 });
    expect(await runIds('team/web')).toEqual(['ok']);
    expect((await quarantine()).map((q) => [q.line, q.field, q.reason])).toEqual([
      [2, 'project_id', 'line 2: project_id must not look like a file path (no "." or ".." segment, no leading / or \\), got "../../etc"'],
      [3, 'project_id', 'line 3: project_id must not look like a file path (no "." or ".." segment, no leading / or \\), got "/etc"'],
      [4, 'project_id', 'line 4: project_id must not be "__proto__" (reserved: it breaks object lookups), got "__proto__"'],
      [5, 'run_id', `line 5: run_id must be at most 256 characters (it has 1048576), got "${'r'.repeat(56)}…`],
      [6, 'run_id', 'line 6: run_id must not be "__proto__" (reserved: it breaks object lookups), got "__proto__"'],
      [7, 'run_id', 'line 7: run_id must not contain control characters, got "tab\\there"'],
      [1, 'project_id', 'line 1: project_id is blank and the file is not inside a project folder'],
    ]);
  });
});

describe('a JSONL file rewritten in place', () => {
  it('with an identical first 4 KB: no stale raw bytes in the run detail, and the next scan re-reads it', async () => {
    // The same first 4 KB (a header of runs), then different runs at the same byte offsets.
    const head = Array.from({ length: 40 }, (_, i) => runLine({ run_id: `h${String(i).padStart(3, '0')}`, model: 'm'.repeat(80) })).join('\n') + '\n';
    expect(Buffer.byteLength(head)).toBeGreaterThan(4096);
    const tailA = runLine({ run_id: 'last', total_cost_usd: 1 }) + '\n';
    const tailB = runLine({ run_id: 'last', total_cost_usd: 9 }) + '\n'; // same length, other bytes
    const f = fx.write('p/log.jsonl', head + tailA);
    await ingest();
    expect((await getRunDetail(fx.store.runs, 'p', 'last'))!.raw).toMatchObject({ total_cost_usd: 1 });
    writeFileSync(f, head + tailB + runLine({ run_id: 'more' }) + '\n'); // rewritten and longer: looks "appended" by its head
    const d = (await getRunDetail(fx.store.runs, 'p', 'last'))!;
    expect(d.raw).toBeNull();
    expect(d.raw_note).toMatch(/changed on disk/);
    await ingest();
    expect((await getRunDetail(fx.store.runs, 'p', 'last'))!.raw).toMatchObject({ total_cost_usd: 9 });
    expect((await getRunDetail(fx.store.runs, 'p', 'last'))!.row.total_cost_usd).toBe(9); // re-read from 0, not from the old offset
    expect((await runIds()).length).toBe(42);
  });

  it('a file that was only appended to still serves its raw bytes and resumes from its offset', async () => {
    const head = Array.from({ length: 60 }, (_, i) => runLine({ run_id: `a${i}` })).join('\n') + '\n';
    const f = fx.write('p/log.jsonl', head);
    await ingest();
    appendFileSync(f, runLine({ run_id: 'new' }) + '\n');
    expect((await getRunDetail(fx.store.runs, 'p', 'a59'))!.raw).toMatchObject({ run_id: 'a59' });
    const res = await ingest();
    expect(res.counts.runs).toBe(61);
    expect((await getRunDetail(fx.store.runs, 'p', 'new'))!.line).toBe(61);
  });
});

describe('big .json files are streamed', () => {
  const pad = 'x'.repeat(900);
  const big = (n: number, at: (i: number) => string) => Array.from({ length: n }, (_, i) => at(i)).join(',\n');

  it('a 17 MB array: every run stored with exact raw bytes; a broken run and a cut tail are reported on their lines', async () => {
    const n = 18_000; // ~1 KB a run
    const body = big(n, (i) => (i === 5 ? '{"run_id": "broken", }' : runLine({ run_id: `r${i}`, note: pad })));
    const f = fx.write('p/big.json', `[\n${body},\n{"run_id": "cut", "started_at": "2025-10-0`);
    expect(statSync(f).size).toBeGreaterThan(STREAM_JSON_BYTES);
    const res = await ingest();
    expect(res.counts).toMatchObject({ runs: n - 1, quarantined: 2 });
    expect((await quarantine()).map((q) => [q.line, q.reason.replace(/\(.*$/s, '(…')])).toEqual([
      [7, 'line 7: not valid JSON (…'],
      [n + 2, 'line 18002: truncated JSON: the file ends inside this run'],
    ]);
    const d = (await getRunDetail(fx.store.runs, 'p', `r${n - 1}`))!;
    expect(d).toMatchObject({ line: n + 1, raw: JSON.parse(runLine({ run_id: `r${n - 1}`, note: pad })) });
    const byRef: string[] = [];
    for (let i = 0; i < n; i++) if ((await fx.store.runs.get('p', `r${i}`))?.rawRef != null) byRef.push(`r${i}`);
    expect(byRef).toHaveLength(n - 1);
  }, 30_000);

  it('while watching, a big array still being written is left alone until it ends with its bracket', async () => {
    const body = big(18_000, (i) => runLine({ run_id: `s${i}`, note: pad }));
    const f = fx.write('p/growing.json', `[\n${body},\n`);
    expect(await ingestPath(fx.store, fx.root, f, { now: NOW, settling: true })).toMatchObject({ incomplete: true, runs: 0, quarantined: 0 });
    appendFileSync(f, `${runLine({ run_id: 'last' })}\n]\n`);
    expect(await ingestPath(fx.store, fx.root, f, { now: NOW, settling: true })).toMatchObject({ incomplete: false, runs: 18_001, quarantined: 0 });
  }, 30_000);

  it('17 MB of JSON Lines saved as .json are read line by line; one 17 MB run is refused with a reason', async () => {
    const lines = Array.from({ length: 18_000 }, (_, i) => runLine({ run_id: `l${i}`, note: pad }));
    lines[7] = '{"run_id": "broken"';
    fx.write('p/lines.json', lines.join('\n') + '\n' + runLine({ run_id: 'tail' })); // no final newline
    fx.write('p/one.json', `{"run_id": "huge", "started_at": "2025-10-01T10:00:00Z", "blob": "${'b'.repeat(STREAM_JSON_BYTES)}"}`);
    const res = await ingest();
    expect(res.counts).toMatchObject({ runs: 18_000, quarantined: 2 });
    expect(await getRunDetail(fx.store.runs, 'p', 'tail')).toMatchObject({ line: 18_001, raw: JSON.parse(runLine({ run_id: 'tail' })) });
    expect(await getRunDetail(fx.store.runs, 'p', 'l17999')).toMatchObject({ line: 18_000, raw: JSON.parse(lines[17_999]) });
    expect((await quarantine()).map((q) => [q.file, q.line, q.reason.slice(0, 60)])).toEqual([
      ['p/lines.json', 8, 'line 8: not valid JSON (Expected \',\' or \'}\' after property v'],
      ['p/one.json', null, 'JSON file larger than 16 MiB that is one value, not an array'],
    ]);
  }, 30_000);

  it('a 17 MB {"runs": [...]} wrapper: its fields apply to every run, also when they come after the array', async () => {
    const n = 17_000;
    const runs = big(n, (i) => JSON.stringify({ run_id: `w${i}`, started_at: '2025-10-01T10:00:00Z', note: pad }));
    fx.write('p/wrapped.json', `{"project": "wp", "runs": [\n${runs}\n], "mode": "3-loop"}`);
    const res = await ingest();
    expect(res.counts).toMatchObject({ runs: n, quarantined: 0 });
    expect((await getRunDetail(fx.store.runs, 'wp', 'w16999'))!.record).toMatchObject({ project_id: 'wp', mode: '3-loop' });
  }, 30_000);
});
