/**
 * The dashboard's time series (pure): the range as whole UTC days ending at the latest run,
 * day totals folded into days or ISO weeks, the range's totals, and per-factor rows, each with
 * the QA pass rate's Wilson interval.
 */
import type { BreakdownRow, TrendBucket, TrendPoint, TrendRange, TrendStats } from '../../shared/trends';
import { weekStart } from './aggregates';
import { wilsonInterval } from './stats/wilson';

const DAY_MS = 86_400_000;
const RANGE_DAYS: Record<'7d' | '30d' | '90d', number> = { '7d': 7, '30d': 30, '90d': 90 };

/** Sums of a group of runs (what the store's range queries return). */
export interface Totals {
  runs: number;
  cost_n: number;
  total_cost: number;
  qa_n: number;
  passes: number;
}

export interface ResolvedRange {
  /** [fromMs, toMs): from the first day's 00:00 UTC to the day after the last. */
  fromMs: number;
  toMs: number;
  from: string;
  to: string;
}

const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

function parseDay(text: string, what: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) throw new Error(`${what} must be a date YYYY-MM-DD, got ${JSON.stringify(text)}`);
  return Date.parse(`${text}T00:00:00Z`) / DAY_MS;
}

/**
 * The range's days. `7d` = the latest run's UTC day and the 6 before; `all` = first to latest
 * run; `custom` = from..to inclusive (both required, from ≤ to). Null without dated runs.
 */
export function resolveRange(range: TrendRange, latestMs: number | null, earliestMs: number | null, custom?: { from?: string; to?: string }): ResolvedRange | null {
  if (range === 'custom') {
    if (!custom?.from || !custom?.to) throw new Error('a custom range needs both from and to (YYYY-MM-DD)');
    const a = parseDay(custom.from, 'from');
    const b = parseDay(custom.to, 'to');
    if (a > b) throw new Error(`from (${custom.from}) is after to (${custom.to})`);
    return { fromMs: a * DAY_MS, toMs: (b + 1) * DAY_MS, from: dayText(a), to: dayText(b) };
  }
  if (latestMs == null) return null;
  const last = Math.floor(latestMs / DAY_MS);
  const first = range === 'all' ? Math.floor((earliestMs ?? latestMs) / DAY_MS) : last - RANGE_DAYS[range] + 1;
  return { fromMs: first * DAY_MS, toMs: (last + 1) * DAY_MS, from: dayText(first), to: dayText(last) };
}

const zero = (): Totals => ({ runs: 0, cost_n: 0, total_cost: 0, qa_n: 0, passes: 0 });
function add(a: Totals, b: Totals): void {
  a.runs += b.runs;
  a.cost_n += b.cost_n;
  a.total_cost += b.total_cost;
  a.qa_n += b.qa_n;
  a.passes += b.passes;
}

/** Totals with their averages, pass rate and its Wilson interval. */
export function statsOf(t: Totals): TrendStats {
  return {
    ...t,
    avg_cost: t.cost_n > 0 ? t.total_cost / t.cost_n : null,
    qa_pass_rate: t.qa_n > 0 ? t.passes / t.qa_n : null,
    qa_pass_rate_ci: wilsonInterval(t.passes, t.qa_n),
  };
}

/** Day totals (keyed by UTC day number) as day or ISO-week points; periods without runs are left out. */
export function trendPoints(days: ReadonlyArray<Totals & { key: number }>, bucket: TrendBucket): TrendPoint[] {
  const by = new Map<string, Totals>();
  for (const d of days) {
    const start = bucket === 'day' ? dayText(d.key) : weekStart(d.key * DAY_MS);
    let t = by.get(start);
    if (!t) by.set(start, (t = zero()));
    add(t, d);
  }
  return [...by].sort(([a], [b]) => (a < b ? -1 : 1)).filter(([, t]) => t.runs > 0).map(([start, t]) => ({ start, ...statsOf(t) }));
}

/** The sum of day totals. */
export function totalsOf(days: readonly Totals[]): TrendStats {
  const t = zero();
  for (const d of days) add(t, d);
  return statsOf(t);
}

/** Factor rows, most runs first. */
export function breakdownRows(rows: ReadonlyArray<Totals & { key: string | number | null }>): BreakdownRow[] {
  return rows.map((r) => ({ value: r.key == null ? null : String(r.key), ...statsOf(r) })).sort((a, b) => b.runs - a.runs || ((a.value ?? '') < (b.value ?? '') ? -1 : 1));
}
