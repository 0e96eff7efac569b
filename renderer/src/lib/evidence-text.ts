/**
 * Plain-language sentences for the statistics behind a recommendation. Engineers check numbers,
 * but not everyone remembers what a Holm-adjusted p-value is; each row says it in one sentence.
 */
import type { Evidence } from '../../../shared/domain';
import { formatPct, formatPctPoints, formatProbability, formatPValue, formatRatio, formatCount, formatUsd } from './format';

export interface EvidenceRow {
  label: string;
  value: string;
  meaning: string;
}

/** The evidence's statistics as labelled rows with an explanation each. */
export function evidenceRows(ev: Evidence): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  if (ev.p_value != null) {
    rows.push({
      label: 'p-value (one-sided)',
      value: formatPValue(ev.p_value),
      meaning: `If the alternative were really no cheaper, a cost gap at least this large would show up ${formatProbability(ev.p_value)} of the time by chance (Welch t-test on log cost).`,
    });
  }
  if (ev.p_value_adjusted != null) {
    rows.push({
      label: 'Adjusted p-value',
      value: formatPValue(ev.p_value_adjusted),
      meaning:
        ev.arms_compared === 1
          ? 'The same p-value: with a single alternative the Holm correction leaves it unchanged.'
          : `The same, corrected (Holm) because ${ev.arms_compared ?? 'several'} alternatives were compared: testing many raises the odds that one looks better by luck.`,
    });
  }
  if (ev.cost_ratio) {
    const r = ev.cost_ratio;
    rows.push({
      label: 'Cost ratio',
      value: `${formatRatio(r.estimate)} (${formatRatio(r.ci_low)}–${formatRatio(r.ci_high)})`,
      meaning: `Typical (geometric-mean) cost of the alternative divided by the current one, with its 95% interval; below ×1.00 means cheaper.`,
    });
  }
  if (ev.qa_diff) {
    const d = ev.qa_diff;
    rows.push({
      label: 'QA pass-rate difference',
      value: `${formatPctPoints(d.estimate)} (${formatPctPoints(d.ci_low)} to ${formatPctPoints(d.ci_high)})`,
      meaning: 'Alternative minus current pass rate with its 95% interval; an interval that includes 0 means no clear difference in quality.',
    });
  }
  if (ev.p_qa_worse != null) {
    rows.push({
      label: 'P(quality drops > 5 pts)',
      value: formatProbability(ev.p_qa_worse),
      meaning: `Given the data (Beta posterior, uniform prior), the chance the alternative's pass rate is more than 5 points worse.${ev.qa_blocked ? ' This was too high, so the change is held back.' : ''}`,
    });
  }
  if (ev.power) {
    rows.push({
      label: 'Sample needed',
      value: `${formatCount(ev.power.runs_per_arm_needed)} runs/arm`,
      meaning:
        ev.power.more_runs_per_arm > 0
          ? `To detect this difference reliably (5% false alarms, 80% power) each option needs about ${formatCount(ev.power.more_runs_per_arm)} more runs.`
          : 'Each option already has enough runs to detect a difference of this size reliably (5% false alarms, 80% power).',
    });
  }
  if (ev.values) {
    for (const [k, v] of Object.entries(ev.values)) {
      rows.push({ label: valueLabel(k), value: v == null ? '–' : typeof v === 'number' ? formatValue(k, v) : v, meaning: '' });
    }
  }
  return rows;
}

/** Labels of evidence values whose key alone does not read as words. */
const VALUE_LABELS: Record<string, string> = {
  t: 't statistic',
  df: 'Degrees of freedom',
  saving: 'Saving',
  factor: 'Factor',
  current_arm: 'Current value',
  recommended_arm: 'Recommended value',
};

/** What kind of quantity an evidence value is, from the naming conventions of its key. */
export type ValueKind = 'count' | 'money' | 'share' | 'p_value' | 'probability' | 'statistic';

export function valueKind(key: string): ValueKind {
  if (/p_value/.test(key)) return 'p_value';
  if (/^p_/.test(key)) return 'probability';
  if (/^runs_|_runs$|(^|_)(n|count)$|_rounds$|^rounds_|_step$/.test(key)) return 'count';
  if (/(rate|share|pct)$|^saving$/.test(key)) return 'share';
  if (/(_usd|cost)$|^cost_|_cost_|_usd_/.test(key)) return 'money';
  return 'statistic';
}

function formatValue(key: string, v: number): string {
  switch (valueKind(key)) {
    case 'count':
      return Number.isInteger(v) ? formatCount(v) : v.toFixed(1);
    case 'money':
      return formatUsd(v);
    case 'share':
      return formatPct(v, 1);
    case 'p_value':
      return formatPValue(v);
    case 'probability':
      return formatProbability(v);
    default:
      return Number.isInteger(v) ? formatCount(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(2);
  }
}

/** An evidence key as words: a known label, else "hit_max_rounds_rate" → "Hit max rounds rate". */
export function valueLabel(key: string): string {
  // Money keys say their unit in the value ("$5.00"), not in the label.
  return VALUE_LABELS[key] ?? humanize(key.replace(/_usd$/, ''));
}

/** "hit_max_rounds_rate" → "Hit max rounds rate" (underscores only: dots are decimal points). */
export function humanize(key: string): string {
  const s = key.replace(/_+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
