/**
 * Vitest global setup: every test process gets one fresh temp root (TMPDIR, which os.tmpdir()
 * reads) that is removed when the run ends, so `npm test` leaves nothing in the system temp
 * folder even when a test that failed half-way skipped its own cleanup.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'runbrain-test-'));
  // Like /tmp itself (sticky, world-writable): tests that run a child as another user (EACCES
  // checks as `nobody`) need that child to make its own temp entries here too.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => {
    // tsx keeps its compile cache in `tsx-<uid>`: a tool's cache, not a test's leftover.
    const left = readdirSync(root).filter((name) => !/^tsx-\d+$/.test(name));
    // Named so a leak can be found and fixed at its source; removed either way.
    if (left.length > 0) console.warn(`[test] removing ${left.length} temp entries the tests left behind: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''}`);
    rmSync(root, { recursive: true, force: true });
  };
}
