/**
 * Reading one file into the store. `.json` files replace their runs in the caller's
 * transaction (big arrays and `{"runs": [...]}` files streamed one run at a time); `.jsonl`
 * files are consumed from the stored byte offset one chunk per `step()`, so a big file commits
 * as it goes and a `kill -9` loses at most the open chunk.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { RawSpan } from '../store';
import { byteSpans, isBinary, jsonlLooksBinary, markInvalidUtf8, NUL_LINE, readAll, streamable, type Streamed } from './file-bytes';
import { prefixFingerprint, prefixMatches } from './file-fingerprint';
import { lastJsonByte } from './json-array-stream';
import { JsonlReader, MAX_LINE_BYTES } from './jsonl-reader';
import { parseJsonText, type ParsedItem } from './parse-json';
import { INVALID_UTF8 } from './record-guard';
import { ItemSink } from './item-sink';
import { feedStream } from './stream-feed';
import type { Session } from './session';
import { errorText, type FileKind } from './walk';

export interface FileTarget {
  path: string;
  rel: string;
  kind: FileKind;
}

export interface FileOutcome {
  runs: number;
  events: number;
  quarantined: number;
  bytes: number;
  /** Looks half-written (settling mode): nothing or only complete lines were stored; retry later. */
  incomplete: boolean;
  /** Sources to re-read because duplicates of runs that just left were quarantined there. */
  restale: string[];
}

/**
 * .json files larger than this are streamed run by run, whatever their size (parsed whole, a
 * JSON file takes about 8 times its size in memory): arrays, `{"runs": [...]}` and JSON Lines
 * saved as .json. A single value this large is refused, like a JSONL line over MAX_LINE_BYTES.
 */
export const STREAM_JSON_BYTES = 16 * 1024 * 1024;
const MiB = (n: number) => `${Math.round(n / 1048576)} MiB`;

export interface FileOptions {
  /** The caller knows that no source row exists for the file (a path new to this scan): skip looking for one. */
  fresh?: boolean;
  /** Watcher mode: a file that looks half-written is left alone (not quarantined) and reported incomplete. */
  settling?: boolean;
  /** Re-read a JSONL file from the start (e.g. the mapping changed). */
  fromZero?: boolean;
}

const newOutcome = (): FileOutcome => ({ runs: 0, events: 0, quarantined: 0, bytes: 0, incomplete: false, restale: [] });

/** Records a file that cannot be opened or read: no runs, one quarantine row, status unreadable. */
export async function markUnreadable(s: Session, t: FileTarget | { path: string; rel: string; kind: 'dir' }, err: unknown, st?: Stats): Promise<FileOutcome> {
  const out = newOutcome();
  const src = await s.writer.getSource(t.path);
  if (src) out.restale.push(...(await s.writer.clearSource(src.id, s.fold.removed)));
  const id = await s.writer.ensureSource(s.root, t.path, t.rel, t.kind);
  const reason = `cannot read ${t.kind === 'dir' ? 'folder' : 'file'}: ${errorText(err)}`;
  await s.writer.quarantine({ sourceId: id, file: t.path, line: null, field: null, reason, excerpt: '' });
  out.quarantined = 1;
  await s.writer.finish(id, { size: st?.size ?? -1, mtime_ms: st?.mtimeMs ?? -1, ino: st?.ino ?? -1, byte_offset: 0, line_count: 0, head_hash: null, status: 'unreadable', error: reason });
  return out;
}

/** Reads a .json file (big arrays and runs wrappers streamed, others whole) and replaces its runs. Call inside a transaction. */
export async function ingestJsonFile(s: Session, t: FileTarget, opts: FileOptions = {}): Promise<FileOutcome> {
  let fd: number;
  try {
    fd = openSync(t.path, 'r');
  } catch (e) {
    return markUnreadable(s, t, e);
  }
  try {
    return await ingestOpenJson(s, t, fd, opts);
  } finally {
    closeSync(fd);
  }
}

