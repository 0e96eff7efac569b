/**
 * The latest canonical run records of a project, children included, for the analyses that read
 * what the columns do not hold (error messages, gate reasons, step recoveries): health's error
 * patterns and agents tables. A run whose record cannot be read back (its file changed) is left out.
 */
import type { RunRecord } from '../../shared/run-record';
import type { Store } from '../store';
import { canonical, RefReader } from './learning-runs';

export async function recentRecords(store: Store, projectId: string, last: number): Promise<RunRecord[]> {
  const refs = new RefReader();
  try {
    const out: RunRecord[] = [];
    for (const row of await store.learning.runRows(projectId, { last, records: true })) {
      const rec = canonical(row, refs);
      // The stored text is the validated canonical record of this run (ingest wrote it so).
      if (rec && rec.run_id === row.run_id) out.push(rec as unknown as RunRecord);
    }
    return out;
  } finally {
    refs.close();
  }
}
