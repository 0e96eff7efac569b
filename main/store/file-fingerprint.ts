/**
 * A cheap fingerprint of the first `end` bytes of a file, stored as `sources.head_hash`: it
 * tells a JSONL file that was only appended to (the bytes before `end` unchanged) from one that
 * was rewritten in place, both when the ingest resumes from its offset and before the run
 * detail serves raw bytes by reference. A hash of the head alone is fooled by a rewrite that
 * keeps the first 4 KB (a log that starts with the same header or runs), so the fingerprint
 * also covers the 4 KB before `end` and evenly spaced 4 KB samples between: at most 10 reads
 * of 4 KB, whatever the size.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';

const BLOCK = 4096;
const SAMPLES = 8;

function block(fd: number, buf: Buffer, pos: number, len: number): Buffer {
  let n = 0;
  while (n < len) {
    const got = readSync(fd, buf, n, len - n, pos + n);
    if (got === 0) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/**
 * Fingerprint of bytes [0, end) of the open file `fd`; null when end is 0. Up to 4 KB it is the
 * SHA-1 of those bytes (as stored before the samples were added, so small files keep theirs).
 */
export function prefixFingerprint(fd: number, end: number): string | null {
  if (end <= 0) return null;
  const buf = Buffer.allocUnsafe(BLOCK);
  if (end <= BLOCK) return createHash('sha1').update(block(fd, buf, 0, end)).digest('hex');
  const h = createHash('sha1').update(`${end}\n`);
  // Block starts: 0, SAMPLES evenly spaced ones, and the last full block before `end`.
  const starts = new Set<number>([0, end - BLOCK]);
  for (let i = 1; i <= SAMPLES; i++) starts.add(Math.min(end - BLOCK, Math.floor(((end - BLOCK) * i) / (SAMPLES + 1))));
  for (const pos of [...starts].sort((a, b) => a - b)) h.update(block(fd, buf, pos, BLOCK));
  return `p2-${h.digest('hex')}`;
}
