/**
 * Values that parse but cannot be what they claim: placeholder dates (year 1, the Unix epoch),
 * an end before the start, blank ids. The run is kept, the doubtful value is dropped or left
 * alone, and a warning saying so is kept with the run (`ingest_warnings`, shown in the run
 * detail). What is refused outright (path-like or oversized ids) is in `idProblem`
 * (shared/run-record.ts). Documented in docs/run-log-format.md ("Doubtful values").
 */

/** Run dates before this are placeholders (0001-01-01, epoch 0 …): AI-agent runs did not exist then. */
export const EARLIEST_RUN_MS = Date.UTC(2000, 0, 1);
const EARLIEST_ISO = '2000-01-01';

/**
 * Drops a started_at/ended_at before 2000 (treated as not recorded) with a warning; returns
 * the date's ms, or null when dropped.
 */
export function dropPlaceholderDate(obj: Record<string, unknown>, field: 'started_at' | 'ended_at', ms: number, warnings: string[]): number | null {
  if (ms >= EARLIEST_RUN_MS) return ms;
  warnings.push(`${field} ${String(obj[field])} is before ${EARLIEST_ISO}, most likely a zero or placeholder value: the run is kept without it`);
  delete obj[field];
  return null;
}

/** Warns when the end is before the start (both kept as logged; no duration is derived from them). */
export function checkDateOrder(obj: Record<string, unknown>, startedMs: number | null, endedMs: number | null, warnings: string[]): void {
  if (startedMs != null && endedMs != null && endedMs < startedMs) {
    warnings.push(`ended_at ${String(obj.ended_at)} is before started_at ${String(obj.started_at)}: both kept as logged, no duration derived from them`);
  }
}

/** A whitespace-only run_id / project_id counts as missing (as "" does), with a warning. */
export function blankIdToMissing(obj: Record<string, unknown>, field: 'run_id' | 'project_id', warnings: string[]): boolean {
  const v = obj[field];
  if (typeof v !== 'string' || v === '' || v.trim() !== '') return false;
  warnings.push(`${field} ${JSON.stringify(v)} is blank: treated as missing`);
  delete obj[field];
  return true;
}
