/**
 * Auto-recovery (issue 11 §1, seed 004 `trigger_recovery`): each recovery proposal of health
 * becomes a recommendation of kind "recovery" — set the field back to the best value used before
 * the degradation — which goes through the usual preview → apply → undo → ledger path.
 *
 * Confidence (what auto-tune's threshold compares): from the alert the revert answers,
 * - high: severity critical (certainty ≥ 0.99 and a large change, engine/health/severity.ts);
 * - medium: severity warning (certainty ≥ 0.95 and a moderate change);
 * - low: anything else (info).
 * So with the default threshold (medium, safe mode on) auto-tune reverts only a warning or
 * critical degradation; an info one is only shown.
 */
import type { Confidence, ConsideredArm, Recommendation, RecommendationCategory } from '../../../shared/domain';
import type { Estimate, HealthAlert, ProjectHealth, RecoveryField, RecoveryProposal, Severity } from '../../../shared/health';
import type { TunableField } from '../../../shared/run-record';
import type { ExperimentResult } from '../experiments/types';
import { ARM_RULES, pQaWorse, pWorseBy, qaTier } from './arm-rules';
import { recommendationId, usd } from './common';

const CONFIDENCE_OF: Record<Severity, Confidence> = { critical: 'high', warning: 'medium', info: 'low' };
const CATEGORY_OF: Record<RecoveryField, RecommendationCategory> = {
  prompt_version: 'prompt_version', prompt_strategy: 'strategy', recipe: 'recipe', model: 'model', mode: 'mode',
};
const METRIC_LABEL: Record<string, string> = {
  qa_pass_rate: 'QA pass rate', error_rate: 'error rate', cost_per_run: 'cost per run', duration_s: 'duration',
  tokens: 'tokens per run', retries_per_run: 'retries per run', rating: 'rating',
};

/** The recovery confidence of an alert's severity (rule in the module comment). */
export function recoveryConfidence(alert: Pick<HealthAlert, 'severity'>): Confidence {
  return CONFIDENCE_OF[alert.severity];
}

/** A metric value in its unit: rates as percentages, cost in dollars, duration in seconds. */
export function metricValue(metric: string, v: number | null): string {
  if (v == null) return '–';
  if (metric.endsWith('_rate')) return `${(v * 100).toFixed(1)} %`;
  if (metric === 'cost_per_run') return usd(v);
  if (metric === 'duration_s') return `${v.toFixed(0)} s`;
  if (metric === 'tokens') return Math.round(v).toLocaleString('en-US');
  return v.toFixed(2);
}

const withCi = (metric: string, e: Estimate): string =>
  `${metricValue(metric, e.value)}${e.ci95 ? ` (95 % ${metricValue(metric, e.ci95[0])}–${metricValue(metric, e.ci95[1])})` : ''}, n = ${e.n}`;

function recoveryRecommendation(projectId: string, p: RecoveryProposal, alert: HealthAlert, current: string | number | null): Recommendation {
  const m = p.evidence.metric;
  const label = METRIC_LABEL[m] ?? m;
  const rel = alert.relative_change == null ? '' : ` (${alert.relative_change > 0 ? '+' : ''}${(alert.relative_change * 100).toFixed(0)} %)`;
  return {
    id: recommendationId(projectId, CATEGORY_OF[p.field], `recovery\u0000${p.field}\u0000${p.to}`),
    project_id: projectId,
    category: CATEGORY_OF[p.field],
    kind: 'recovery',
    field: p.field satisfies TunableField,
    current_value: current,
    recommended_value: p.to,
    explanation:
      `The ${label} degraded from ${metricValue(m, p.evidence.before.value)} to ${metricValue(m, p.evidence.after.value)}${rel} ` +
      `around ${p.evidence.change_at.slice(0, 10)}, when ${p.field} changed to ${p.from}; ${alert.status === 'ongoing' ? 'it is still degraded' : 'it has since recovered'}. ` +
      `Revert to ${p.to}, the best value used before the change.`,
    confidence: recoveryConfidence(alert),
    estimated_impact: `${label} back toward ${metricValue(m, p.evidence.with_to.value)} (runs with ${p.to}) from ${metricValue(m, p.evidence.with_from.value)} (runs with ${p.from})`,
    impact: null,
    evidence: {
      rule: 'health_recovery_revert',
      values: {
        metric: m,
        severity: alert.severity,
        p_worse: alert.certainty,
        change_at: p.evidence.change_at,
        method: alert.method,
        runs_with_from_recent: p.evidence.runs_with_from_recent,
        recent_runs: p.evidence.recent_runs,
      },
      notes: [
        `Before the change: ${withCi(m, p.evidence.before)}; after: ${withCi(m, p.evidence.after)}.`,
        `Window runs with ${p.from}: ${withCi(m, p.evidence.with_from)}; with ${p.to}: ${withCi(m, p.evidence.with_to)}.`,
        `Confidence from the alert's severity (${alert.severity}: critical → high, warning → medium, info → low).`,
      ],
    },
  };
}

