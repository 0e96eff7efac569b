/** Named metrics of a learning result, for `runbrain metrics show --metric NAME` (seed 002 §8.3). */
import type { LearningResult } from './learn';
import type { WeekMetrics } from './trends';

export const METRICS = {
  agent_success_rate: { unit: 'rate', description: 'share of steps that succeeded' },
  qa_pass_rate: { unit: 'rate', description: 'share of runs with QA status passed' },
  gate_failure_rate: { unit: 'rate', description: 'share of gate checks that failed' },
  avg_retries: { unit: 'count', description: "mean of a run's summed step retries" },
  override_rate: { unit: 'rate', description: 'share of decisions where the human overrode the agent' },
  tokens_per_success: { unit: 'tokens', description: 'all tokens of runs with a QA outcome / their passes' },
  calibration_error: { unit: 'rate', description: 'expected calibration error of stated confidence, per agent and source' },
  prediction_brier: { unit: 'score', description: 'hold-out Brier score of the success prediction vs the base rate' },
} as const;
export type MetricName = keyof typeof METRICS;

export interface MetricReport {
  metric: MetricName;
  unit: string;
  description: string;
  /** The value over all runs (null when not logged). */
  value: number | null;
  ci95: [number, number] | null;
  n: number | null;
  /** Weekly values, oldest first (empty for metrics without a weekly series). */
  weekly: { week_start: string; value: number | null }[];
  /** A breakdown when the metric has one (per agent, per type × agent, per gate). */
  rows: { key: string; value: number | null; n: number; ci95?: [number, number] | null }[];
}

const WEEKLY: Partial<Record<MetricName, keyof WeekMetrics>> = {
  agent_success_rate: 'agent_success_rate', qa_pass_rate: 'qa_pass_rate', gate_failure_rate: 'gate_failure_rate',
  avg_retries: 'avg_retries', override_rate: 'override_rate', tokens_per_success: 'tokens_per_success',
};

/** Whether a string names a metric. */
export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/** One metric with its overall value, weekly series and breakdown. */
export function metricSeries(r: LearningResult, metric: MetricName): MetricReport {
  const o = r.overview;
  const base = { metric, ...METRICS[metric] };
  const wk = WEEKLY[metric];
  const weekly = wk ? r.trends.map((w) => ({ week_start: w.week_start, value: w[wk] as number | null })) : [];
  const rate = (x: { rate: number | null; ci95: [number, number] | null; n: number }) => ({ value: x.rate, ci95: x.ci95, n: x.n });
  switch (metric) {
    case 'agent_success_rate':
      return { ...base, ...rate(o.agent_success_rate), weekly, rows: [] };
    case 'qa_pass_rate':
      return { ...base, ...rate(o.qa_pass_rate), weekly, rows: r.labels.prompt_versions.map((v) => ({ key: `prompt_version=${v.prompt_version}`, value: v.success.rate, n: v.success.n, ci95: v.success.ci95 })) };
    case 'gate_failure_rate':
      return { ...base, ...rate(o.gate_failure_rate), weekly, rows: r.gate_root_causes.map((g) => ({ key: g.gate_id, value: g.failure_rate, n: g.checks, ci95: g.failure_ci95 })) };
    case 'avg_retries':
      return { ...base, value: o.avg_retries, ci95: null, n: null, weekly, rows: r.handoffs.map((h) => ({ key: `${h.from} → ${h.to}`, value: h.avg_retries, n: h.n })) };
    case 'override_rate':
      return { ...base, ...rate(o.override_rate), weekly, rows: r.overrides.map((x) => ({ key: `${x.decision_type} × ${x.agent}`, value: x.override_rate, n: x.n, ci95: x.override_ci95 })) };
    case 'tokens_per_success':
      return { ...base, value: o.tokens_per_success, ci95: null, n: null, weekly, rows: r.token_efficiency.map((t) => ({ key: `prompt_version=${t.prompt_version}`, value: t.tokens_per_success, n: t.runs })) };
    case 'calibration_error': {
      const n = r.calibration.reduce((a, c) => a + c.n, 0);
      // The n-weighted mean of the per-agent ECEs (not a pooled ECE: agents' buckets differ).
      const value = n ? r.calibration.reduce((a, c) => a + c.ece * c.n, 0) / n : null;
      return { ...base, value, ci95: null, n, weekly, rows: r.calibration.map((c) => ({ key: `${c.agent} (${c.source})`, value: c.ece, n: c.n })) };
    }
    case 'prediction_brier':
      return {
        ...base, value: r.prediction.brier, ci95: null, n: r.prediction.holdout_n, weekly,
        rows: [{ key: 'baseline (training pass rate)', value: r.prediction.baseline_brier, n: r.prediction.holdout_n }],
      };
  }
}
