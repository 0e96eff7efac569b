/** Words and units for health: metric names, values in their unit, series, grade rule, ordering. */
import type { Estimate, HealthAlert, ProjectHealth, Severity } from '../../../shared/health';
import { formatCount, formatDuration, formatPct, formatUsd } from './format';

const METRIC_LABELS: Record<string, string> = {
  qa_pass_rate: 'QA pass rate',
  error_rate: 'Error rate',
  cost_per_run: 'Cost per run',
  cost_usd: 'Cost',
  duration_s: 'Duration',
  tokens: 'Tokens',
  steps: 'Steps',
  retries_per_run: 'Retries per run',
  rating: 'Rating',
};

/** "qa_pass_rate" → "QA pass rate"; unknown metrics as they are. */
export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric.replace(/_/g, ' ');
}

/** Whether a metric is a rate (shown in percent, its changes in points). */
export const isRate = (metric: string): boolean => metric.endsWith('_rate');

/** A value of a metric in its unit: rates in %, money in $, durations in s/min, counts as counts. */
export function formatMetric(metric: string, v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '–';
  if (isRate(metric)) return formatPct(v, 1);
  if (metric === 'cost_per_run' || metric === 'cost_usd') return formatUsd(v);
  if (metric === 'duration_s') return formatDuration(v);
  if (metric === 'tokens' || metric === 'steps') return formatCount(Math.round(v));
  return v.toFixed(2);
}

/** "88.0 % (84.1–91.2 %), n = 300". */
export function formatEstimate(metric: string, e: Estimate): string {
  const ci = e.ci95 ? ` (${formatMetric(metric, e.ci95[0])} – ${formatMetric(metric, e.ci95[1])})` : '';
  return `${formatMetric(metric, e.value)}${ci}, n = ${formatCount(e.n)}`;
}

/** Relative change as a signed percentage: −40 %, +52 %. */
export function formatRelativeChange(r: number | null): string {
  if (r == null || !Number.isFinite(r)) return '–';
  const pct = Math.round(r * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct)} %`;
}

/** "model=gpt-4o" → "model gpt-4o"; "project" → "whole project". */
export function seriesLabel(series: string): string {
  if (series === 'project') return 'whole project';
  const eq = series.indexOf('=');
  return eq < 0 ? series : `${series.slice(0, eq).replace(/_/g, ' ')} ${series.slice(eq + 1)}`;
}

const METHOD_LABELS: Record<string, string> = {
  'cusum_self_starting+bayes_change_location': 'Self-starting CUSUM, change located by its Bayesian posterior',
  'batch_segmentation+permutation_max_t': 'Batches as observations: binary segmentation, permutation test of the largest t',
  seed_rule_7d_vs_30d: 'Seed rule: last 7 days vs the 30 days before',
  robust_z_mad: 'Robust z-score (median / MAD)',
};

/** The detection method in words. */
export function methodLabel(method: string): string {
  return METHOD_LABELS[method] ?? method.replace(/_/g, ' ');
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Alerts that count as open: ongoing ones other than single anomalous runs. */
export function isOpen(a: HealthAlert): boolean {
  return a.status === 'ongoing' && a.kind !== 'anomaly';
}

/** How many open alerts a project has. */
export function openAlertCount(h: Pick<ProjectHealth, 'alerts'>): number {
  return h.alerts.filter(isOpen).length;
}

/** Alert indices in reading order: open first, then ongoing anomalies, then resolved; severity, then latest change. */
export function alertOrder(alerts: readonly HealthAlert[]): number[] {
  const group = (a: HealthAlert) => (isOpen(a) ? 0 : a.status === 'ongoing' ? 1 : 2);
  return alerts
    .map((a, i) => ({ a, i }))
    .sort((x, y) => group(x.a) - group(y.a) || SEVERITY_RANK[x.a.severity] - SEVERITY_RANK[y.a.severity] || (x.a.change_at < y.a.change_at ? 1 : x.a.change_at > y.a.change_at ? -1 : 0) || x.i - y.i)
    .map((o) => o.i);
}

/** The worst severity among open alerts, or null. */
export function worstOpenSeverity(h: Pick<ProjectHealth, 'alerts'>): Severity | null {
  let worst: Severity | null = null;
  for (const a of h.alerts) if (isOpen(a) && (worst == null || SEVERITY_RANK[a.severity] < SEVERITY_RANK[worst])) worst = a.severity;
  return worst;
}

/** The grade rule of docs/health.md, one line per grade. */
export const GRADE_RULE_TEXT: Array<[ProjectHealth['grade'], string]> = [
  ['poor', 'an ongoing critical alert'],
  ['fair', 'an ongoing warning alert, or more than 5 % of the last 7 days’ runs anomalous'],
  ['good', 'an ongoing info alert, or more than 1 % of the last 7 days’ runs anomalous'],
  ['excellent', 'none of these'],
];

export const GRADE_TONE: Record<ProjectHealth['grade'], 'good' | 'warn' | 'bad' | 'muted'> = { excellent: 'good', good: 'good', fair: 'warn', poor: 'bad' };
export const SEVERITY_TONE: Record<Severity, 'bad' | 'warn' | 'muted'> = { critical: 'bad', warning: 'warn', info: 'muted' };

const GRADE_RANK: Record<ProjectHealth['grade'], number> = { poor: 0, fair: 1, good: 2, excellent: 3 };

/** Projects strip order: open alerts first (worst severity, then most), then the worse grade, then the name; not loaded last. */
export function stripOrder(list: ReadonlyArray<{ id: string; health: Pick<ProjectHealth, 'alerts' | 'grade'> | null }>): string[] {
  const key = (h: Pick<ProjectHealth, 'alerts' | 'grade'> | null): number[] => {
    if (!h) return [4, 0, 4];
    const worst = worstOpenSeverity(h);
    return [worst ? SEVERITY_RANK[worst] : 3, -openAlertCount(h), GRADE_RANK[h.grade]];
  };
  return [...list]
    .sort((a, b) => {
      const ka = key(a.health);
      const kb = key(b.health);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
      return a.id < b.id ? -1 : 1;
    })
    .map((x) => x.id);
}
