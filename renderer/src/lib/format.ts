/**
 * Number and date formatting for the whole UI. Pure functions (no clock inside: `now` is passed
 * in) so every figure an engineer reads is tested. Missing values render as an en dash.
 */

export const DASH = '–';

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345 → "12,345". */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return DASH;
  return intFmt.format(n);
}

/** 1234 → "1.2k", 2_500_000 → "2.5M": for tight spaces only. */
export function formatCompact(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return DASH;
  const abs = Math.abs(n);
  if (abs < 1000) return intFmt.format(n);
  if (abs < 1_000_000) return `${trimZero((n / 1000).toFixed(abs < 10_000 ? 1 : 0))}k`;
  return `${trimZero((n / 1_000_000).toFixed(1))}M`;
}

function trimZero(s: string): string {
  return s.replace(/\.0$/, '');
}

/**
 * Dollars with precision that fits the magnitude: agent runs often cost fractions of a cent, so
 * "$0.00" would hide real differences. 0.0042 → "$0.0042", 0.42 → "$0.42", 1234.5 → "$1,234.50".
 */
export function formatUsd(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return DASH;
  const abs = Math.abs(v);
  const sign = v < 0 ? '−' : '';
  let body: string;
  if (abs === 0) body = '0.00';
  else if (abs < 0.01) body = abs.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '');
  else if (abs < 1000) body = abs.toFixed(2);
  else body = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(abs);
  if (abs > 0 && abs < 0.01 && body.includes('e')) body = abs.toFixed(6).replace(/0+$/, '');
  return `${sign}$${body}`;
}

/** A signed dollar change: −0.42 → "−$0.42", 0.1 → "+$0.10". */
export function formatUsdDelta(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return DASH;
  if (v === 0) return '$0.00';
  return v > 0 ? `+${formatUsd(v)}` : formatUsd(v);
}

/** "$0.12 – $3.40": the range of a cost. */
export function formatUsdRange(min: number | null | undefined, max: number | null | undefined): string {
  if (min == null || max == null) return DASH;
  return `${formatUsd(min)} – ${formatUsd(max)}`;
}

/** A proportion in [0, 1] as a percentage: 0.7234 → "72%", with `digits` decimals if asked. */
export function formatPct(rate: number | null | undefined, digits = 0): string {
  if (rate == null || !Number.isFinite(rate)) return DASH;
  const v = rate * 100;
  // Never show "100%" for 99.6 % or "0%" for 0.4 %: those claim certainty the data does not have.
  let s = v.toFixed(digits);
  if (digits === 0 && v > 99 && v < 100) s = '>99';
  else if (digits === 0 && v > 0 && v < 1) s = '<1';
  return `${s}%`;
}

/** A difference of proportions in points: 0.052 → "+5.2 pts". */
export function formatPctPoints(diff: number | null | undefined): string {
  if (diff == null || !Number.isFinite(diff)) return DASH;
  const v = diff * 100;
  const s = Math.abs(v).toFixed(1);
  if (s === '0.0') return '0.0 pts';
  return `${v > 0 ? '+' : '−'}${s} pts`;
}

/**
 * "65–78%": an interval of proportions. Narrow intervals (large n) get one decimal, so a
 * 80.1–80.6 % interval does not collapse to a meaningless "80–80%".
 */
export function formatPctInterval(ci: readonly [number, number] | null | undefined): string {
  if (!ci) return DASH;
  const lo = Math.max(0, ci[0]) * 100;
  const hi = Math.min(1, ci[1]) * 100;
  const digits = hi - lo < 2 ? 1 : 0;
  return `${lo.toFixed(digits)}–${hi.toFixed(digits)}%`;
}

/** "72% (65–78%, 95% Wilson interval, n=143)": how every rate explains itself. */
export function formatRateWithCi(rate: number | null | undefined, ci: readonly [number, number] | null | undefined, n: number | null | undefined): string {
  if (rate == null) return n ? `${DASH} (no QA outcome in ${formatCount(n)} runs)` : `${DASH} (no runs)`;
  const parts = [formatPct(rate)];
  const inner: string[] = [];
  if (ci) inner.push(formatPctInterval(ci), '95% Wilson interval');
  if (n != null) inner.push(`n=${formatCount(n)}`);
  return inner.length ? `${parts[0]} (${inner.join(', ')})` : parts[0];
}

