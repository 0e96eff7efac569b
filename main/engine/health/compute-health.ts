/**
 * A project's health (issue 11 §1–2, §5): change-point and seed-rule degradation alerts linked
 * to their causes, recovery proposals, baselines, anomalies and the grade. Pure: the store hands
 * in the recent runs (the last ≤ 2 000), daily buckets for the long history and the changes it
 * knows (ledger, first-seen values, new error patterns); window clocks run from the latest run.
 */
import { episodeAlert, firstSeenChanges, groupAlerts, linkChanges } from './alerts';
import { anomalyAlerts, findAnomalies } from './anomalies';
import { computeBaselines } from './baselines';
import { batchStarts, batchTimesNote, isBatched } from './batch-times';
import { bucketsFromRuns } from './bucket-fold';
import { degradationEpisodes } from './degradation';
import { gradeOf } from './grade';
import { laggedLinks } from './lagged-links';
import { recoveryProposals } from './recovery-proposal';
import { seedRuleAlerts, seedRuleChecks } from './seed-rule';
import type { ProjectHealth } from '../../../shared/health';
import type { ChangeEvent, HealthAlert, HealthRun, RecoveryProposal, ScopedBuckets } from './types';

/** Runs the detectors see at most (the store's recent-window query). */
export const RECENT_WINDOW_RUNS = 2000;

export interface HealthInput {
  project_id: string;
  /** Recent runs (any order; the last RECENT_WINDOW_RUNS by start time are used). */
  runs: readonly HealthRun[];
  /** Daily buckets of the whole history; built from `runs` when absent. */
  buckets?: readonly ScopedBuckets[];
  /** True when `runs` is the project's whole history (default: no buckets were given). */
  runs_complete?: boolean;
  changes?: readonly ChangeEvent[];
  /** Wall clock, only for `computed_at`. */
  now_ms: number;
  /**
   * What the error-pattern / agents part of health computed (issue 11 §3–4): its sections go into
   * the output as they are, its alerts (`new_error_pattern`, `agent_unhealthy`) are ordered and
   * graded with the others.
   */
  sections?: Partial<Pick<ProjectHealth, 'error_patterns' | 'agents' | 'best_agents' | 'retry_hotspots' | 'recovery_strategies'>>;
  extra_alerts?: readonly HealthAlert[];
}

export type { ProjectHealth } from '../../../shared/health';

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;
const DAY_MS = 86_400_000;

/** Check the runs the store handed in: a bad start time would silently reorder the series. */
function checkedRuns(runs: readonly HealthRun[]): HealthRun[] {
  runs.forEach((r, i) => {
    if (!Number.isFinite(r.started_ms)) throw new Error(`health: run ${JSON.stringify(r.run_id)} (index ${i}) has no valid started_ms`);
  });
  const sorted = [...runs].sort((a, b) => a.started_ms - b.started_ms || (a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0));
  return sorted.slice(-RECENT_WINDOW_RUNS);
}

/** Caller's events first; first-seen values from the runs fill in what the caller did not give. */
function mergeChanges(given: readonly ChangeEvent[], derived: readonly ChangeEvent[]): ChangeEvent[] {
  const key = (c: ChangeEvent): string => `${c.kind}\u0000${c.value}`;
  const known = new Set(given.filter((c) => c.kind !== 'config_change').map(key));
  return [...given, ...derived.filter((c) => !known.has(key(c)))];
}

/** Latest activity: the last run, or the last bucket day when the runs are empty. */
function latestOf(runs: readonly HealthRun[], buckets: readonly ScopedBuckets[]): number | null {
  if (runs.length) return runs[runs.length - 1].started_ms;
  let last: string | null = null;
  for (const s of buckets) for (const b of s.buckets) if (b.n > 0 && (last == null || b.day > last)) last = b.day;
  return last ? Date.parse(`${last}T23:59:59.999Z`) : null;
}

