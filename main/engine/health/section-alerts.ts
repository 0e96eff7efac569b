/**
 * Alerts of the error-pattern and agents part of health (issue 11 §5 kinds `new_error_pattern`
 * and `agent_unhealthy`), in the shape of the other health alerts so they can be ordered,
 * graded and shown with them. Rules in docs/health.md, "Alerts from patterns and agents".
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import type { RunRecord } from '../../../shared/run-record';
import { probDiffBelow } from '../stats/beta-compare';
import { wilsonInterval } from '../stats/wilson';
import { AGENT_HEALTH_DEFAULTS, type AgentHealth } from './agent-health';
import type { ErrorPattern, NewSince } from './templates/error-patterns';

/** A value with its 95 % interval and sample size. */
export interface AlertEstimate {
  value: number | null;
  ci95: [number, number] | null;
  n: number;
}

export interface SectionAlert {
  kind: 'new_error_pattern' | 'agent_unhealthy';
  metric: string;
  series: string;
  change_at: string;
  change_interval: [string, string];
  detected_at: string;
  before: AlertEstimate;
  after: AlertEstimate;
  relative_change: number | null;
  /** Posterior probability of what the alert claims (see the rules). */
  certainty: number;
  severity: 'info' | 'warning' | 'critical';
  method: string;
  status: 'ongoing' | 'resolved';
  resolved_at: string | null;
  linked: { kind: 'config_change' | 'prompt_version'; value: string; at: string }[];
  also_in: string[];
  /** For new patterns: which one. */
  pattern_id?: string;
  template?: string;
  category?: string;
  /** For agents: the breaker's reasons. */
  reasons?: string[];
}

/** Names of what the `since` times were, for the alert's links. */
export interface NewSinceNamed extends NewSince {
  config_change?: string | null;
  prompt_version?: string | null;
}

const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
const runTime = (r: RunRecord): number | null => {
  const t = Date.parse(r.started_at ?? r.ended_at ?? '');
  return Number.isFinite(t) ? t : null;
};
const rate = (s: number, n: number): AlertEstimate => ({ value: n ? s / n : null, ci95: wilsonInterval(s, n), n });

/**
 * One alert per pattern marked `new`: the share of runs it affects since the pivot (the later of
 * the last config change and the current prompt version's start) against 0 before it, with the
 * posterior probability that the share went up; `ongoing` while the pattern was seen in the last
 * `recentDays` (default 7) before the latest run.
 */
export function newErrorPatternAlerts(runs: readonly RunRecord[], patterns: readonly ErrorPattern[], since: NewSinceNamed, recentDays = 7): SectionAlert[] {
  const cfg = Date.parse(since.config_change_at ?? '');
  const pv = Date.parse(since.prompt_version_at ?? '');
  const candidates = [
    ...(Number.isFinite(cfg) ? [{ kind: 'config_change' as const, at: cfg, value: since.config_change ?? '' }] : []),
    ...(Number.isFinite(pv) ? [{ kind: 'prompt_version' as const, at: pv, value: since.prompt_version ?? '' }] : []),
  ].sort((a, b) => b.at - a.at);
  const pivot = candidates[0];
  if (!pivot) return [];
  const times = runs.map(runTime).filter((t): t is number => t !== null);
  const nBefore = times.filter((t) => t < pivot.at).length;
  const nAfter = times.length - nBefore;
  const latest = times.length ? Math.max(...times) : pivot.at;
  return patterns
    .filter((p) => p.new && p.first_seen && p.last_seen)
    .map((p): SectionAlert => {
      const k = Math.min(p.runs, nAfter);
      const certainty = probDiffBelow({ a: 1, b: 1 + nBefore }, { a: 1 + k, b: 1 + nAfter - k }, 0);
      const share = nAfter ? k / nAfter : 0;
      const sure = certainty >= 0.95;
      const ongoing = Date.parse(p.last_seen!) >= latest - recentDays * DAY_MS;
      return {
        kind: 'new_error_pattern', metric: 'error_pattern', series: 'project',
        change_at: p.first_seen!, change_interval: [iso(pivot.at), p.first_seen!], detected_at: p.first_seen!,
        before: rate(0, nBefore), after: rate(k, nAfter), relative_change: null, certainty,
        severity: sure && share >= 0.2 ? 'critical' : sure && share >= 0.05 ? 'warning' : 'info',
        method: `template mining (Brain-style), new since the ${pivot.kind === 'config_change' ? 'last config change' : 'current prompt version'}`,
        status: ongoing ? 'ongoing' : 'resolved', resolved_at: ongoing ? null : p.last_seen,
        linked: [{ kind: pivot.kind, value: pivot.value, at: iso(pivot.at) }], also_in: [],
        pattern_id: p.id, template: p.template, category: p.category,
      };
    });
}

/** Posterior P(share of recent steps slower than the baseline p95 > 5 %), Beta(1 + k, 1 + n − k). */
function slowCertainty(h: AgentHealth): number {
  const k = h.recent_over_baseline_p95 ?? 0;
  const n = h.recent_timed;
  return 1 - betaCdf(0.05, 1 + k, 1 + n - k);
}

/**
 * One alert per agent whose breaker is not closed: open → critical, half-open → warning. The
 * metric is the success rate (recent window against the 30-day baseline before it, certainty =
 * posterior P(recent rate < the 0.7 health threshold)), or the p95 duration when slowness is the
 * only reason (certainty = posterior P(more than 5 % of recent steps are slower than the
 * baseline p95) — what a p95 that held would allow).
 */
export function agentUnhealthyAlerts(health: readonly AgentHealth[], minSuccessRate = AGENT_HEALTH_DEFAULTS.minSuccessRate): SectionAlert[] {
  return health
    .filter((h) => h.state !== 'closed' && h.window_from !== null && h.window_to !== null)
    .map((h): SectionAlert => {
      const slowOnly = h.reasons.length > 0 && h.reasons.every((r) => r.startsWith('slow'));
      const r = h.recent_outcomes;
      const b = h.baseline_outcomes;
      const before: AlertEstimate = slowOnly ? { value: h.baseline_p95_s, ci95: null, n: b.n } : rate(b.successes, b.n);
      const after: AlertEstimate = slowOnly ? { value: h.recent_p95_s, ci95: null, n: h.recent_steps } : rate(r.successes, r.n);
      return {
        kind: 'agent_unhealthy', metric: slowOnly ? 'duration_p95' : 'success_rate', series: `agent=${h.agent}`,
        change_at: iso(h.window_from!), change_interval: [iso(h.window_from!), iso(h.window_to!)], detected_at: iso(h.window_to!),
        before, after,
        relative_change: before.value && after.value !== null ? (after.value - before.value) / before.value : null,
        certainty: slowOnly ? slowCertainty(h) : betaCdf(minSuccessRate, 1 + r.successes, 1 + r.n - r.successes),
        severity: h.state === 'open' ? 'critical' : 'warning',
        method: 'circuit breaker over the agent\'s steps',
        status: 'ongoing', resolved_at: null, linked: [], also_in: [], reasons: h.reasons,
      };
    });
}
