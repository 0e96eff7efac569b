/**
 * Plain-language sentences for the statistics behind a recommendation. Engineers check numbers,
 * but not everyone remembers what a Holm-adjusted p-value is; each row says it in one sentence.
 */
import type { Evidence } from '../../../shared/domain';
import { formatPct, formatPctPoints, formatProbability, formatPValue, formatRatio, formatCount } from './format';

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
      meaning: `The same, corrected (Holm) because ${ev.arms_compared ?? 'several'} alternatives were compared: testing many raises the odds that one looks better by luck.`,
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
      rows.push({ label: humanize(k), value: v == null ? '–' : typeof v === 'number' ? fmtNumber(k, v) : v, meaning: '' });
    }
  }
  return rows;
}

function fmtNumber(key: string, v: number): string {
  if (/rate|share|pct/.test(key) && v >= 0 && v <= 1) return formatPct(v, 1);
  if (/cost|usd/.test(key)) return `$${v.toFixed(v < 1 ? 4 : 2)}`;
  return Number.isInteger(v) ? formatCount(v) : v.toFixed(3);
}

/** "hit_max_rounds_rate" → "Hit max rounds rate". */
export function humanize(key: string): string {
  const s = key.replace(/[_.]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
