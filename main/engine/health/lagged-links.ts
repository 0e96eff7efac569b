/**
 * A new value that took over shortly before a change point is linked even when it started
 * outside the change's credible interval. A detector needs some runs to see a shift (issue 11
 * asks for a 0.9 → 0.6 drop within 40 runs), and when the first runs under a new prompt version
 * happen to pass, the estimated change lands a day later and its interval no longer reaches back
 * to the version's start: the demo's v1.2-rc1 episode lost its link at 2 of 21 generation times.
 */
import { RUN_FIELDS, type RunField } from './alerts';
import type { ChangeEvent, HealthAlert, HealthRun, LinkedChange } from './types';

/** At most this many runs between the value's first run and the change point: the detection delay the issue allows. */
export const MAX_LAG_RUNS = 40;
/** The value must carry at least this share of those runs (it took over; it was not a stray run). */
export const MIN_LAG_SHARE = 0.8;

const isRunField = (k: string): k is RunField => (RUN_FIELDS as readonly string[]).includes(k);

/**
 * First appearances of run-field values before `from` (the start of the linking window) whose
 * runs make up ≥ MIN_LAG_SHARE of the ≤ MAX_LAG_RUNS runs from their first run to the change
 * point. `runs` in time order.
 */
export function laggedLinks(alert: HealthAlert, changes: readonly ChangeEvent[], runs: readonly HealthRun[], from: number): LinkedChange[] {
  const at = Date.parse(alert.change_at);
  const out: LinkedChange[] = [];
  for (const c of changes) {
    if (!isRunField(c.kind) || c.at_ms > from || c.at_ms > at) continue;
    const field = c.kind;
    let n = 0;
    let mine = 0;
    for (const r of runs) {
      if (r.started_ms < c.at_ms || r.started_ms > at) continue;
      n++;
      if (r[field] === c.value) mine++;
    }
    if (n > 0 && n <= MAX_LAG_RUNS && mine >= MIN_LAG_SHARE * n) out.push({ kind: c.kind, value: c.value, at: new Date(c.at_ms).toISOString() });
  }
  return out;
}