/** The health of one project. */
export function computeHealth(input: HealthInput): ProjectHealth {
  const runs = checkedRuns(input.runs);
  const buckets = input.buckets ?? bucketsFromRuns(runs);
  const runsComplete = input.runs_complete ?? input.buckets == null;
  const latest = latestOf(runs, buckets);
  // A value already used by the window's first run was there from its start: not a change an
  // alert can point at (ledger changes are kept: they say when the config was edited).
  const startMs = runs.length ? runs[0].started_ms : -Infinity;
  const changes = mergeChanges(input.changes ?? [], [...firstSeenChanges(runs), ...batchStarts(runs)]).filter((c) => c.kind === 'config_change' || c.at_ms > startMs);

  const episodes = degradationEpisodes(runs);
  const drafts: HealthAlert[] = episodes.map(({ episode }) => episodeAlert(episode));
  // Causes are linked within the change's 99 % credible interval (the 95 % one is shown): a
  // change of prompt version right at the episode's start falls outside the 95 % interval
  // about one time in twenty, when the first runs after it happen to pass.
  const linkWindows: (readonly [number, number] | undefined)[] = episodes.map(({ episode }) => episode.change.link_interval_ms);
  const projectBuckets = buckets.find((b) => b.scope === 'project');
  const seedChecks = latest != null && projectBuckets ? seedRuleChecks(projectBuckets.buckets, latest, isBatched(runs)) : [];
  if (latest != null) drafts.push(...seedRuleAlerts(seedChecks, latest));
  // Statuses first (a rollback resolves an episode), then one alert per episode, then reverts.
  const linksOf = (a: HealthAlert, i: number): HealthAlert['linked'] => {
    const linked = linkChanges(a, changes, linkWindows[i]);
    const window = linkWindows[i];
    if (!window) return linked;
    // A value that took over within the detection delay before the change point counts too.
    const extra = laggedLinks(a, changes, runs, window[0]).filter((l) => !linked.some((x) => x.kind === l.kind && x.value === l.value));
    return [...extra, ...linked].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  };
  const settled = recoveryProposals(drafts.map((a, i) => ({ ...a, linked: linksOf(a, i) })), runs).alerts;
  const anomalies = findAnomalies(runs);
  const grouped = [...groupAlerts(settled), ...(latest == null ? [] : anomalyAlerts(anomalies, latest, runs.length)), ...(input.extra_alerts ?? [])];
  const { alerts: resolvedAlerts, proposals } = recoveryProposals(grouped, runs);
  // Order for reading: ongoing first, then severity, then the most recent change; proposals
  // keep pointing at their alert.
  const order = resolvedAlerts.map((a, i) => ({ a, i })).sort((x, y) =>
    (x.a.status === 'ongoing' ? 0 : 1) - (y.a.status === 'ongoing' ? 0 : 1)
    || SEVERITY_RANK[x.a.severity] - SEVERITY_RANK[y.a.severity]
    || (x.a.change_at < y.a.change_at ? 1 : x.a.change_at > y.a.change_at ? -1 : 0)
    || (x.a.metric < y.a.metric ? -1 : 1));
  const newIndex = new Map(order.map((o, j) => [o.i, j]));
  const alerts = order.map((o) => o.a);
  // One proposal per revert: the project series and its sub-series often report one episode.
  const byRevert = new Map<string, RecoveryProposal>();
  for (const p of proposals.map((x) => ({ ...x, alert_index: newIndex.get(x.alert_index)! })).sort((a, b) => a.alert_index - b.alert_index)) {
    const key = `${p.field}\u0000${p.from}\u0000${p.to}`;
    const have = byRevert.get(key);
    if (have) have.alert_indices.push(p.alert_index);
    else byRevert.set(key, { ...p, alert_indices: [p.alert_index] });
  }
  const recovery = [...byRevert.values()];

  const weekFrom = latest == null ? Infinity : latest - 7 * DAY_MS;
  const recentRuns = runs.filter((r) => r.started_ms > weekFrom);
  const recentIds = new Set(recentRuns.map((r) => r.run_id));
  const anomalousRecent = new Set(anomalies.filter((a) => recentIds.has(a.run_id)).map((a) => a.run_id)).size;
  const { grade, reasons } = gradeOf(alerts, anomalousRecent, recentRuns.length);

  return {
    project_id: input.project_id,
    grade,
    grade_reasons: reasons,
    notes: [batchTimesNote(runs)].filter((n): n is string => n != null),
    latest_run_at: latest == null ? null : new Date(latest).toISOString(),
    computed_at: new Date(input.now_ms).toISOString(),
    runs_analysed: runs.length,
    alerts,
    recovery_proposals: recovery,
    seed_rule: seedChecks,
    baselines: latest == null ? { rows: [], trends: [] } : computeBaselines(runs, buckets, latest, runsComplete),
    anomalies,
    error_patterns: [], agents: [], best_agents: [], retry_hotspots: [], recovery_strategies: [],
    ...input.sections,
  };
}
