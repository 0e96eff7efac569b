/**
 * Degradation alerts: every series of a project (its six metrics over all runs, over the runs of
 * each model and prompt version, over each agent's runs) through the change-point detector;
 * a change for the worse is an alert, resolved when a later change for the better brings the
 * metric at least half-way back.
 */
import { isBatched } from './batch-times';
import { type SeriesChange, recoveryWithin, seriesChanges } from './change-points';
import { type HealthMetric, HEALTH_METRICS, type Series, agentSeries, runSeries } from './series';
import type { AlphaLevel } from './thresholds';
import type { HealthRun } from './types';

/** A sub-series needs this many observations (runs) to be watched on its own. */
export const MIN_SUB_SERIES = 100;
/** At most this many values per factor are watched (the most used). */
export const MAX_VALUES_PER_FACTOR = 8;
/**
 * The false-alarm budget of a project (≤ 5 % of stable projects with any degradation alert, over
 * all their series): the project's pass rate gets 'primary' (α = 2 %, what a 0.9 → 0.6 drop
 * needs to be found within 40 runs), each of its other five metrics α = 0.1 %, and all
 * sub-series together (models, prompt versions, agents) SUB_SERIES_BUDGET, split evenly over
 * the ones watched (Bonferroni): a project with 4 agents, 2 models and 2 prompt versions
 * watches ~45 sub-series, and a fixed α per series would let its false-alarm rate grow with
 * that count. No sub-series is watched more sensitively than the project's own metrics.
 */
export const PROJECT_METRIC_ALPHA = 0.001;
export const SUB_SERIES_BUDGET = 0.005;

export interface SeriesEpisode {
  change: SeriesChange;
  /** The later change for the better that ended it, if any. */
  recovery: SeriesChange | null;
}

/** A series health watches and its false-alarm level (a class, or α per series). */
export interface WatchedSeries {
  series: Series;
  cls: AlphaLevel;
}

/**
 * The series health watches for these runs (time order), with their false-alarm levels: the
 * project's pass rate 'primary', its other metrics 'project', each sub-series an equal share of
 * SUB_SERIES_BUDGET.
 */
export function projectSeries(runs: readonly HealthRun[]): WatchedSeries[] {
  const out: WatchedSeries[] = [];
  const subs: Series[] = [];
  for (const m of HEALTH_METRICS) out.push({ series: runSeries(runs, m, 'project'), cls: m === 'qa_pass_rate' ? 'primary' : PROJECT_METRIC_ALPHA });
  for (const field of ['model', 'prompt_version'] as const) {
    for (const value of topValues(runs.map((r) => r[field]), runs.length)) {
      for (const m of HEALTH_METRICS) subs.push(runSeries(runs, m, `${field}=${value}`, (r) => r[field] === value));
    }
  }
  // Agents count the runs they took part in (their series has one observation per run). A
  // project with a single agent would repeat its own series.
  const agentRuns = runs.flatMap((r) => [...new Set(r.step_list.map((s) => s.agent))]);
  const agents = new Set(agentRuns.filter((a) => a != null)).size > 1 ? topValues(agentRuns, Infinity) : [];
  for (const agent of agents) {
    for (const m of HEALTH_METRICS) if (m !== 'qa_pass_rate') subs.push(agentSeries(runs, m, agent));
  }
  const watched = subs.filter((s) => s.values.length >= MIN_SUB_SERIES);
  const alpha = Math.min(PROJECT_METRIC_ALPHA, SUB_SERIES_BUDGET / Math.max(1, watched.length));
  for (const series of watched) out.push({ series, cls: alpha });
  // A batched project's series are read batch by batch, sub-series included (one model's share of a batch is below BATCH_MIN_RUNS).
  if (isBatched(runs)) for (const s of out) s.series.batched = true;
  return out.filter((s) => s.series.values.length > 0);
}

/** Values seen ≥ MIN_SUB_SERIES times but not on every one of `all` items (that would repeat the project). */
function topValues(values: readonly (string | null)[], all: number): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v != null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([, c]) => c >= MIN_SUB_SERIES && c < all)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_VALUES_PER_FACTOR)
    .map(([v]) => v);
}

/** Is `level` at least half-way back from `bad` towards `good`? */
function halfWayBack(good: number | null, bad: number | null, level: number | null): boolean {
  if (good == null || bad == null || level == null) return false;
  return Math.abs(level - good) <= Math.abs(bad - good) / 2;
}

/** Has the metric come at least half-way back from `after` towards `before`? */
function recovered(change: SeriesChange, level: number | null): boolean {
  return halfWayBack(change.before.value, change.after.value, level);
}

/** Degradation episodes of one series: each change for the worse, with its recovery if any. */
export function seriesEpisodes(series: Series, cls: AlphaLevel): SeriesEpisode[] {
  const changes = seriesChanges(series, cls);
  const out: SeriesEpisode[] = [];
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    if (c.direction !== 'worse') continue;
    let recovery: SeriesChange | null = null;
    for (let j = i + 1; j < changes.length; j++) {
      if (changes[j].direction === 'better' && recovered(c, changes[j].after.value)) { recovery = changes[j]; break; }
    }
    if (!recovery) {
      const split = recoveryWithin(series, c);
      // The split's earlier part is the episode itself: half-way back from its level.
      if (split && halfWayBack(c.before.value, split.before.value, split.after.value)) recovery = split;
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
