/**
 * What the learning report says, independent of its format: the markdown and HTML renderers
 * both draw this. Plain text only (the renderers escape it). Seed 002 §8.3: an executive summary
 * of 3 bullets, key findings, suggested next actions, metric trends.
 */
import type { LearningResult } from './learn';

export interface ReportTable {
  head: string[];
  rows: string[][];
}

export interface ReportFinding {
  title: string;
  lines: string[];
  table?: ReportTable;
}

export interface ReportAction {
  title: string;
  /** suggestion_id, type, agent, confidence, effort / risk. */
  meta: string;
  change: string;
  impact: string;
  evidence: string;
  confidence_basis: string;
}

export interface ProjectReport {
  project: string;
  summary: [string, string, string];
  findings: ReportFinding[];
  actions: ReportAction[];
  trends: ReportTable;
  /** One text sparkline per weekly metric, for formats without graphics. */
  sparklines: { label: string; line: string; first: string; last: string }[];
}

const BARS = '▁▂▃▄▅▆▇█';

/** Unicode sparkline of a series scaled to its own min–max; gaps (null) as spaces. */
export function sparkline(values: readonly (number | null)[]): string {
  const xs = values.filter((v): v is number => v != null);
  if (xs.length === 0) return '';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return values.map((v) => (v == null ? ' ' : BARS[hi > lo ? Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1)) : 3])).join('');
}