async function ingestOpenJson(s: Session, t: FileTarget, fd: number, opts: FileOptions): Promise<FileOutcome> {
  let st: Stats;
  let buf: Buffer | null = null;
  let stream: Streamed | null = null;
  try {
    st = fstatSync(fd);
    if (st.size > STREAM_JSON_BYTES) stream = streamable(fd);
    if (stream) {
      if (opts.settling && lastJsonByte(fd, st.size) !== (stream.root === 'array' ? 0x5d : 0x7d)) return { ...newOutcome(), incomplete: true };
    } else if (st.size <= STREAM_JSON_BYTES) buf = readAll(fd, st.size);
  } catch (e) {
    return markUnreadable(s, t, e);
  }
  let fileError: string | undefined;
  let fileErrorLine: number | null = null;
  let items: ParsedItem[] = [];
  let spans: Array<RawSpan | undefined> = [];
  // A streamed file has no buffer: its runs are read from the open file below.
  if (!stream && !buf) fileError = `JSON file larger than ${MiB(STREAM_JSON_BYTES)} that is one value, not an array, {"runs": [...]} or JSON Lines; a single run that large is not read`;
  else if (buf && isBinary(buf, buf.length)) fileError = 'binary file (contains NUL bytes), not JSON';
  else if (buf) {
    const str = buf.toString('utf8');
    const parsed = parseJsonText(str);
    if (opts.settling && parsed.incomplete) return { ...newOutcome(), incomplete: true };
    items = parsed.items;
    if (!isUtf8(buf)) markInvalidUtf8(items);
    spans = byteSpans(items, str, buf);
    fileError = parsed.fileError;
    fileErrorLine = parsed.fileErrorLine ?? null;
  }
  const out = newOutcome();
  const src = opts.fresh ? undefined : await s.writer.getSource(t.path);
  if (src) out.restale.push(...(await s.writer.clearSource(src.id, s.fold.removed)));
  // The source row goes in with its final state: the whole file is read in this transaction.
  const fin = { size: st.size, mtime_ms: st.mtimeMs, ino: st.ino, byte_offset: st.size, line_count: 0, head_hash: null, status: 'ok', error: null } as const;
  const id = opts.fresh ? await s.writer.insertSource(s.root, t.path, t.rel, t.kind, fin) : await s.writer.putSource(s.root, t.path, t.rel, t.kind, fin);
  const sink = new ItemSink(s, t, id, out);
  if (fileError) sink.bad(fileErrorLine, null, fileErrorLine != null ? `line ${fileErrorLine}: ${fileError}` : fileError, buf ? buf.toString('utf8', 0, 300) : '');
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.error) sink.bad(it.line, null, `line ${it.line}: ${it.text.includes('\0') ? NUL_LINE : it.error}`, it.text);
    else sink.value(it.line, it.text, it.value, it.injected, spans[i]);
    if (sink.full) await sink.flush();
  }
  if (stream) await feedStream(sink, fd, stream);
  await sink.close();
  out.bytes = st.size;
  return out;
}

/**
 * A JSONL file being consumed. Each `step()` (inside a transaction) stores one chunk of
 * complete lines and the byte offset after it; returns false once the file is finished.
 */
export class JsonlJob {
  readonly out = newOutcome();
  private fd = -1;
  private st!: Stats;
  private sink!: ItemSink;
  private reader!: JsonlReader;
  private id = -1;
  private start = 0;
  private startLine = 0;
  private hashedEnd = -1;
  private hash: string | null = null;
  private done = false;
  private openError: unknown = null;

  constructor(
    private readonly s: Session,
    private readonly t: FileTarget,
    private readonly opts: FileOptions = {},
  ) {
    try {
      this.fd = openSync(t.path, 'r');
      this.st = fstatSync(this.fd);
    } catch (e) {
      this.openError = e;
    }
  }

  /** Bytes this job still has to read (for batching decisions and progress). */
  async remaining(): Promise<number> {
    if (this.openError) return 0;
    const src = await this.s.store.sources.get(this.t.path);
    return this.st.size - (src && src.kind === 'jsonl' ? Math.min(src.byte_offset, this.st.size) : 0);
  }

