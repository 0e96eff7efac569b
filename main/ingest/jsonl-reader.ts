/**
 * Reads a JSON Lines file from a byte offset in fixed-size chunks with sync fs, handing back
 * complete lines in batches that end on a line boundary, so the byte offset stored with each
 * batch is exact. Lines longer than the cap are skipped (reported, never held in memory) and
 * reading goes on with the next line.
 */
import { isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';

export const DEFAULT_CHUNK = 4 * 1024 * 1024;
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * A complete line; `offset`/`length`: the bytes of `text` in the file (without the newline, a
 * trailing CR and a UTF-8 BOM at the start of the file). `badUtf8`: its bytes are not valid
 * UTF-8 (`text` then has U+FFFD where they were).
 */
export type JsonlLine = { line: number; text: string; offset: number; length: number; badUtf8?: true } | { line: number; oversize: number };

export interface JsonlBatch {
  lines: JsonlLine[];
  /** Byte offset just after the last complete line of this batch. */
  endOffset: number;
  /** Number of the last line consumed (lines before endOffset). */
  endLine: number;
}

/** What is left after the last newline at end of file. */
export type JsonlTail = { line: number; offset: number; text: string; badUtf8?: true } | { line: number; offset: number; oversize: number };

export class JsonlReader {
  private pos: number;
  private line: number;
  private offset: number;
  private carry: Buffer | null = null;
  private skipping = 0; // > 0: bytes of an oversize line skipped so far
  private readonly buf: Buffer;
  private eof = false;

  constructor(
    private readonly fd: number,
    start: number,
    startLine: number,
    private readonly chunk = DEFAULT_CHUNK,
    private readonly maxLine = MAX_LINE_BYTES,
  ) {
    this.pos = start;
    this.offset = start;
    this.line = startLine;
    this.buf = Buffer.allocUnsafe(chunk);
  }

  /** The next batch of complete lines, or null at end of file. */
  next(): JsonlBatch | null {
    while (!this.eof) {
      const n = readSync(this.fd, this.buf, 0, this.chunk, this.pos);
      if (n === 0) {
        this.eof = true;
        break;
      }
      const data = this.buf.subarray(0, n);
      const chunkStart = this.pos;
      this.pos += n;
      const lastNL = data.lastIndexOf(10);
      if (lastNL < 0) {
        this.extend(data);
        continue;
      }
      const lines: JsonlLine[] = [];
      const firstNL = data.indexOf(10);
      this.line++;
      if (this.skipping > 0) {
        lines.push({ line: this.line, oversize: this.skipping + firstNL });
        this.skipping = 0;
      } else if (this.carry) {
        const total = this.carry.length + firstNL;
        if (total > this.maxLine) lines.push({ line: this.line, oversize: total });
        else {
          const bytes = Buffer.concat([this.carry, data.subarray(0, firstNL)]);
          lines.push(lineAt(this.line, bytes.toString('utf8'), this.offset, total, firstNL > 0 ? data[firstNL - 1] : this.carry[this.carry.length - 1], isUtf8(bytes)));
        }
      } else {
        lines.push(lineAt(this.line, data.toString('utf8', 0, firstNL), chunkStart, firstNL, data[firstNL - 1], isUtf8(data.subarray(0, firstNL))));
      }
      this.carry = null;
      if (lastNL > firstNL) {
        // One decode for the whole middle: much faster than one per line. The byte positions
        // come from the newline bytes (byte 10 is always a newline in UTF-8), in the same order.
        // One validity check for the whole middle too; only a chunk with bad bytes is checked per line.
        const middle = data.toString('utf8', firstNL + 1, lastNL).split('\n');
        const allUtf8 = isUtf8(data.subarray(firstNL + 1, lastNL));
        let p = firstNL + 1;
        for (const t of middle) {
          const nl = data.indexOf(10, p);
          lines.push(lineAt(++this.line, t, chunkStart + p, nl - p, data[nl - 1], allUtf8 || isUtf8(data.subarray(p, nl))));
          p = nl + 1;
        }
      }
      if (lastNL + 1 < n) this.carry = Buffer.from(data.subarray(lastNL + 1));
      this.offset = chunkStart + lastNL + 1;
      return { lines, endOffset: this.offset, endLine: this.line };
    }
    return null;
  }

  /** After next() returned null: the unterminated last line, if any. */
  tail(): JsonlTail | null {
    if (this.skipping > 0) return { line: this.line + 1, offset: this.offset, oversize: this.skipping };
    if (!this.carry || this.carry.length === 0) return null;
    let text = stripCr(this.carry.toString('utf8'));
    let offset = this.offset;
    if (offset === 0 && text.charCodeAt(0) === BOM) {
      text = text.slice(1);
      offset = 3;
    }
    return { line: this.line + 1, offset, text, ...(isUtf8(this.carry) ? {} : { badUtf8: true as const }) };
  }

  private extend(data: Buffer): void {
    if (this.skipping > 0) {
      this.skipping += data.length;
      return;
    }
    const have = this.carry ? this.carry.length : 0;
    if (have + data.length > this.maxLine) {
      this.skipping = have + data.length;
      this.carry = null;
      return;
    }
    this.carry = this.carry ? Buffer.concat([this.carry, data]) : Buffer.from(data);
  }
}

const BOM = 0xfeff;

/**
 * A line whose raw bytes are [offset, offset + len) before its newline; `last` is the byte
 * before the newline. A BOM opening the file is not part of the first line (as for .json).
 */
function lineAt(line: number, raw: string, offset: number, len: number, last: number | undefined, utf8: boolean): JsonlLine {
  const cr = len > 0 && last === 13;
  let text = cr ? raw.slice(0, -1) : raw;
  let start = offset;
  let length = cr ? len - 1 : len;
  if (offset === 0 && text.charCodeAt(0) === BOM) {
    text = text.slice(1);
    start = 3;
    length -= 3;
  }
  return utf8 ? { line, text, offset: start, length } : { line, text, offset: start, length, badUtf8: true };
}

function stripCr(s: string): string {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}
