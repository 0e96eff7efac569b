/**
 * The rounds rule's outcome groups: the store's GROUP BY, plus the runs whose stop_reason lives
 * only in their run-log file (records stored by reference), read back here — each file opened
 * once, only while it is the file that was ingested, at most REF_READS records per load (the rest
 * count as "no stop_reason": status and QA still decide).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RoundsOutcome } from '../engine/recommend/rounds';
import type { RoundsRefRow, Store } from '../store';

/** At most this many records are read back from their files per load. */
export const REF_READS = 20_000;

/** A stop_reason names the limit when it mentions rounds, max_rounds or a limit (case-insensitive). */
export function namesLimit(reason: string): boolean {
  const s = reason.toLowerCase();
  return s.includes('round') || s.includes('limit');
}

/** The project's rounds outcomes with every readable stop_reason applied. */
export function roundsOutcomes(store: Store, projectId: string): RoundsOutcome[] {
  const { rows, by_reference } = store.runs.roundsOutcomes(projectId);
  const groups = new Map<string, RoundsOutcome>();
  const add = (o: Omit<RoundsOutcome, 'n'>, n: number): void => {
    const k = JSON.stringify([o.rounds, o.max_rounds, o.status, o.qa_status, o.stop_reason_limit]);
    const g = groups.get(k);
    if (g) g.n += n;
    else groups.set(k, { ...o, n });
  };
  for (const r of rows) add(r, r.n);
  const reader = new StopReasonReader();
  try {
    by_reference.forEach((r, i) => {
      const sr = i < REF_READS ? reader.read(r) : undefined;
      add({ rounds: r.rounds, max_rounds: r.max_rounds, status: r.status, qa_status: r.qa_status, stop_reason_limit: sr == null ? null : namesLimit(sr) }, 1);
    });
  } finally {
    reader.close();
  }
  return [...groups.values()];
}

/** Reads records by reference, each file opened once, only while it is the file that was ingested. */
class StopReasonReader {
  private fds = new Map<string, number | null>();

  /** The record's stop_reason (or an alias); undefined when unreadable or absent. The run id must match. */
  read(ref: RoundsRefRow): string | undefined {
    let fd = this.fds.get(ref.path);
    if (fd === undefined) {
      try {
        fd = openSync(ref.path, 'r');
        const st = fstatSync(fd);
        // Same file, unchanged or only appended to: the stored spans still hold.
        if (st.ino !== ref.ino || st.size < ref.size || (st.size === ref.size && st.mtimeMs !== ref.mtime_ms)) {
          closeSync(fd);
          fd = null;
        }
      } catch {
        fd = null;
      }
      this.fds.set(ref.path, fd);
    }
    if (fd == null) return undefined;
    try {
      const buf = Buffer.allocUnsafe(ref.length);
      let n = 0;
      while (n < ref.length) {
        const got = readSync(fd, buf, n, ref.length - n, ref.offset + n);
        if (got === 0) return undefined;
        n += got;
      }
      const rec = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
      if (rec == null || typeof rec !== 'object' || rec.run_id !== ref.run_id) return undefined;
      const sr = rec.stop_reason ?? rec.exit_reason ?? rec.termination_reason;
      return typeof sr === 'string' ? sr : undefined;
    } catch {
      return undefined;
    }
  }

  close(): void {
    for (const fd of this.fds.values()) if (fd != null) closeSync(fd);
  }
}
