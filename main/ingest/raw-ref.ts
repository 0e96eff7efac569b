/**
 * Reading a record stored by reference back from the user's file: its bytes only, and only
 * while the file is the one that was ingested. The prefix fingerprint is the same check the
 * ingest uses to tell an appended JSONL file from a rewritten one (file-fingerprint.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RawRef } from '../store';
import { prefixMatches } from './file-fingerprint';

export const RAW_CHANGED = 'Raw JSON unavailable: the file changed on disk since it was read (it is re-read on the next scan).';

/**
 * The parsed record at `ref`, or why it is unavailable: a .json file must be unchanged, a
 * JSONL file the same or only appended to.
 */
export function readRawRef(ref: RawRef): { value: unknown } | { note: string } {
  const got = readRawText(ref);
  if ('note' in got) return got;
  try {
    return { value: JSON.parse(got.text) as unknown };
  } catch {
    return { note: RAW_CHANGED };
  }
}

/** The exact text at `ref` under the same checks as readRawRef, or why it is unavailable. */
export function readRawText(ref: RawRef): { text: string } | { note: string } {
  let fd: number;
  try {
    fd = openSync(ref.path, 'r');
  } catch (e) {
    return { note: `Raw JSON unavailable: cannot open the file (${(e as NodeJS.ErrnoException).code ?? String(e)}).` };
  }
  try {
    const st = fstatSync(fd);
    if (st.ino !== ref.ino) return { note: RAW_CHANGED };
    const same = st.size === ref.size && st.mtimeMs === ref.mtime_ms;
    const appended = ref.kind === 'jsonl' && st.size >= ref.byte_offset && ref.byte_offset > 0 &&
      prefixMatches(fd, ref.byte_offset, ref.head_hash);
    if (!same && !appended) return { note: RAW_CHANGED };
    if (ref.offset + ref.length > st.size) return { note: RAW_CHANGED };
    const buf = Buffer.allocUnsafe(ref.length);
    let n = 0;
    while (n < ref.length) {
      const got = readSync(fd, buf, n, ref.length - n, ref.offset + n);
      if (got === 0) return { note: RAW_CHANGED };
      n += got;
    }
    return { text: buf.toString('utf8') };
  } catch {
    return { note: RAW_CHANGED };
  } finally {
    closeSync(fd);
  }
}
