/**
 * Byte-level helpers for reading run files: binary detection, UTF-8 validity, exact byte spans,
 * whole reads, and which big .json files are streamed. Pure functions of a buffer or an open fd.
 */
import { readSync } from 'node:fs';
import { firstJsonByte, scanWrapperFields } from './json-array-stream';
import type { ParsedItem } from './parse-json';
import { INVALID_UTF8 } from './record-guard';
import type { RawSpan } from '../store';

/**
 * Maps items' character spans in `str` (the UTF-8 decoding of `buf`) to byte spans, in file
 * order. An item whose bytes do not decode back to its text (invalid UTF-8 before or inside it)
 * gets none and keeps its raw text by value.
 */
export function byteSpans(items: ParsedItem[], str: string, buf: Buffer): Array<RawSpan | undefined> {
  if (str.length === buf.length) return items.map((it) => (it.span ? { offset: it.span.start, length: it.span.end - it.span.start } : undefined)); // 1 byte a char
  let char = 0;
  let byte = 0;
  return items.map((it) => {
    if (!it.span || it.span.start < char) return undefined;
    byte += Buffer.byteLength(str.slice(char, it.span.start));
    const length = Buffer.byteLength(it.text);
    char = it.span.start;
    return buf.toString('utf8', byte, byte + length) === it.text ? { offset: byte, length } : undefined;
  });
}

/**
 * In a file that is not valid UTF-8, the items the decoder had to repair (U+FFFD in their
 * text) are refused; the others decoded exactly and count.
 */
export function markInvalidUtf8(items: ParsedItem[]): void {
  for (const it of items) {
    if (!it.error && it.text.includes('\ufffd')) {
      it.error = INVALID_UTF8;
      delete it.value;
    }
  }
}

/**
 * A .json file is binary when its first 8 KiB have a NUL byte and it does not open like JSON
 * (`[` or `{` after an optional BOM and whitespace): a log with one damaged run is read run by
 * run, and only that run is quarantined.
 */
export function isBinary(buf: Buffer, len: number): boolean {
  const head = buf.subarray(0, Math.min(len, 8192));
  if (!head.includes(0)) return false;
  let i = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 32 || head[i] === 10 || head[i] === 13 || head[i] === 9)) i++;
  return head[i] !== 0x5b && head[i] !== 0x7b;
}

export const NUL_LINE = 'contains NUL bytes (binary data), not JSON';

/**
 * A JSONL file is binary when its head has a NUL byte and none of the head's complete lines is
 * a JSON value: a log with one damaged line is read line by line (only that line quarantined).
 */
export function jsonlLooksBinary(head: Buffer, len: number, cut: boolean): boolean {
  const b = head.subarray(0, len);
  if (!b.includes(0)) return false;
  const lines = b.toString('latin1').split('\n');
  if (cut) lines.pop(); // the head ends inside a line
  for (const l of lines) {
    if (l.includes('\0') || l.trim() === '') continue;
    try {
      JSON.parse(Buffer.from(l, 'latin1').toString('utf8'));
      return false;
    } catch {
      /* not this one */
    }
  }
  return true;
}


/** Reads exactly the `size` bytes fstat reported (one syscall fewer than readFileSync(fd)). */
export function readAll(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, buf, n, size - n, n);
    if (got === 0) break;
    n += got;
  }
  return n < size ? buf.subarray(0, n) : buf;
}

/** A big array or `{"runs": [...]}` file, read element by element (json-array-stream.ts). */
export interface Streamed {
  /** `lines`: JSON Lines saved as .json, read line by line. */
  root: 'array' | 'object' | 'lines';
  shared: Record<string, unknown> | null;
}

/** How a big file is streamed, or null when it is neither an array, a runs wrapper nor JSON Lines (one huge object, or not JSON). */
export function streamable(fd: number): Streamed | null {
  const first = firstJsonByte(fd);
  if (first === 0x5b) return { root: 'array', shared: null };
  if (first !== 0x7b) return null;
  const w = scanWrapperFields(fd);
  return w.shape === 'wrapper' ? { root: 'object', shared: w.fields } : w.shape === 'lines' ? { root: 'lines', shared: null } : null;
}

