/** Queries over a project's run history for config and the ledger: current settings, effect since a change. */
import { TUNABLE_FIELDS, type TunableField } from '../../shared/run-record';
import type { Db } from './db';

/**
 * The settings the project's runs use now: for each tunable field, its value in the most
 * recent run (by started_at, then by ingest order) that recorded it. Null when the project has no runs.
 */
export function latestRunSettings(db: Db, projectId: string): Partial<Record<TunableField, string | number>> | null {
  const any = db.prepare('SELECT 1 FROM runs WHERE project_id = ? LIMIT 1').get(projectId);
  if (!any) return null;
  const out: Partial<Record<TunableField, string | number>> = {};
  for (const f of TUNABLE_FIELDS) {
    // Dated runs first, walking the (project_id, started_ms) index backwards so the newest run
    // that recorded the field is found without sorting the project; undated runs only as a fallback.
    const dated = db
      .prepare(`SELECT ${f} FROM runs WHERE project_id = ? AND started_ms IS NOT NULL AND ${f} IS NOT NULL ORDER BY started_ms DESC, id DESC LIMIT 1`)
      .pluck()
      .get(projectId) as string | number | undefined;
    const v =
      dated ??
      (db
        .prepare(`SELECT ${f} FROM runs WHERE project_id = ? AND started_ms IS NULL AND ${f} IS NOT NULL ORDER BY id DESC LIMIT 1`)
        .pluck()
        .get(projectId) as string | number | undefined);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

export interface RunsSinceStats {
  runs: number;
  sum_cost: number;
  cost_n: number;
  /** Over runs with cost > 0: what the log-cost tests use. */
  log_n: number;
  sum_log_cost: number;
  sum_log_cost2: number;
  /** Σ cost² (the realised dollar interval). */
  sum_cost2: number;
  qa_passed: number;
  /** Runs with a QA outcome. */
  qa_n: number;
}

/** Runs of a project started at or after `sinceMs` whose `field` equals `value` (the ledger's realised effect). */
export function runsSince(db: Db, projectId: string, sinceMs: number, field: TunableField, value: string | number): RunsSinceStats {
  if (!(TUNABLE_FIELDS as readonly string[]).includes(field)) throw new Error(`runsSince: unknown field ${String(field)}`);
  const out: RunsSinceStats = { runs: 0, sum_cost: 0, cost_n: 0, log_n: 0, sum_log_cost: 0, sum_log_cost2: 0, sum_cost2: 0, qa_passed: 0, qa_n: 0 };
  const rows = db
    .prepare(`SELECT total_cost_usd AS c, qa_status AS q FROM runs WHERE project_id = ? AND started_ms >= ? AND ${field} = ?`)
    .raw()
    .iterate(projectId, sinceMs, value) as Iterable<[number | null, string | null]>;
  for (const [c, q] of rows) {
    out.runs++;
    if (c != null) {
      out.cost_n++;
      out.sum_cost += c;
      out.sum_cost2 += c * c;
      if (c > 0) {
        const l = Math.log(c);
        out.log_n++;
        out.sum_log_cost += l;
        out.sum_log_cost2 += l * l;
      }
    }
    if (q != null) {
      out.qa_n++;
      if (q === 'passed') out.qa_passed++;
    }
  }
  return out;
}
