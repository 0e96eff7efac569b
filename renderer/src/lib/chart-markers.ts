/**
 * Markers on the dashboard's time charts: the project's health alerts at their change time (the
 * project series; anomalies and narrower series are on the Health page) and config changes
 * from the ledger at their time, each placed on the chart's period (the week, or the day, that
 * contains it). Pure, so the placement is unit-tested.
 */
import type { LedgerEntry } from '../../../shared/domain';
import type { HealthAlert } from '../../../shared/health';
import { formatConfigValue } from './format';
import { metricLabel } from './health-format';

export interface ChartMarker {
  /** The period's key on the chart's x axis (its first day, YYYY-MM-DD). */
  period: string;
  at: string;
  kind: 'alert' | 'config';
  label: string;
  tone: 'bad' | 'warn' | 'muted' | 'accent';
  /** Which chart it belongs on: cost markers on the cost chart, quality on the QA chart, config on both. */
  charts: Array<'cost' | 'qa'>;
}

const COST_METRICS = new Set(['cost_per_run', 'tokens', 'duration_s', 'retries_per_run']);

/** The period (sorted starts, YYYY-MM-DD) containing `iso`: the last start ≤ its day; null outside the charted span. */
export function periodOf(starts: readonly string[], iso: string, periodDays: number): string | null {
  const day = iso.slice(0, 10);
  let found: string | null = null;
  for (const s of starts) if (s <= day) found = s;
  if (!found) return null;
  const end = new Date(Date.parse(`${found}T00:00:00Z`) + periodDays * 86_400_000).toISOString().slice(0, 10);
  return day < end ? found : null;
}

/** Alert and config-change markers for the given chart periods. Undo rows are config changes too. */
export function chartMarkers(starts: readonly string[], periodDays: number, alerts: readonly HealthAlert[], ledger: readonly LedgerEntry[]): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const a of alerts) {
    // The charts show the whole project: a model's or an agent's episode would mark a change the line may not show.
    if (a.kind === 'anomaly' || a.series !== 'project') continue;
    const period = periodOf(starts, a.change_at, periodDays);
    if (!period) continue;
    out.push({
      period,
      at: a.change_at,
      kind: 'alert',
      label: `${a.status === 'ongoing' ? 'Ongoing' : 'Resolved'} ${a.severity} alert: ${metricLabel(a.metric)}`,
      tone: a.status === 'resolved' ? 'muted' : a.severity === 'critical' ? 'bad' : 'warn',
      charts: [a.metric === 'qa_pass_rate' || a.metric === 'error_rate' || a.metric === 'rating' ? 'qa' : COST_METRICS.has(a.metric) ? 'cost' : 'qa'],
    });
  }
  for (const e of ledger) {
    const period = periodOf(starts, e.applied_at, periodDays);
    if (!period) continue;
    out.push({
      period,
      at: e.applied_at,
      kind: 'config',
      label: `${e.undo_of != null ? 'Undo: ' : ''}${e.key_path} ${formatConfigValue(e.before_value)} → ${formatConfigValue(e.after_value)}`,
      tone: 'accent',
      charts: ['cost', 'qa'],
    });
  }
  return out.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}

/** Markers of one chart, grouped by period (one line per period, its labels joined). */
export function markersByPeriod(markers: readonly ChartMarker[], chart: 'cost' | 'qa'): Array<{ period: string; markers: ChartMarker[] }> {
  const by = new Map<string, ChartMarker[]>();
  for (const m of markers) if (m.charts.includes(chart)) by.set(m.period, [...(by.get(m.period) ?? []), m]);
  return [...by].map(([period, list]) => ({ period, markers: list }));
}
