/**
 * Alerts from degradation episodes, linked to what changed around then: ledger config changes,
 * the first appearance of a prompt version / model / mode / recipe / strategy, new error
 * patterns. A change is linked when its time falls in the alert's change interval (from, to]
 * (for a change point: its 99 % credible interval, a little wider than the 95 % one shown).
 */
import { CHANGE_METHOD } from './change-points';
import type { SeriesEpisode } from './degradation';
import type { ChangeEvent, HealthAlert, HealthRun, LinkedChange } from './types';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The alert for one degradation episode (not yet linked). */
export function episodeAlert(e: SeriesEpisode): HealthAlert {
  const c = e.change;
  return {
    kind: 'degradation',
    metric: c.metric,
    series: c.scope,
    change_at: iso(c.change_at_ms),
    change_interval: [iso(c.interval_ms[0]), iso(c.interval_ms[1])],
    detected_at: iso(c.detected_at_ms),
    before: c.before,
    after: c.after,
    relative_change: c.relative_change,
    certainty: c.certainty,
    severity: c.severity,
    method: c.method ?? CHANGE_METHOD,
    status: e.recovery ? 'resolved' : 'ongoing',
    resolved_at: e.recovery ? iso(e.recovery.change_at_ms) : null,
    linked: [],
    also_in: [],
  };
}

/** Broadest series first: the project, then a model, a prompt version, an agent. */
function scopeRank(series: string): number {
  if (series === 'project') return 0;
  if (series.startsWith('model=')) return 1;
  if (series.startsWith('prompt_version=')) return 2;
  return 3;
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/**
 * One alert per episode: an alert is folded into an earlier one (broadest series first, then
 * the most severe) of the same method, metric and status whose change interval overlaps its
 * own; the kept alert lists the other series in `also_in` and takes the union of their links.
 */
export function groupAlerts(alerts: readonly HealthAlert[]): HealthAlert[] {
  const order = [...alerts].sort((a, b) => scopeRank(a.series) - scopeRank(b.series) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.certainty - a.certainty);
  const kept: HealthAlert[] = [];
  for (const a of order) {
    const from = Date.parse(a.change_interval[0]);
    const to = Date.parse(a.change_interval[1]);
    const home = kept.find((k) => k.method === a.method && k.metric === a.metric && k.status === a.status
      && Date.parse(k.change_interval[0]) <= to && from <= Date.parse(k.change_interval[1]));
    if (!home) { kept.push({ ...a, linked: [...a.linked], also_in: [...a.also_in] }); continue; }
    home.also_in.push(a.series);
    for (const l of a.linked) if (!home.linked.some((x) => x.kind === l.kind && x.value === l.value)) home.linked.push(l);
    home.linked.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  }
  return kept;
}

/**
 * Changes whose time lies in (from, to] of the alert's change interval — or of `window` (epoch
 * ms) when given: a degradation links within its change's 99 % credible interval — earliest first.
 */
export function linkChanges(alert: HealthAlert, changes: readonly ChangeEvent[], window?: readonly [number, number]): LinkedChange[] {
  const from = window ? window[0] : Date.parse(alert.change_interval[0]);
  const to = window ? window[1] : Date.parse(alert.change_interval[1]);
  return changes
    .filter((c) => c.at_ms > from && c.at_ms <= to)
    .sort((a, b) => a.at_ms - b.at_ms || (a.kind < b.kind ? -1 : 1))
    .map((c) => ({ kind: c.kind, value: c.value, at: iso(c.at_ms) }));
}

export const RUN_FIELDS = ['prompt_version', 'model', 'mode', 'recipe', 'prompt_strategy'] as const;
export type RunField = (typeof RUN_FIELDS)[number];

/**
 * First-seen times of each value of the run fields within these runs (time order). Values
 * already used by the first run are not changes the window can see, and are left out; callers
 * that know the full history (the aggregates keep first_ms per value) pass their own events.
 */
export function firstSeenChanges(runs: readonly HealthRun[]): ChangeEvent[] {
  const out: ChangeEvent[] = [];
  if (runs.length === 0) return out;
  for (const field of RUN_FIELDS) {
    const seen = new Set<string>();
    const first = runs[0][field];
    if (first != null) seen.add(first);
    for (const r of runs) {
      const v = r[field];
      if (v == null || seen.has(v)) continue;
      seen.add(v);
      out.push({ kind: field, value: v, at_ms: r.started_ms });
    }
  }
  return out;
}
