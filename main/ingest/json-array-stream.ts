/**
 * Reads the runs of a big `.json` file — a top-level array, or the `runs` array of a
 * `{"runs": [...]}` wrapper — one element at a time from fixed-size chunks, so memory is one
 * chunk plus the element being read, whatever the file's size (a 200 MB array parsed whole
 * takes over 1.5 GB). Elements are found by a byte-level scan (strings, escapes, brackets),
 * with their exact byte span and starting line; each is parsed on its own by the caller. The
 * wrapper's scalar fields, which apply to every run, are collected by `scanWrapperFields`
 * first (they may come after the array).
 */
import { isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';

export const STREAM_CHUNK = 4 * 1024 * 1024;

/** One element: its text (UTF-8 decoded), byte span and first line; or only its size when over the cap. */
export type StreamElement =
  | { line: number; offset: number; length: number; text: string; badUtf8?: true }
  | { line: number; offset: number; oversize: number };

/** How the scan ended. */
export interface StreamEnd {
  /** The array's closing bracket was seen. */
  closed: boolean;
  /** Line of an element the file ends inside, if any. */
  openLine: number | null;
  /** Line of the end of the file. */
  lastLine: number;
}

const QUOTE = 34, BACKSLASH = 92, NL = 10, COMMA = 44, COLON = 58;
const LBRACE = 123, RBRACE = 125, LBRACK = 91, RBRACK = 93;
const isWs = (c: number) => c === 32 || c === NL || c === 13 || c === 9;

/** The first byte that is not a BOM or whitespace ('[' or '{' for a streamable file), or -1. */
export function firstJsonByte(fd: number): number {
  const buf = Buffer.alloc(4096);
  const n = readSync(fd, buf, 0, buf.length, 0);
  let i = n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (i < n && isWs(buf[i])) i++;
  return i < n ? buf[i] : -1;
}

/** The last byte that is not whitespace (']' or '}' when the file looks complete), or -1. */
export function lastJsonByte(fd: number, size: number): number {
  const len = Math.min(size, 4096);
  const buf = Buffer.alloc(len);
  const n = readSync(fd, buf, 0, len, size - len);
  let i = n - 1;
  while (i >= 0 && isWs(buf[i])) i--;
  return i >= 0 ? buf[i] : -1;
}

type Capture = 'elem' | 'key' | 'value';
/** Keys and scalar values of a wrapper longer than this are ignored (they are names and flags). */
const MAX_FIELD_BYTES = 1024 * 1024;

/**
 * Scans the file's bytes chunk by chunk. Elements of the runs array are handed to `onElement`
 * in file order; with no `onElement`, only the wrapper's scalar fields are collected.
 */
class Scanner {
  /** Bytes read so far (the test that reading is incremental looks at this). */
  bytesRead = 0;
  /** The most bytes held at once for one element. */
  maxHeld = 0;
  readonly fields: Record<string, unknown> = {};
  private pos = 0;
  private line = 1;
  private depth = 0;
  private inStr = false;
  private skipNext = false; // the chunk ended on a backslash inside a string
  private target: number; // depth at which elements sit; -1 until `"runs": [` is seen, -2 after it closed
  private closed = false;
  private readonly wrapper: boolean;
  private expectKey = false;
  private expectValue = false;
  private key: string | null = null;
  // The span being captured (an element, or a wrapper key / scalar value).
  private cap: Capture | null = null;
  private capStart = 0;
  private capLine = 0;
  private parts: Buffer[] = [];
  private held = 0;
  private spanning = false;
  private oversize = false;
  private readonly buf: Buffer;

  constructor(
    private readonly fd: number,
    root: 'array' | 'object',
    private readonly onElement: ((e: StreamElement) => void) | null,
    private readonly chunk: number,
    private readonly maxElement: number,
  ) {
    this.wrapper = root === 'object';
    this.target = this.wrapper ? -1 : 1;
    this.buf = Buffer.allocUnsafe(chunk);
  }

  /** Reads one chunk and scans it; false at end of file (or once the runs array closed, when elements are wanted). */
  step(): boolean {
    if (this.closed && this.onElement) return false;
    if (this.roots > 1 && !this.onElement) return false; // JSON Lines: no wrapper to learn about
    const n = readSync(this.fd, this.buf, 0, this.chunk, this.pos);
    if (n === 0) return false;
    const data = this.buf.subarray(0, n);
    const base = this.pos;
    this.pos += n;
    this.bytesRead += n;
    this.bsPos = -1;
    this.nlPos = -1;
    const from = base === 0 && n >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
    this.scan(data, base, from);
    if (this.cap) this.keep(data, Math.max(0, this.capStart - base), n);
    return true;
  }

  end(): StreamEnd {
    return { closed: this.closed, openLine: this.cap === 'elem' ? this.capLine : null, lastLine: this.line };
  }

  /** A `"runs": [` was seen at the top level. */
  get sawRuns(): boolean {
    return this.target !== -1;
  }

  /** Values opened at the top level: more than one is JSON Lines saved as .json. */
  roots = 0;

  private scan(data: Buffer, base: number, from: number): void {
    const n = data.length;
    let i = from;
    while (i < n) {
      if (this.inStr) {
        i = this.inString(data, base, i);
        continue;
      }
      const c = data[i];
      if (c === NL) this.line++;
      if (isWs(c)) {
        i++;
        continue;
      }
      if (this.wrapper && this.depth === 1) this.wrapperByte(data, base, i, c);
      if (this.depth === this.target && this.cap === null && c !== COMMA && c !== RBRACK && this.onElement) this.begin('elem', base + i);
      if (c === QUOTE) this.inStr = true;
      else if (c === LBRACE || c === LBRACK) {
        if (c === LBRACK && this.target === -1 && this.depth === 1 && this.key === 'runs') this.target = 2;
        if (this.depth === 0) this.roots++;
        this.depth++;
        if (this.wrapper && this.depth === 1) this.expectKey = true;
      } else if (c === RBRACE || c === RBRACK) {
        this.depth--;
        if (this.depth === this.target - 1 && !this.closed) {
          if (this.cap === 'elem') this.emit(data, base, i);
          this.closed = true;
          if (this.onElement) return;
          this.target = -2; // later keys of the wrapper are still collected
        }
      } else if (c === COMMA && this.depth === this.target && this.cap === 'elem') this.emit(data, base, i);
      i++;
    }
  }

  /** Keys and scalar values directly inside a wrapper object (c is at depth 1, outside strings). */
  private wrapperByte(data: Buffer, base: number, i: number, c: number): void {
    if (this.cap === 'value' && (c === COMMA || c === RBRACE)) this.field(this.finish(data, base, i));
    if (c === COMMA) this.expectKey = true;
    else if (c === COLON) this.expectValue = true;
    else if (c === QUOTE && this.expectKey) {
      this.expectKey = false;
      this.begin('key', base + i);
    } else if (this.expectValue) {
      this.expectValue = false;
      if (c !== LBRACE && c !== LBRACK) this.begin('value', base + i);
    }
  }

  /** Scans string bytes from i; returns where scanning goes on (after the closing quote, or n). */
  private inString(data: Buffer, base: number, i: number): number {
    const n = data.length;
    let j = i;
    if (this.skipNext) {
      this.skipNext = false;
      j++;
    }
    let closedAt = -1;
    for (;;) {
      const q = data.indexOf(QUOTE, j);
      // The next backslash is remembered: searching afresh in every string would be quadratic.
      if (this.bsPos < j) {
        const found = data.indexOf(BACKSLASH, j);
        this.bsPos = found < 0 ? n : found;
      }
      const b = this.bsPos < n ? this.bsPos : -1;
      if (b >= 0 && (q < 0 || b < q)) {
        if (b + 1 >= n) {
          this.skipNext = true;
          j = n;
          break;
        }
        j = b + 2;
        continue;
      }
      if (q >= 0) closedAt = q;
      j = q < 0 ? n : q + 1;
      break;
    }
    this.countLines(data, i, Math.min(j, n)); // raw newlines in strings are invalid, but they are lines
    if (closedAt >= 0) {
      this.inStr = false;
      if (this.cap === 'key') {
        const bytes = this.finish(data, base, closedAt + 1);
        try {
          this.key = bytes ? (JSON.parse(bytes.toString('utf8')) as string) : null;
        } catch {
          this.key = null;
        }
      }
    }
    return j;
  }

  private countLines(data: Buffer, from: number, to: number): void {
    for (;;) {
      if (this.nlPos < from) {
        const found = data.indexOf(NL, from);
        this.nlPos = found < 0 ? data.length : found;
      }
      if (this.nlPos >= to) return;
      this.line++;
      from = this.nlPos + 1;
    }
  }

  // Next backslash / newline at or after the last search in this chunk (chunk length: none).
  private bsPos = -1;
  private nlPos = -1;

  private begin(kind: Capture, at: number): void {
    this.cap = kind;
    this.capStart = at;
    this.capLine = this.line;
    this.parts = [];
    this.held = 0;
    this.spanning = false;
    this.oversize = false;
  }

  /** Holds the captured bytes [from, to) of this chunk (copied: the chunk buffer is reused). */
  private keep(data: Buffer, from: number, to: number): void {
    this.spanning = true;
    this.held += to - from;
    if (this.oversize) return;
    if (this.held > (this.cap === 'elem' ? this.maxElement : MAX_FIELD_BYTES)) {
      this.oversize = true;
      this.parts = [];
      return;
    }
    this.parts.push(Buffer.from(data.subarray(from, to)));
    if (this.cap === 'elem') this.maxHeld = Math.max(this.maxHeld, this.held);
  }

  /** Ends the capture just before data[end]; its bytes, or null when over the cap. */
  private finish(data: Buffer, base: number, end: number): Buffer | null {
    let bytes: Buffer | null;
    if (!this.spanning) {
      const local = this.capStart - base;
      this.held = end - local;
      bytes = this.held > (this.cap === 'elem' ? this.maxElement : MAX_FIELD_BYTES) ? null : data.subarray(local, end);
      if (this.cap === 'elem') this.maxHeld = Math.max(this.maxHeld, this.held);
    } else {
      this.keep(data, 0, end);
      this.spanning = true;
      bytes = this.oversize ? null : Buffer.concat(this.parts);
    }
    this.parts = [];
    this.cap = null;
    return bytes;
  }

  private field(bytes: Buffer | null): void {
    if (bytes && this.key !== null && this.key !== 'runs') {
      try {
        this.fields[this.key] = JSON.parse(bytes.toString('utf8')) as unknown;
      } catch {
        /* a broken value: the runs still count */
      }
    }
    this.key = null;
  }

  /** The element ends before data[i] (a comma or the closing bracket). */
  private emit(data: Buffer, base: number, i: number): void {
    const start = this.capStart;
    const line = this.capLine;
    const bytes = this.finish(data, base, i);
    if (!this.onElement) return;
    if (!bytes) {
      this.onElement({ line, offset: start, oversize: this.held });
      return;
    }
    let end = bytes.length;
    while (end > 0 && isWs(bytes[end - 1])) end--;
    const b = bytes.subarray(0, end);
    const text = b.toString('utf8');
    this.onElement(isUtf8(b) ? { line, offset: start, length: end, text } : { line, offset: start, length: end, text, badUtf8: true });
  }
}

/**
 * For a file whose root is an object: a `{"runs": [...]}` wrapper and its scalar top-level
 * fields (they apply to every run that lacks them), or JSON Lines (several top-level values),
 * or one big object. One pass over the file (stopping at a second top-level value).
 */
export function scanWrapperFields(fd: number, chunk = STREAM_CHUNK): { shape: 'wrapper' | 'lines' | 'object'; fields: Record<string, unknown> } {
  const s = new Scanner(fd, 'object', null, chunk, 0);
  while (s.step()) {
    /* scan on */
  }
  return { shape: s.roots > 1 ? 'lines' : s.sawRuns ? 'wrapper' : 'object', fields: s.fields };
}

/**
 * Streams the elements of the file's runs array. `next()` scans one chunk and returns the
 * elements that ended in it (possibly none), or null at end of file; `end()` then tells whether
 * the array was closed.
 */
export class JsonArrayStream {
  private readonly scanner: Scanner;
  private batch: StreamElement[] = [];
  private done = false;

  constructor(fd: number, root: 'array' | 'object', chunk = STREAM_CHUNK, maxElement = 16 * 1024 * 1024) {
    this.scanner = new Scanner(fd, root, (e) => this.batch.push(e), chunk, maxElement);
  }

  next(): StreamElement[] | null {
    if (this.done) return null;
    this.batch = [];
    if (!this.scanner.step()) {
      this.done = true;
      return null;
    }
    return this.batch;
  }

  end(): StreamEnd {
    return this.scanner.end();
  }

  /** Bytes read from the file so far. */
  get bytesRead(): number {
    return this.scanner.bytesRead;
  }

  /** The most bytes held for one element so far (the chunk buffer aside). */
  get maxHeld(): number {
    return this.scanner.maxHeld;
  }
}
