import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanElements } from './json-spans';
import { JsonArrayStream, scanWrapperFields, type StreamElement } from './json-array-stream';

const dir = mkdtempSync(join(tmpdir(), 'rb-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function withFile<T>(content: string | Buffer, fn: (fd: number) => T): T {
  const f = join(dir, `f${n++}.json`);
  writeFileSync(f, content);
  const fd = openSync(f, 'r');
  try {
    return fn(fd);
  } finally {
    closeSync(fd);
  }
}
function all(fd: number, root: 'array' | 'object', chunk: number, maxElement?: number): { els: StreamElement[]; s: JsonArrayStream } {
  const s = new JsonArrayStream(fd, root, chunk, maxElement);
  const els: StreamElement[] = [];
  for (let b = s.next(); b; b = s.next()) els.push(...b);
  return { els, s };
}

const docs = [
  '[{"a": 1}, {"b": "x,y]}"}, 3, "s", [1, [2]], {"c": "quote \\" and \\\\"}, {"d": "\\\\"}]',
  '[\n  {\n    "run_id": "a"\n  },\n  {\n    "run_id": "b, \\"c\\""\n  }\n]\n',
  '{"name": "w", "runs": [{"x": 1}, {"y": "]"}], "after": true}',
  '{"meta": {"runs": [9]}, "runs": [\n{"x": 1},\n{"x": 2}\n]}',
  '[]',
  '[ {"a": "\\\\\\""} , {"b": 2} ]',
];

describe('JsonArrayStream', () => {
  it('finds exactly the elements, lines and byte spans of a whole-text scan, at every chunk size', () => {
    for (const doc of docs) {
      const ref = scanElements(doc)!;
      const expected = ref.spans.map((sp) => ({ line: sp.line, offset: sp.start, length: sp.end - sp.start, text: doc.slice(sp.start, sp.end) }));
      const root = doc.trimStart().startsWith('[') ? 'array' : 'object';
      for (let chunk = 1; chunk <= 17; chunk++) {
        const { els, s } = withFile(doc, (fd) => all(fd, root, chunk));
        expect(els, `${doc} @ chunk ${chunk}`).toEqual(expected);
        expect(s.end().closed).toBe(true);
      }
    }
  });

  it('byte offsets are exact after a BOM and multi-byte text', () => {
    const doc = '[{"m": "ça va 😀"}, {"n": "日本"}]';
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)]);
    for (const chunk of [1, 2, 3, 5, 64]) {
      const { els } = withFile(buf, (fd) => all(fd, 'array', chunk));
      expect(els.map((e) => ('text' in e ? [buf.subarray(e.offset, e.offset + e.length).toString('utf8'), e.text] : null))).toEqual([
        ['{"m": "ça va 😀"}', '{"m": "ça va 😀"}'], ['{"n": "日本"}', '{"n": "日本"}']]);
    }
  });

  it('a truncated file reports the open element; an oversize element is skipped by size', () => {
    const cut = withFile('[{"a": 1},\n{"b": "un', (fd) => all(fd, 'array', 4));
    expect(cut.els.length).toBe(1);
    expect(cut.s.end()).toEqual({ closed: false, openLine: 2, lastLine: 2 });
    const big = withFile(`[{"a": 1}, {"blob": "${'x'.repeat(5000)}"}, {"c": 3}]`, (fd) => all(fd, 'array', 256, 1000));
    expect(big.els.map((e) => ('oversize' in e ? `over ${e.oversize}` : e.text))).toEqual(['{"a": 1}', 'over 5012', '{"c": 3}']);
  });

  it('wrapper fields are collected before and after the runs array', () => {
    for (const chunk of [1, 3, 7, 4096]) {
      const w = withFile('{"project": "p1", "runs": [{"x": 1}], "mode": "2-loop", "nested": {"k": 1}, "n": 2.5, "z": null}', (fd) => scanWrapperFields(fd, chunk));
      expect(w).toEqual({ shape: 'wrapper', fields: { project: 'p1', mode: '2-loop', n: 2.5, z: null } });
    }
    expect(withFile('{"run_id": "single", "steps": []}', (fd) => scanWrapperFields(fd, 5)).shape).toBe('object');
    expect(withFile('{"run_id": "l1"}\n{"run_id": "l2", "runs": [1]}\n', (fd) => scanWrapperFields(fd, 5)).shape).toBe('lines');
  });

  it('reads a large array incrementally: runs come out long before the end, memory bounded by chunk and element', () => {
    const el = (i: number) => JSON.stringify({ run_id: `r${i}`, project_id: 'p', note: 'n'.repeat(200) });
    const count = 20_000;
    const doc = `[\n${Array.from({ length: count }, (_, i) => el(i)).join(',\n')}\n]`;
    const size = Buffer.byteLength(doc);
    withFile(doc, (fd) => {
      const s = new JsonArrayStream(fd, 'array', 64 * 1024);
      let first: StreamElement[] = [];
      while (first.length === 0) first = s.next()!;
      // The first runs are handed out after one 64 KB chunk of a ~4.7 MB file.
      expect(s.bytesRead).toBe(64 * 1024);
      expect(size).toBeGreaterThan(70 * s.bytesRead);
      expect(first[0]).toMatchObject({ line: 2, text: el(0) });
      let total = first.length;
      for (let b = s.next(); b; b = s.next()) total += b.length;
      expect(total).toBe(count);
      expect(s.bytesRead).toBe(size);
      expect(s.maxHeld).toBeLessThanOrEqual(Buffer.byteLength(el(count - 1)) + 1); // the longest run and the newline after it
    });
  });
});
