/**
 * Series: one metric over one set of observations (the project's runs, the runs of one model
 * or prompt version, or one agent's steps), in time order, ready for the change-point detector.
 */
import type { HealthRun, HealthStep } from './types';

export const HEALTH_METRICS = ['qa_pass_rate', 'error_rate', 'cost_per_run', 'duration_s', 'tokens', 'retries_per_run'] as const;
export type HealthMetric = (typeof HEALTH_METRICS)[number];

/**
 * How a metric is modelled: `bernoulli` (0/1 per run, Bernoulli CUSUM), `lognormal`
 * (values > 0, Gaussian CUSUM on log x), `count` (values ≥ 0, Gaussian CUSUM on the Anscombe
 * transform √(x + 3/8)).
 */
export type SeriesFamily = 'bernoulli' | 'lognormal' | 'count';

export interface MetricSpec {
  family: SeriesFamily;
  /** Which direction is a degradation. */
  bad: 'up' | 'down';
}

export const METRIC_SPECS: Record<HealthMetric, MetricSpec> = {
  qa_pass_rate: { family: 'bernoulli', bad: 'down' },
  error_rate: { family: 'bernoulli', bad: 'up' },
  cost_per_run: { family: 'lognormal', bad: 'up' },
  duration_s: { family: 'lognormal', bad: 'up' },
  tokens: { family: 'lognormal', bad: 'up' },
  retries_per_run: { family: 'count', bad: 'up' },
};

export interface Series {
  metric: HealthMetric;
  /** `project`, `model=…`, `prompt_version=…`, `agent=…`. */
  scope: string;
  spec: MetricSpec;
  /** Observation times (ms) and natural-unit values, same length, time order. */
  times: Float64Array;
  values: Float64Array;
  /** run_id of each observation (for linking a proposal to the runs). */
  runIndex: Int32Array;
  /** The project's runs carry batch times (batch-times.ts isBatched): the series' observations at one time are one batch. */
  batched?: boolean;
}

/** Run statuses that count as an error. */
export const ERROR_STATUSES: ReadonlySet<string> = new Set(['failed', 'aborted', 'timeout']);

/** Error-rate rule of issue 11: status failed/aborted/timeout or a non-empty errors[]. */
export function runIsError(r: HealthRun): boolean {
  return (r.status != null && ERROR_STATUSES.has(r.status)) || r.error_count > 0;
}

/** A step failed when it says so or carries an error. */
export function stepIsError(s: HealthStep): boolean {
  return s.success === false || s.has_error;
}

/** The natural-unit value of a metric for one run (null = not observed). */
export function runValue(r: HealthRun, metric: HealthMetric): number | null {
  switch (metric) {
    case 'qa_pass_rate': return r.qa_status == null ? null : r.qa_status === 'passed' ? 1 : 0;
    case 'error_rate': return runIsError(r) ? 1 : 0;
    case 'cost_per_run': return r.cost_usd;
    case 'duration_s': return r.duration_s;
    case 'tokens': return r.tokens;
    case 'retries_per_run': return r.retries;
  }
}

/** The natural-unit value of a metric for one step (pass rate does not apply to steps). */
export function stepValue(s: HealthStep, metric: HealthMetric): number | null {
  switch (metric) {
    case 'qa_pass_rate': return null;
    case 'error_rate': return stepIsError(s) ? 1 : 0;
    case 'cost_per_run': return s.cost_usd;
    case 'duration_s': return s.duration_s;
    case 'tokens': return s.tokens;
    case 'retries_per_run': return s.retries;
  }
}

function usable(spec: MetricSpec, v: number | null): v is number {
  if (v == null || !Number.isFinite(v)) return false;
  // Log needs x > 0: zero-cost runs (cache hits, dry runs) are left out of the cost detector.
  return spec.family === 'lognormal' ? v > 0 : v >= 0;
}

/** One metric over runs (already in time order). */
export function runSeries(runs: readonly HealthRun[], metric: HealthMetric, scope: string, pick?: (r: HealthRun) => boolean): Series {
  const spec = METRIC_SPECS[metric];
  const t: number[] = [];
  const v: number[] = [];
  const idx: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    if (pick && !pick(r)) continue;
    const x = runValue(r, metric);
    if (!usable(spec, x)) continue;
    t.push(r.started_ms);
    v.push(x);
    idx.push(i);
  }
  return { metric, scope, spec, times: Float64Array.from(t), values: Float64Array.from(v), runIndex: Int32Array.from(idx) };
}

/**
 * One metric over one agent, one observation per run that used it: the agent's steps of a run
 * summed (cost, duration, tokens, retries), its error = any of them failed. Per step would not
 * do: the steps of one run share its cost, model and luck (a 4-round run has 4 coder steps of
 * the same cost), so consecutive observations are not independent and the charts, calibrated
 * on independent ones, raise false alarms on them.
 */
export function agentSeries(runs: readonly HealthRun[], metric: HealthMetric, agent: string): Series {
  const spec = METRIC_SPECS[metric];
  const t: number[] = [];
  const v: number[] = [];
  const idx: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    let seen = false;
    let sum = 0;
    let missing = false;
    for (const s of runs[i].step_list) {
      if (s.agent !== agent) continue;
      seen = true;
      const x = stepValue(s, metric);
      if (x == null || !Number.isFinite(x)) { missing = true; continue; }
      sum = spec.family === 'bernoulli' ? Math.max(sum, x) : sum + x;
    }
    // A run where one of the agent's steps did not record the metric would understate its sum.
    if (!seen || (missing && spec.family !== 'bernoulli') || !usable(spec, sum)) continue;
    t.push(runs[i].started_ms);
    v.push(sum);
    idx.push(i);
  }
  return { metric, scope: `agent=${agent}`, spec, times: Float64Array.from(t), values: Float64Array.from(v), runIndex: Int32Array.from(idx) };
}

/** Transformed value the detector works on. */
export function transform(family: SeriesFamily, v: number): number {
  if (family === 'lognormal') return Math.log(v);
  if (family === 'count') return Math.sqrt(v + 0.375);
  return v;
}