/** Seconds as a human duration: 42 → "42s", 200 → "3m 20s", 3900 → "1h 05m". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return DASH;
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return `${seconds < 10 ? trimZero(seconds.toFixed(1)) : Math.round(seconds)}s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s).padStart(2, '0')}s`;
}

/** A rounded number with a fixed number of decimals, e.g. average rounds: 2.346 → "2.3". */
export function formatDecimal(v: number | null | undefined, digits = 1): string {
  if (v == null || !Number.isFinite(v)) return DASH;
  return v.toFixed(digits);
}

/** A p-value as statisticians write it: "p = 0.032", "p < 0.001". */
export function formatPValue(p: number | null | undefined): string {
  if (p == null || !Number.isFinite(p)) return DASH;
  if (p < 0.001) return 'p < 0.001';
  if (p > 0.999) return 'p > 0.999';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** A probability as a percentage with one decimal under 10 %: 0.034 → "3.4%". */
export function formatProbability(p: number | null | undefined): string {
  if (p == null || !Number.isFinite(p)) return DASH;
  const v = p * 100;
  if (v > 0 && v < 0.1) return '<0.1%';
  if (v < 10) return `${v.toFixed(1)}%`;
  return formatPct(p);
}

/** A ratio as "×0.82". */
export function formatRatio(r: number | null | undefined): string {
  if (r == null || !Number.isFinite(r)) return DASH;
  return `×${r.toFixed(2)}`;
}

/** "2025-03-07 14:02" in the user's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A week start "2025-03-03" as a short axis label "Mar 3" (dates are UTC days, no shift). */
export function formatWeek(day: string | null | undefined): string {
  if (!day) return DASH;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  return `${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}`;
}

/** "Week of Mar 3, 2025": the long form for tooltips. */
export function formatWeekLong(day: string | null | undefined): string {
  if (!day) return DASH;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  return `Week of ${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then a date. */
export function formatRelative(iso: string | null | undefined, now: number): string {
  if (!iso) return DASH;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 0) return formatDateTime(iso);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  if (s < 30 * 86_400) return `${Math.round(s / 86_400)} d ago`;
  return formatDateTime(iso).slice(0, 10);
}

/** 1536 → "1.5 MB" (binary units, as file managers show). */
export function formatBytes(b: number | null | undefined): string {
  if (b == null || !Number.isFinite(b)) return DASH;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : trimZero(v.toFixed(1))} ${units[i]}`;
}

/** Ingest throughput: 12_345.6 → "12,346 runs/s". */
export function formatThroughput(perSecond: number | null | undefined, unit = 'runs'): string {
  if (perSecond == null || !Number.isFinite(perSecond)) return DASH;
  return `${formatCount(Math.round(perSecond))} ${unit}/s`;
}

/** The seed's warning, word for word, with real numbers. */
export function insufficientDataText(needed: number, have: number): string {
  return `⚠️ Insufficient data for recommendations. Need ${needed} runs, currently have ${have} ${have === 1 ? 'run' : 'runs'}.`;
}

/** A config value as written in the file: strings quoted only when ambiguous, null as "unset". */
export function formatConfigValue(v: unknown): string {
  if (v === null || v === undefined) return 'unset';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Where an inherited value comes from, in words. */
const INHERITED_FROM = { 'top-level': 'the top-level default' } as const;

/**
 * A config value that may be absent but inherited: "5, from the top-level default" instead of
 * "unset" when the project's own key is missing and the file's top level sets it.
 */
export function formatInheritable(v: unknown, inherited: { value: unknown; source: 'top-level' } | null | undefined): string {
  if ((v === null || v === undefined) && inherited) return `${formatConfigValue(inherited.value)}, from ${INHERITED_FROM[inherited.source]}`;
  return formatConfigValue(v);
}
