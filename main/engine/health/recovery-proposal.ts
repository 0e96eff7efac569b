/**
 * Auto-recovery (seed 004 `trigger_recovery`): when a degradation follows a change of prompt
 * version / strategy / model / mode / recipe that is still in use, propose reverting that field
 * to the best value used before the change. An episode whose bad value is no longer used and
 * whose metric came back is marked resolved instead, with no revert proposed.
 */
import { RUN_FIELDS, type RunField } from './alerts';
import { estimateOf } from './estimates';
import { type HealthMetric, HEALTH_METRICS, METRIC_SPECS, type SeriesFamily, runValue } from './series';
import type { Estimate, HealthAlert, HealthRun, RecoveryProposal } from './types';

export const RECOVERY = {
  /** The bad value counts as still in use when it ran in ≥ half of the latest RECENT_RUNS. */
  RECENT_RUNS: 20,
  /** A revert target, and the stretch after a rollback, need this many runs. */
  MIN_RUNS: 10,
} as const;

/** Precedence when several causes are linked: the most specific config first. */
const FIELD_ORDER: readonly RunField[] = ['prompt_version', 'prompt_strategy', 'model', 'mode', 'recipe'];

interface MetricView { family: SeriesFamily; bad: 'up' | 'down'; value: (r: HealthRun) => number | null }

function metricView(metric: string): MetricView | null {
  if ((HEALTH_METRICS as readonly string[]).includes(metric)) {
    const m = metric as HealthMetric;
    const spec = METRIC_SPECS[m];
    return { family: spec.family, bad: spec.bad, value: (r) => runValue(r, m) };
  }
  if (metric === 'rating') return { family: 'lognormal', bad: 'down', value: (r) => r.rating };
  return null;
}

function estimateOver(view: MetricView, runs: readonly HealthRun[]): Estimate {
  const v: number[] = [];
  for (const r of runs) {
    const x = view.value(r);
    if (x != null && Number.isFinite(x)) v.push(x);
  }
  return estimateOf(view.family, v, 0, v.length);
}

/** Has `level` come at least half-way back from the alert's after towards its before? */
function recovered(alert: HealthAlert, level: number | null): boolean {
  const b = alert.before.value;
  const a = alert.after.value;
  if (b == null || a == null || level == null) return false;
  return Math.abs(level - b) <= Math.abs(a - b) / 2;
}

export interface RecoveryResult {
  /** The alerts, with episodes already rolled back marked resolved. */
  alerts: HealthAlert[];
  proposals: RecoveryProposal[];
}

/** Proposals for the ongoing degradations caused by a field change; runs in time order. */
export function recoveryProposals(alerts: readonly HealthAlert[], runs: readonly HealthRun[]): RecoveryResult {
  const outAlerts = alerts.map((a) => ({ ...a }));
  const proposals: RecoveryProposal[] = [];
  const recent = runs.slice(-RECOVERY.RECENT_RUNS);
  outAlerts.forEach((alert, index) => {
    if (alert.kind !== 'degradation') return;
    const view = metricView(alert.metric);
    if (!view) return;
    const cause = FIELD_ORDER.map((f) => alert.linked.find((l) => l.kind === f)).find((l) => l != null);
    if (!cause) return;
    const field = cause.kind as RunField;
    if (!RUN_FIELDS.includes(field)) return;
    const from = cause.value;
    const inUse = recent.filter((r) => r[field] === from).length;
    if (inUse * 2 < recent.length) {
      // Rolled back already: resolved when the runs since its last use are back near before.
      let last = -1;
      for (let i = runs.length - 1; i >= 0; i--) if (runs[i][field] === from) { last = i; break; }
      const since = runs.slice(last + 1);
      if (since.length >= RECOVERY.MIN_RUNS && recovered(alert, estimateOver(view, since).value)) {
        alert.status = 'resolved';
        alert.resolved_at ??= new Date(since[0].started_ms).toISOString();
      }
      return;
    }
    if (alert.status === 'resolved') return;
    const changeAt = Date.parse(alert.change_at);
    const prior = new Map<string, HealthRun[]>();
    for (const r of runs) {
      const v = r[field];
      if (r.started_ms >= changeAt || v == null || v === from) continue;
      const list = prior.get(v) ?? [];
      list.push(r);
      prior.set(v, list);
    }
    let best: { value: string; est: Estimate } | null = null;
    for (const [value, list] of prior) {
      const est = estimateOver(view, list);
      if (list.length < RECOVERY.MIN_RUNS || est.value == null) continue;
      const better = best == null || (view.bad === 'down' ? est.value > best.est.value! : est.value < best.est.value!)
        || (est.value === best.est.value && est.n > best.est.n);
      if (better) best = { value, est };
    }
    if (!best) return;
    proposals.push({
      field, from, to: best.value, alert_index: index, alert_indices: [index],
      evidence: {
        metric: alert.metric, change_at: alert.change_at, before: alert.before, after: alert.after,
        with_from: estimateOver(view, runs.filter((r) => r[field] === from)),
        with_to: best.est,
        runs_with_from_recent: inUse, recent_runs: recent.length,
      },
    });
  });
  return { alerts: outAlerts, proposals };
}
