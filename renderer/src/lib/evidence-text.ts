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
  // Cards from the experiments engine (issue 10) say what their numbers are; older ledger cards keep the old words.
  if (/^(cheaper|better quality):/.test(ev.rule)) return experimentRows(ev);
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

function experimentRows(ev: Evidence): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  const quality = ev.rule.startsWith('better quality');
  const margin = typeof ev.values?.qa_margin === 'number' ? ev.values.qa_margin : 0.05;
  if (ev.p_value != null) {
    rows.push({
      label: 'p-value (fixed-n)',
      value: formatPValue(ev.p_value),
      meaning: quality
        ? 'Fisher exact test on the pass rates, valid for one look only: shown for comparison, it does not decide.'
        : 'Welch test on dollars per run, valid for one look only: shown for comparison, it does not decide.',
    });
  }
  if (ev.p_value_adjusted != null) {
    rows.push({
      label: 'Always-valid p-value',
      value: formatPValue(ev.p_value_adjusted),
      meaning: `What decides: valid however often the data are re-checked (confidence sequence), on the ${String(ev.values?.decision_basis ?? 'raw')} comparison${
        (ev.arms_compared ?? 1) > 1 ? `, Holm-corrected because ${ev.arms_compared} alternatives were compared` : ''}.`,
    });
  }
  if (ev.cost_ratio) {
    const r = ev.cost_ratio;
    rows.push({
      label: 'Dollar cost ratio',
      value: `${formatRatio(r.estimate)} (${formatRatio(r.ci_low)}–${formatRatio(r.ci_high)})`,
      meaning: 'Mean dollars per run of the recommended value divided by the current one ($0 runs included), with its always-valid 95% interval; below ×1.00 means cheaper.',
    });
  }
  if (ev.qa_diff) {
    const d = ev.qa_diff;
    rows.push({
      label: 'QA pass-rate difference',
      value: `${formatPctPoints(d.estimate)} (${formatPctPoints(Math.max(-1, d.ci_low))} to ${formatPctPoints(Math.min(1, d.ci_high))})`,
      meaning: 'Recommended minus current pass rate with its always-valid 95% interval.',
    });
  }
  if (ev.p_qa_worse != null) {
    rows.push({
      label: `P(quality drops > ${Math.round(margin * 100)} pts)`,
      value: formatProbability(ev.p_qa_worse),
      meaning: 'Given the data (Beta posteriors, or the paired/stratified difference), the chance the pass rate is worse by more than the margin: it sets the QA confidence.',
    });
  }
  if (ev.values) {
    const shown = new Set(['p_qa_worse', 'qa_margin', 'p_always_valid_cost', 'p_fixed_n_cost', 'p_always_valid_pass_rate']);
    for (const [k, v] of Object.entries(ev.values)) {
      if (shown.has(k)) continue;
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
  decision_basis: 'Compared on',
  paired_tasks: 'Tasks both ran',
  p_qa_worse_twice_margin: 'P(quality drops > 2 × margin)',
  pass_rate_gain: 'Pass-rate gain',
  cost_per_pass_current: 'Cost per passed run, current',
  cost_per_pass_recommended: 'Cost per passed run, recommended',
  price_per_extra_pass_usd: 'Price per extra passed run',
  extra_cost_per_run_usd: 'Extra cost per run',
  km_limit_95: 'Kaplan–Meier 95% limit',
  km_share_at_target: 'Finished within the new limit (KM)',
  km_lower_bound_at_target: 'Its 95% lower bound',
  km_effective_n: 'Effective runs behind it',
  runs_judged_by_seed_rule: 'Runs judged by the seed rule',
  share_of_past_runs_cut: 'Past runs the limit would cut',
  p_next_run_exceeds_proposed: 'P(next run exceeds it)',
};

/** What kind of quantity an evidence value is, from the naming conventions of its key. */
export type ValueKind = 'count' | 'money' | 'share' | 'p_value' | 'probability' | 'statistic';

export function valueKind(key: string): ValueKind {
  if (/p_value/.test(key)) return 'p_value';
  if (/^p_/.test(key)) return 'probability';
  if (/^runs_|_runs$|(^|_)(n|count)$|_rounds$|^rounds_|_step$/.test(key)) return 'count';
  if (/^km_(share|lower_bound)/.test(key)) return 'share';
  if (/(rate|share|pct)$|^saving$|_gain$|^share_/.test(key)) return 'share';
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
