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

/**
 * Whether bytes [0, end) of `fd` still match a stored fingerprint. A fingerprint stored before
 * the samples were added (a bare SHA-1 of the first 4 KB) is checked as such, so an upgrade
 * does not re-read every log from the start; the next write stores the full fingerprint.
 */
export function prefixMatches(fd: number, end: number, stored: string | null): boolean {
  if (stored !== null && end > BLOCK && /^[0-9a-f]{40}$/.test(stored)) {
    return createHash('sha1').update(block(fd, Buffer.allocUnsafe(BLOCK), 0, BLOCK)).digest('hex') === stored;
  }
  return prefixFingerprint(fd, end) === stored;
}
