import { closeSync, openSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { JsonlReader, type JsonlLine } from './jsonl-reader';
import { parseJsonText } from './parse-json';

describe('parseJsonText', () => {
  it('one run', () => {
    const p = parseJsonText('{"run_id": "a"}\n');
    expect(p.items).toEqual([{ line: 1, text: '{"run_id": "a"}\n', value: { run_id: 'a' }, span: { start: 0, end: 16 } }]);
  });
  it('an array gives each run its real line and raw text', () => {
    const text = '[\n  {"run_id": "a",\n   "x": "],[{"},\n\n  {"run_id": "b"}\n]';
    const p = parseJsonText(text);
    expect(p.items.map((i) => [i.line, i.text])).toEqual([[2, '{"run_id": "a",\n   "x": "],[{"}'], [5, '{"run_id": "b"}']]);
  });
  it('{"runs": [...]}: lines, and wrapper fields apply to each run', () => {
    const p = parseJsonText('{\n "project": "p",\n "meta": {"a": 1},\n "runs": [\n  {"run_id": "a"},\n  {"run_id": "b", "project": "q"}\n ]\n}');
    expect(p.items.map((i) => [i.line, i.value, i.injected])).toEqual([[5, { run_id: 'a', project: 'p' }, true], [6, { run_id: 'b', project: 'q' }, false]]);
  });
  it('truncated array: complete runs are kept, the broken tail is reported', () => {
    const p = parseJsonText('[\n{"run_id": "a"},\n{"run_id": "b"},\n{"run_id": "c", "co');
    expect(p.items.filter((i) => !i.error).map((i) => i.value)).toEqual([{ run_id: 'a' }, { run_id: 'b' }]);
    expect(p.items.at(-1)).toMatchObject({ line: 4, error: 'truncated JSON: the file ends inside this run' });
    expect(p.incomplete).toBe(true);
  });
  it('truncated single object and garbage: one file-level reason', () => {
    expect(parseJsonText('{"run_id": "a", "co').fileError).toMatch(/^not valid JSON/);
    expect(parseJsonText('\u0001\u0002garbage').fileError).toMatch(/^not valid JSON/);
  });
  it('NaN / Infinity are named', () => {
    const p = parseJsonText('{"run_id": "a", "cost": NaN}');
    expect(p.fileError).toBe('not valid JSON: NaN and Infinity are not JSON numbers');
  });
  it('empty file', () => {
    expect(parseJsonText('  \n').fileError).toBe('empty file: no runs');
  });
  it('JSON Lines saved as .json are read line by line', () => {
    const p = parseJsonText('{"run_id": "a"}\n{"run_id": "b"}\n{oops\n');
    expect(p.items.map((i) => [i.line, i.error ? 'bad' : 'ok'])).toEqual([[1, 'ok'], [2, 'ok'], [3, 'bad']]);
  });
});

describe('JsonlReader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-jsonl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const readAll = (content: string | Buffer, start = 0, startLine = 0, chunk = 16, maxLine = 64) => {
    const f = join(dir, `f${Math.random()}.jsonl`);
    writeFileSync(f, content);
    const fd = openSync(f, 'r');
    const r = new JsonlReader(fd, start, startLine, chunk, maxLine);
    const lines: JsonlLine[] = [];
    const offsets: number[] = [];
    for (let b = r.next(); b; b = r.next()) {
      lines.push(...b.lines);
      offsets.push(b.endOffset);
    }
    const tail = r.tail();
    closeSync(fd);
    // Every line's byte span decodes to exactly its text; the spans are then left out of the comparisons.
    const bytes = Buffer.from(content);
    const plain = lines.map((l) => {
      if (!('text' in l)) return l;
      expect(bytes.toString('utf8', l.offset, l.offset + l.length)).toBe(l.text);
      return { line: l.line, text: l.text };
    });
    return { lines: plain, offsets, tail };
  };

  it('exact line numbers and offsets across small chunks, CRLF and UTF-8', () => {
    const content = '{"a":1}\r\n{"b":"héllo wörld ünïcode"}\n\n{"c":3}\n{"d":';
    const { lines, offsets, tail } = readAll(content);
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' }, { line: 2, text: '{"b":"héllo wörld ünïcode"}' }, { line: 3, text: '' }, { line: 4, text: '{"c":3}' },
    ]);
    expect(offsets.at(-1)).toBe(Buffer.byteLength(content) - Buffer.byteLength('{"d":'));
    expect(tail).toEqual({ line: 5, offset: offsets.at(-1), text: '{"d":' });
  });
  it('resumes from a byte offset with the stored line count', () => {
    const { lines } = readAll('{"a":1}\n{"b":2}\n', 8, 1);
    expect(lines).toEqual([{ line: 2, text: '{"b":2}' }]);
  });
  it('skips a line longer than the cap and goes on', () => {
    const { lines } = readAll(`{"a":1}\n${'x'.repeat(200)}\n{"c":3}\n`);
    expect(lines).toEqual([{ line: 1, text: '{"a":1}' }, { line: 2, oversize: 200 }, { line: 3, text: '{"c":3}' }]);
  });
  it('holds at most the cap of an oversize line: its bytes are counted, not buffered', () => {
    // What the reader keeps of a pending line is the carry it concatenates; watch every concat.
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const { lines, tail } = readAll(`{"a":1}\n${'x'.repeat(5000)}\n{"c":3}\n${'y'.repeat(3000)}`);
      expect(lines).toEqual([{ line: 1, text: '{"a":1}' }, { line: 2, oversize: 5000 }, { line: 3, text: '{"c":3}' }]);
      expect(tail).toMatchObject({ line: 4, oversize: 3000 });
      const largest = Math.max(0, ...concat.mock.results.map((r) => (r.value as Buffer).length));
      expect(concat).toHaveBeenCalled();
      expect(largest).toBeLessThanOrEqual(64);
    } finally {
      concat.mockRestore();
    }
  });
});
