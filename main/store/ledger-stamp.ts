/** A cheap identity of a project's ledger: it changes whenever a change or an undo is recorded. */
import type { Db } from './db';

/** `count:max id` of the project's ledger rows (rows are only ever added). */
export function ledgerStamp(db: Db, projectId: string): string {
  const row = db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM ledger WHERE project_id = ?').get(projectId) as { n: number; last: number };
  return `${row.n}:${row.last}`;
}
