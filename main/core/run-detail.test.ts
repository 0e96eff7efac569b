import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { getRunDetail } from './run-detail';

let fx: Fixture;
beforeEach(() => (fx = fixture()));
afterEach(() => fx.cleanup());

/** How many of the given runs are stored by reference (raw text not copied into the store). */
const refCount = async (project: string, ids: string[]) => {
  let n = 0;
  for (const id of ids) if ((await fx.store.runs.get(project, id))?.rawRef != null) n++;
  return n;
};

describe('raw record by reference', () => {
  it('JSONL: exact bytes after multi-byte UTF-8 and a CRLF line; appended file still readable', async () => {
    const a = runLine({ run_id: 'a', project_id: 'p', model: 'ünïcødé 🚀' });
    const b = `{ "run_id": "b",  "project_id": "p", "model": "日本", "started_at": "2025-10-01T10:00:00Z" }`;
    const p = fx.write('p/runs.jsonl', `${a}\r\n${b}\n`);
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(await refCount('p', ['a', 'b'])).toBe(2);
    const d = (await getRunDetail(fx.store.runs, 'p', 'b'))!;
    expect(d.raw).toEqual(JSON.parse(b));
    expect(d.raw_note).toBeUndefined();
    expect(d.record.model).toBe('日本');
    expect((await getRunDetail(fx.store.runs, 'p', 'a'))!.raw).toEqual(JSON.parse(a));
    appendFileSync(p, runLine({ run_id: 'c', project_id: 'p' }) + '\n');
    expect((await getRunDetail(fx.store.runs, 'p', 'b'))!.raw).toEqual(JSON.parse(b)); // appended, not yet re-read
  });

  it('JSON array file with BOM and multi-byte text before the record', async () => {
    const r1 = { run_id: 'x', project_id: 'q', model: 'ça va — 😀', started_at: '2025-10-01T10:00:00Z' };
    const r2 = { run_id: 'y', project_id: 'q', model: 'Ωmega', started_at: '2025-10-02T10:00:00Z' };
    fx.write('q/runs.json', '\ufeff' + JSON.stringify([r1, r2], null, 2));
    fx.write('q/one.json', JSON.stringify({ ...r1, run_id: 'z', note: 'naïve' }, null, 1) + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(await refCount('q', ['x', 'y', 'z'])).toBe(3);
    const raw = ((await getRunDetail(fx.store.runs, 'q', 'y'))!.raw) as Record<string, unknown>;
    expect(raw).toEqual(r2);
    expect((await getRunDetail(fx.store.runs, 'q', 'x'))!.raw).toEqual(r1);
    expect((await getRunDetail(fx.store.runs, 'q', 'z'))!.raw).toMatchObject({ run_id: 'z', note: 'naïve' });
  });

  it('says unavailable (no crash) when the file changed on disk and was not re-read', async () => {
    const p = fx.write('p/runs.json', JSON.stringify([{ run_id: 'a', project_id: 'p', started_at: '2025-10-01T10:00:00Z', total_cost_usd: 2,
      steps: [{ agent: 'coder', success: true, error: { type: 'E' } }] }]));
    const l = fx.write('p/log.jsonl', runLine({ run_id: 'l', project_id: 'p' }) + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    writeFileSync(p, '[{"run_id": "other"}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]');
    writeFileSync(l, 'x\n');
    const d = (await getRunDetail(fx.store.runs, 'p', 'a'))!;
    expect(d.raw).toBeNull();
    expect(d.raw_note).toMatch(/unavailable/);
    expect(d.record).toMatchObject({ run_id: 'a', total_cost_usd: 2, steps: [{ agent: 'coder', success: true, error: { type: 'E' } }] });
    expect((await getRunDetail(fx.store.runs, 'p', 'l'))!.raw_note).toMatch(/unavailable/);
    fx.write('p/runs.json', ''); // deleted content
    expect((await getRunDetail(fx.store.runs, 'p', 'a'))!.raw_note).toMatch(/unavailable/);
  });

  it('a salvaged record keeps its raw text', async () => {
    fx.write('p/cut.json', '[{"run_id": "s", "project_id": "p", "started_at": "2025-10-01T10:00:00Z"}, {"run_id": "t", "pro');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(await refCount('p', ['s'])).toBe(0);
    expect((await getRunDetail(fx.store.runs, 'p', 's'))!.raw).toMatchObject({ run_id: 's' });
  });
});