export const pct = (x: number | null | undefined, digits = 0): string => (x == null ? '–' : `${(x * 100).toFixed(digits)} %`);
export const ci = (c: [number, number] | null | undefined): string => (c ? `${pct(c[0])}–${pct(c[1])}` : '–');
const num = (x: number | null | undefined, digits = 0): string => (x == null ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const signed = (x: number | null | undefined): string => (x == null ? '–' : `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(0)} %`);

/** Handoff rows shown at each end of the ranking. */
const HANDOFF_ROWS = 5;
function shortList<T>(xs: readonly T[]): readonly T[] {
  return xs.length > 2 * HANDOFF_ROWS ? [...xs.slice(0, HANDOFF_ROWS), ...xs.slice(-HANDOFF_ROWS)] : xs;
}

/** How many suggestions the report lists as next actions. */
export const MAX_ACTIONS = 5;

/** The report content for one project's learning result. */
export function projectReport(r: LearningResult): ProjectReport {
  const o = r.overview;
  const top = r.suggestions[0];
  const p = r.prediction;
  const summary: [string, string, string] = [
    `${o.runs} runs: QA pass rate ${pct(o.qa_pass_rate.rate, 1)} (95 % CI ${ci(o.qa_pass_rate.ci95)}), gate failure rate ${pct(o.gate_failure_rate.rate, 1)} over ${o.gate_failure_rate.n} checks, human override rate ${pct(o.override_rate.rate, 1)} over ${o.override_rate.n} decisions.`,
    top
      ? `Top finding: ${top.evidence.summary}. Suggested: ${top.suggestion_type.replace(/_/g, ' ')} (${top.expected_impact.text}). ${r.suggestions.length} suggestion${r.suggestions.length === 1 ? '' : 's'} in all.`
      : 'No feedback loop triggered: no gate root cause seen 3+ times, no decision type overridden ≥ 50 %, no quality drop, no token regression.',
    p.method === 'none'
      ? `Success prediction: not fitted (${p.reason}).`
      : `Success prediction on the latest ${p.holdout_n} runs: Brier ${num(p.brier, 4)} vs ${num(p.baseline_brier, 4)} for the training pass rate; predictions use ${p.method === 'shrinkage' ? 'the shrinkage model' : 'the pass rate (the model did not beat it)'}.`,
  ];
  return { project: r.project_id ?? 'all projects', summary, findings: findings(r), actions: actions(r), trends: trendTable(r), sparklines: sparklines(r) };
}

function findings(r: LearningResult): ReportFinding[] {
  const out: ReportFinding[] = [];
  if (r.gate_root_causes.length) {
    out.push({
      title: 'Gate-failure root causes',
      lines: r.gate_root_causes.map((g) => `${g.gate_id} fails ${g.failures} of ${g.checks} checks (${pct(g.failure_rate, 1)}, 95 % CI ${ci(g.failure_ci95)}).`),
      table: {
        head: ['gate', 'root cause (template)', 'count', 'share of failures'],
        rows: r.gate_root_causes.flatMap((g) => g.reasons.map((x) => [g.gate_id, x.template, String(x.count), pct(x.share)])),
      },
    });
  }
  if (r.handoffs.length) {
    out.push({
      title: 'Agent handoffs (smoothest first)',
      lines: r.handoffs.length > 2 * HANDOFF_ROWS ? [`${r.handoffs.length} handoffs: the ${HANDOFF_ROWS} smoothest and the ${HANDOFF_ROWS} roughest.`] : [],
      table: {
        head: ['rank', 'handoff', 'n', 'pass after', '95 % CI', 'basis', 'avg retries'],
        rows: shortList(r.handoffs).map((h) => [String(h.rank), `${h.from} → ${h.to}`, String(h.n), pct(h.pass_rate), ci(h.pass_ci95),
          h.basis === 'gates' ? `gates (${h.gate_checks} checks)` : 'step success', num(h.avg_retries, 2)]),
      },
    });
  }
  const flaggedOv = r.overrides.filter((x) => x.flagged);
  if (r.overrides.length) {
    out.push({
      title: 'Human overrides',
      lines: flaggedOv.length
        ? flaggedOv.map((x) => `${x.agent}'s "${x.decision_type}" decisions are overridden ${x.overrides} of ${x.n} times (${pct(x.override_rate)}, 95 % CI ${ci(x.override_ci95)}).`)
        : ['No decision type × agent is overridden more than half the time with 10 or more decisions.'],
      table: {
        head: ['decision type', 'agent', 'n', 'override rate', '95 % CI', 'flagged'],
        rows: r.overrides.map((x) => [x.decision_type, x.agent, String(x.n), pct(x.override_rate), ci(x.override_ci95), x.flagged ? 'yes' : '']),
      },
    });
  }
  if (r.token_efficiency.length) {
    out.push({
      title: 'Token efficiency per prompt version',
      lines: r.token_efficiency.filter((t) => t.flagged).map((t) => `${t.prompt_version} spends ${signed(t.flagged_against === 'previous' ? t.vs_previous : t.vs_best)} tokens per pass vs ${t.flagged_against === 'previous' ? t.previous_version : t.best_version} with no better pass rate (Fisher p = ${num(t.quality_p, 3)}).`),
      table: {
        head: ['version', 'runs', 'passes', 'tokens / pass', '95 % CI', 'vs previous', '95 % CI', 'vs best', 'flagged'],
        rows: r.token_efficiency.map((t) => [
          t.prompt_version, String(t.runs), String(t.passes), num(t.tokens_per_success),
          t.tokens_per_success_ci95 ? `${num(t.tokens_per_success_ci95[0])}–${num(t.tokens_per_success_ci95[1])}` : '–',
          signed(t.vs_previous), t.vs_previous_ci95 ? `${signed(t.vs_previous_ci95[0])} to ${signed(t.vs_previous_ci95[1])}` : '–',
          signed(t.vs_best), t.flagged ? 'yes' : '']),
      },
    });
  }
  const versions = r.labels.prompt_versions;
  if (versions.length) {
    out.push({
      title: 'Prompt effectiveness',
      lines: [],
      table: {
        head: ['version', 'label', 'success', '95 % CI', 'avg retries', 'why'],
        rows: versions.map((v) => [v.prompt_version, v.label ?? '(not labelled)', pct(v.success.rate, 1), ci(v.success.ci95), num(v.avg_retries, 2), v.reason]),
      },
    });
  }
  if (r.calibration.length) {
    out.push({
      title: 'Confidence calibration',
      lines: r.calibration.filter((c) => c.flag).map((c) => `${c.agent} (${c.source}s) is ${c.flag}: states ${pct(c.mean_stated)} on average, right ${pct(c.actual)} of the time (95 % CI ${ci(c.actual_ci95)}).`),
      table: {
        head: ['agent', 'source', 'n', 'stated', 'actual', 'ECE', 'Brier', 'flag'],
        rows: r.calibration.map((c) => [c.agent, c.source, String(c.n), pct(c.mean_stated), pct(c.actual), num(c.ece, 3), num(c.brier, 3), c.flag ?? '']),
      },
    });
  }
  if (r.recipes.rows.length) {
    out.push({
      title: 'Recipes',
      lines: r.recipes.warnings,
      table: {
        head: ['recipe', 'domain', 'runs', 'success', '95 % CI', 'median time (s)', 'mean cost ($)', 'mean quality'],
        rows: r.recipes.rows.map((x) => [x.recipe, x.domain ?? '', String(x.runs), pct(x.success.rate), ci(x.success.ci95), num(x.median_duration_s), num(x.mean_cost_usd, 2), num(x.mean_quality, 1)]),
      },
    });
  }
  const q = r.quality_trend;
  if (q) {
    const fmt = (v: number | null) => (q.metric === 'qa_pass_rate' ? pct(v, 1) : num(v, 1));
    out.push({
      title: 'Quality vs the previous period',
      lines: [`${q.metric}: ${fmt(q.previous.value)} (${q.previous.metric_n} runs) → ${fmt(q.current.value)} (${q.current.metric_n} runs), ${q.relative_drop > 0 ? `a ${pct(q.relative_drop)} drop` : 'no drop'}; P(lower) = ${num(q.prob_lower, 3)}.${q.changed.length ? ` Changed: ${q.changed.join(', ')}.` : ''}`],
    });
  }
  return out;
}

function actions(r: LearningResult): ReportAction[] {
  return r.suggestions.slice(0, MAX_ACTIONS).map((s) => ({
    title: `${s.suggestion_type.replace(/_/g, ' ')}: ${s.subject}`,
    meta: `${s.suggestion_id} · agent ${s.agent_role ?? '–'} · confidence ${s.confidence.toFixed(2)} · effort ${s.effort} · risk ${s.risk}`,
    change: s.proposed_change.text,
    impact: `Ceiling: ${s.expected_impact.text}.`,
    evidence: s.evidence.summary,
    confidence_basis: s.confidence_basis,
  }));
}

function sparklines(r: LearningResult): ProjectReport['sparklines'] {
  const series: [string, (w: LearningResult['trends'][number]) => number | null, (v: number | null) => string][] = [
    ['QA pass rate', (w) => w.qa_pass_rate, (v) => pct(v)],
    ['gate failure rate', (w) => w.gate_failure_rate, (v) => pct(v)],
    ['avg retries', (w) => w.avg_retries, (v) => num(v, 2)],
    ['override rate', (w) => w.override_rate, (v) => pct(v)],
    ['tokens per pass', (w) => w.tokens_per_success, (v) => num(v)],
  ];
  return series.flatMap(([label, get, fmt]) => {
    const values = r.trends.map(get);
    const known = values.filter((v) => v != null);
    return known.length < 2 ? [] : [{ label, line: sparkline(values), first: fmt(known[0]), last: fmt(known[known.length - 1]) }];
  });
}

function trendTable(r: LearningResult): ReportTable {
  return {
    head: ['week', 'runs', 'QA pass', 'agent success', 'gate failures', 'avg retries', 'overrides', 'tokens / pass'],
    rows: r.trends.map((w) => [w.week_start, String(w.runs), pct(w.qa_pass_rate), pct(w.agent_success_rate), pct(w.gate_failure_rate), num(w.avg_retries, 2), pct(w.override_rate), num(w.tokens_per_success)]),
  };
}
