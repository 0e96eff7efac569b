/**
 * Feeds a big .json file to the sink run by run (json-array-stream.ts for arrays and runs
 * wrappers, the JSONL reader for JSON Lines saved as .json), reporting a cut-off end and read
 * errors as quarantine rows. Memory: one chunk and one run.
 */
import type { Streamed } from './file-bytes';
import { JsonArrayStream, type StreamElement } from './json-array-stream';
import { JsonlReader, type JsonlLine } from './jsonl-reader';
import { errorText } from './walk';

/** What the feed writes to (ingest-file.ts's ItemSink). */
export interface StreamSink {
  element(el: StreamElement, shared: Record<string, unknown> | null): void;
  jsonlLine(l: JsonlLine): void;
  bad(line: number | null, field: string | null, reason: string, excerpt: string): void;
  /** Writes what was handed in so far (after each chunk: memory stays one chunk). */
  flush(): Promise<void>;
}

/** Feeds a streamed file's elements to the sink; a read error mid-file keeps what was read and says so. */
export async function feedStream(sink: StreamSink, fd: number, how: Streamed): Promise<void> {
  if (how.root === 'lines') return readLines(sink, fd);
  const stream = new JsonArrayStream(fd, how.root);
  for (;;) {
    let batch: StreamElement[] | null;
    try {
      batch = stream.next();
    } catch (e) {
      sink.bad(null, null, `cannot read the rest of the file: ${errorText(e)}`, '');
      return;
    }
    if (!batch) break;
    for (const el of batch) sink.element(el, how.shared);
    await sink.flush();
  }
  const end = stream.end();
  if (end.openLine != null) sink.bad(end.openLine, null, `line ${end.openLine}: truncated JSON: the file ends inside this run`, '');
  else if (!end.closed) sink.bad(end.lastLine, null, `line ${end.lastLine}: truncated JSON: the file ends before the closing bracket`, '');
}

/** JSON Lines saved as a big .json file: line by line, in one pass (the file is replaced whole, not tailed). */
async function readLines(sink: StreamSink, fd: number): Promise<void> {
  const reader = new JsonlReader(fd, 0, 0);
  for (;;) {
    let b: ReturnType<JsonlReader['next']>;
    try {
      b = reader.next();
    } catch (e) {
      sink.bad(null, null, `cannot read the rest of the file: ${errorText(e)}`, '');
      return;
    }
    if (!b) break;
    for (const l of b.lines) sink.jsonlLine(l);
    await sink.flush();
  }
  const tail = reader.tail();
  if (tail) sink.jsonlLine('oversize' in tail ? { line: tail.line, oversize: tail.oversize } : { ...tail, length: Buffer.byteLength(tail.text) });
}

