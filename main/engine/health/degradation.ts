/**
 * Degradation alerts: every series of a project (its six metrics over all runs, over the runs of
 * each model and prompt version, over each agent's steps) through the change-point detector;
 * a change for the worse is an alert, resolved when a later change for the better brings the
 * metric at least half-way back.
 */
import { type SeriesChange, seriesChanges } from './change-points';
import { type HealthMetric, HEALTH_METRICS, type Series, agentSeries, runSeries } from './series';
import type { AlphaClass } from './thresholds';
import type { HealthRun } from './types';

/** A sub-series needs this many observations to be watched on its own. */
export const MIN_SUB_SERIES = 100;
/** At most this many values per factor are watched (the most used). */
export const MAX_VALUES_PER_FACTOR = 8;

export interface SeriesEpisode {
  change: SeriesChange;
  /** The later change for the better that ended it, if any. */
  recovery: SeriesChange | null;
}

/** The series health watches for these runs (time order), with their false-alarm class. */
export function projectSeries(runs: readonly HealthRun[]): { series: Series; cls: AlphaClass }[] {
  const out: { series: Series; cls: AlphaClass }[] = [];
  for (const m of HEALTH_METRICS) out.push({ series: runSeries(runs, m, 'project'), cls: m === 'qa_pass_rate' ? 'primary' : 'project' });
  for (const field of ['model', 'prompt_version'] as const) {
    for (const value of topValues(runs.map((r) => r[field]))) {
      for (const m of HEALTH_METRICS) out.push({ series: runSeries(runs, m, `${field}=${value}`, (r) => r[field] === value), cls: 'sub' });
    }
  }
  const agents = runs.flatMap((r) => r.step_list.map((s) => s.agent));
  for (const agent of topValues(agents)) {
    for (const m of HEALTH_METRICS) if (m !== 'qa_pass_rate') out.push({ series: agentSeries(runs, m, agent), cls: 'sub' });
  }
  return out.filter((s) => s.series.values.length > 0);
}

/** Values seen ≥ MIN_SUB_SERIES times but not on every item (that would repeat the project). */
function topValues(values: readonly (string | null)[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v != null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([, c]) => c >= MIN_SUB_SERIES && c < values.length)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_VALUES_PER_FACTOR)
    .map(([v]) => v);
}

/** Has the metric come at least half-way back from `after` towards `before`? */
function recovered(change: SeriesChange, level: number | null): boolean {
  const b = change.before.value;
  const a = change.after.value;
  if (b == null || a == null || level == null) return false;
  return Math.abs(level - b) <= Math.abs(a - b) / 2;
}

/** Degradation episodes of one series: each change for the worse, with its recovery if any. */
export function seriesEpisodes(series: Series, cls: AlphaClass): SeriesEpisode[] {
  const changes = seriesChanges(series, cls);
  const out: SeriesEpisode[] = [];
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    if (c.direction !== 'worse') continue;
    let recovery: SeriesChange | null = null;
    for (let j = i + 1; j < changes.length; j++) {
      if (changes[j].direction === 'better' && recovered(c, changes[j].after.value)) { recovery = changes[j]; break; }
    }
    out.push({ change: c, recovery });
  }
  return out;
}

/** Every degradation episode of the project's series. */
export function degradationEpisodes(runs: readonly HealthRun[]): { metric: HealthMetric; episode: SeriesEpisode }[] {
  const out: { metric: HealthMetric; episode: SeriesEpisode }[] = [];
  for (const { series, cls } of projectSeries(runs)) {
    for (const e of seriesEpisodes(series, cls)) out.push({ metric: series.metric, episode: e });
  }
  return out;
}