  async step(): Promise<boolean> {
    if (this.done) return false;
    try {
      return await this.stepInner();
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private async stepInner(): Promise<boolean> {
    const s = this.s;
    if (this.openError) {
      this.out.restale.push(...(await markUnreadable(s, this.t, this.openError)).restale);
      this.out.quarantined = 1;
      this.done = true;
      return false;
    }
    if (this.id < 0) await this.begin();
    if (this.done) return false;
    const batch = this.reader.next();
    this.sink.tick();
    if (batch) {
      for (const l of batch.lines) {
        this.sink.jsonlLine(l);
        if (this.sink.full) await this.sink.flush();
      }
      await this.sink.flush();
      this.out.bytes += batch.endOffset - this.start;
      this.start = batch.endOffset;
      this.startLine = batch.endLine;
      await s.writer.progress(this.id, batch.endOffset, batch.endLine, this.head(batch.endOffset));
      return true;
    }
    await this.finishTail();
    return false;
  }

  private async begin(): Promise<void> {
    const s = this.s;
    const src = await s.writer.getSource(this.t.path);
    let fromZero = this.opts.fromZero || !src || src.kind !== 'jsonl' || src.status === 'stale' || src.status === 'unreadable' ||
      src.ino !== this.st.ino || this.st.size < src.byte_offset;
    if (!fromZero && src && src.byte_offset > 0 && !prefixMatches(this.fd, src.byte_offset, src.head_hash)) fromZero = true;
    if (src && fromZero) this.out.restale.push(...(await s.writer.clearSource(src.id, s.fold.removed)));
    this.id = await s.writer.ensureSource(s.root, this.t.path, this.t.rel, 'jsonl');
    if (!fromZero && src) {
      await s.writer.clearPending(this.id);
      this.start = src.byte_offset;
      this.startLine = src.line_count;
      // Not src.head_hash: it may be the older head-only form; the next progress() stores the full one.
      this.hash = prefixFingerprint(this.fd, src.byte_offset);
      this.hashedEnd = src.byte_offset;
    }
    this.sink = new ItemSink(s, this.t, this.id, this.out);
    if (this.start === 0) {
      const head = Buffer.allocUnsafe(Math.min(8192, this.st.size));
      const n = head.length > 0 ? readSync(this.fd, head, 0, head.length, 0) : 0;
      if (jsonlLooksBinary(head, n, n < this.st.size)) {
        this.sink.bad(null, null, 'binary file (contains NUL bytes), not JSON Lines', '');
        await this.finishSource(this.st.size, 0);
        return;
      }
    }
    this.reader = new JsonlReader(this.fd, this.start, this.startLine);
  }

  /** The fingerprint of the bytes before `offset` (stored with the offset; see file-fingerprint.ts). */
  private head(offset: number): string | null {
    if (offset !== this.hashedEnd) {
      this.hash = prefixFingerprint(this.fd, offset);
      this.hashedEnd = offset;
    }
    return this.hash;
  }

  private async finishTail(): Promise<void> {
    const tail = this.reader.tail();
    let offset = this.start;
    let lineCount = this.startLine;
    if (tail && 'text' in tail && tail.text.trim() !== '') {
      let parsed: unknown;
      let ok = false;
      try {
        parsed = JSON.parse(tail.text);
        ok = parsed !== null && typeof parsed === 'object';
      } catch {
        ok = false;
      }
      if (ok && tail.badUtf8) {
        // Kept pending: a writer may be in the middle of a multi-byte character.
        this.sink.bad(tail.line, null, `line ${tail.line}: ${INVALID_UTF8}`, tail.text, null, true);
      } else if (ok) {
        // A complete object without its newline: take it, and count it so that the newline a
        // writer appends next reads as an empty line with this number (numbering stays right).
        this.sink.value(tail.line, tail.text, parsed);
        offset = tail.offset + Buffer.byteLength(tail.text) + (this.lastByteIsCr() ? 1 : 0);
        lineCount = tail.line - 1;
        this.out.bytes += offset - this.start;
      } else if (this.opts.settling) this.out.incomplete = true;
      else {
        this.sink.bad(tail.line, null, `line ${tail.line}: incomplete last line (no newline at the end and not valid JSON yet); it is read again when the file grows`, tail.text, null, true);
      }
    } else if (tail && 'oversize' in tail) {
      if (this.opts.settling) this.out.incomplete = true;
      else this.sink.bad(tail.line, null, `line ${tail.line}: line longer than ${MiB(MAX_LINE_BYTES)} (${tail.oversize} bytes so far, no newline yet); skipped`, '', null, true);
    }
    await this.finishSource(offset, lineCount);
  }

  private lastByteIsCr(): boolean {
    const b = Buffer.alloc(1);
    return this.st.size > 0 && readSync(this.fd, b, 0, 1, this.st.size - 1) === 1 && b[0] === 13;
  }

  private async finishSource(offset: number, lineCount: number): Promise<void> {
    await this.sink.close();
    await this.s.writer.finish(this.id, { size: this.st.size, mtime_ms: this.st.mtimeMs, ino: this.st.ino, byte_offset: offset, line_count: lineCount,
      head_hash: this.head(offset), status: 'ok', error: null });
    this.done = true;
    this.close();
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