/**
 * Recommendations of kind "recovery" from a project's health. A proposal whose value the
 * current settings already hold (reverted in the config, runs not yet in) is left out.
 */
export function recoveryRecommendations(
  projectId: string,
  health: Pick<ProjectHealth, 'alerts' | 'recovery_proposals'>,
  current: Partial<Record<TunableField, string | number>>,
): Recommendation[] {
  const out: Recommendation[] = [];
  for (const p of health.recovery_proposals) {
    const alert = health.alerts[p.alert_index];
    if (!alert) continue;
    const now = current[p.field] ?? null;
    if (now === p.to) continue;
    out.push(recoveryRecommendation(projectId, p, alert, now ?? p.from));
  }
  return out;
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** Recovery cards that pass the experiment's checks, and the reverts held back with their reason. */
export interface GuardedRecovery {
  recommendations: Recommendation[];
  considered: ConsideredArm[];
}

/**
 * Checks each revert against the experiment of its field, whose control is the current value:
 * health sees one metric over time, the experiment sees the same tasks and the other factors.
 * A revert is held back when the old value is fully confounded with another factor (the
 * degradation came with a change of that factor too, so reverting this one alone need not undo
 * it), when it undoes a cost degradation with an old value whose runs mostly cost $0 (cost not
 * recorded), or when the old value's pass rate is probably worse by more than the QA margin (the
 * cheaper card's QA cut-off). Otherwise its confidence is at most the QA tier, as a cheaper card's
 * is: a cost revert that costs QA is not auto-applied on the severity of the cost alert alone.
 */
export function guardRecovery(recs: readonly Recommendation[], experiments: readonly ExperimentResult[], qaMargin: number = ARM_RULES.qaMargin): GuardedRecovery {
  const out: GuardedRecovery = { recommendations: [], considered: [] };
  for (const r of recs) {
    const exp = experiments.find((e) => e.name == null && e.factor === r.field);
    const ctl = exp?.variants.find((v) => v.value === exp.control);
    const row = exp?.variants.find((v) => v.value === String(r.recommended_value));
    if (!exp || !ctl || !row || ctl === row || exp.control !== String(r.current_value)) {
      out.recommendations.push(r);
      continue;
    }
    const quoted = `"${row.value}"`;
    const hold = (kind: ConsideredArm['reason_kind'], reason: string): void => {
      out.considered.push({
        category: r.category, field: r.field, value: row.value, reason_kind: kind, reason: `Revert not recommended: ${reason}`,
        evidence: { revert_held: 1, runs: row.n, qa_runs: row.qa_n, passes: row.passes, pass_rate: row.pass_rate, cost_mean_usd: row.cost_mean, cost_per_pass_usd: row.cost_per_pass, current_value: ctl.value, decision_basis: row.decision_basis },
      });
    };
    const metric = String(r.evidence.values?.metric ?? '');
    const confounded = exp.warnings.find((w) => w.kind === 'fully_confounded' && w.message.includes(quoted));
    const by = row.stratified?.by ?? [];
    if (row.decision_basis == null && confounded && by.some((d) => d !== 'week')) {
      hold('confounded', `${r.explanation.split('; ')[0]}, but ${confounded.message}`);
      continue;
    }
    const zero = exp.warnings.find((w) => w.kind === 'zero_cost' && w.message.includes(quoted));
    if (metric === 'cost_per_run' && zero) {
      hold('cost_not_recorded', `${row.value}'s lower cost per run is its $0 runs: ${zero.message}`);
      continue;
    }
    if (metric === 'qa_pass_rate') {
      out.recommendations.push(r);
      continue;
    }
    const p = pQaWorse(row, ctl, qaMargin);
    const tier = qaTier(p, p == null ? 0 : pWorseBy(row, ctl, 2 * qaMargin) ?? 0);
    const basis = row.decision_basis === 'paired' ? ` on the ${row.paired_n} tasks both ran` : '';
    const qaWords = p == null ? '' : `P(pass rate worse by > ${Math.round(qaMargin * 100)} points${basis}) = ${p.toFixed(2)}`;
    if (tier == null) {
      hold('qa_risk', `it would undo the ${metric.replace(/_/g, ' ')} degradation with a value whose QA is probably worse: ${qaWords} (pass rate ${pctOf(row.pass_rate)} vs ${pctOf(ctl.pass_rate)}).`);
      continue;
    }
    if (RANK[tier] < RANK[r.confidence]) {
      out.recommendations.push({
        ...r, confidence: tier, confidence_qa: tier,
        evidence: { ...r.evidence, notes: [...(r.evidence.notes ?? []), `Confidence lowered from ${r.confidence} to the QA tier ${tier}: ${qaWords}.`] },
      });
    } else out.recommendations.push(r);
  }
  return out;
}

const pctOf = (x: number | null): string => (x == null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
