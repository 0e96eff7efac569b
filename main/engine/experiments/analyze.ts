/**
 * Experiments of one project from its runs (§1): every factor with ≥ 2 values, plus the declared
 * experiments (only runs since their start). Builds the sufficient statistics, then analyzes them
 * with the same code the store path uses (`analyzeFactorSums`).
 */
import { analyzeFactorSums, guardrailFor, type ExperimentSpec, type SumsContext } from './analyze-sums';
import { DEFAULT_MDE } from './decide';
import { median, OTHER_METRICS, type ArmMedians } from './fixed-n';
import { buildAllFactorSums, buildFactorSums, type FactorSums } from './sums';
import type { DecisionMetric, ExperimentOptions, ExperimentResult, ExperimentRun, ExperimentWarning } from './types';

const DAY_MS = 86_400_000;

/** Factors present in the runs, in first-seen order. */
export function factorsOf(runs: readonly ExperimentRun[]): string[] {
  const seen = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.factors)) seen.add(k);
  return [...seen];
}

/** Runs per day over the project's span (null when the runs span less than a minute). */
export function runsPerDay(runs: readonly ExperimentRun[]): number | null {
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (const r of runs) {
    if (r.started_ms == null) continue;
    n++;
    lo = Math.min(lo, r.started_ms);
    hi = Math.max(hi, r.started_ms);
  }
  return runsPerDayOfSpan(n, lo, hi);
}

/** Runs per day of `n` dated runs from `firstMs` to `lastMs` (null when fewer than 2 or within a minute). */
export function runsPerDayOfSpan(n: number, firstMs: number, lastMs: number): number | null {
  if (n < 2 || lastMs - firstMs < 60_000) return null;
  return (n - 1) / ((lastMs - firstMs) / DAY_MS);
}

/** Medians per arm of a factor (they need the runs: the sums cannot keep them). */
export function mediansByArm(factor: string, runs: readonly ExperimentRun[]): Map<string, ArmMedians> {
  const vals = new Map<string, Record<string, number[]>>();
  for (const r of runs) {
    const v = r.factors[factor];
    if (v == null) continue;
    let m = vals.get(v);
    if (!m) {
      m = { cost: [], duration: [], tokens: [], retries: [], rating: [] };
      vals.set(v, m);
    }
    if (r.cost_usd != null) m.cost.push(r.cost_usd);
    if (r.duration_s != null) m.duration.push(r.duration_s);
    if (r.tokens != null) m.tokens.push(r.tokens);
    if (r.retries != null) m.retries.push(r.retries);
    if (r.rating != null) m.rating.push(r.rating);
  }
  const out = new Map<string, ArmMedians>();
  for (const [v, m] of vals) {
    const med: ArmMedians = { cost: median(m.cost) };
    for (const k of OTHER_METRICS) med[k] = median(m[k]);
    out.set(v, med);
  }
  return out;
}

/** Control of an undeclared experiment: the configured value, else the latest run's (warned). */
export function chooseControl(fs: FactorSums, configured: string | null | undefined): { control: string; source: 'config' | 'latest_run'; warnings: ExperimentWarning[] } {
  if (configured != null && fs.arms.has(configured)) return { control: configured, source: 'config', warnings: [] };
  const latest = fs.latest_value ?? [...fs.arms.keys()][0];
  const why = configured != null
    ? `the configured ${fs.factor} "${configured}" has no runs, so`
    : `no configured ${fs.factor} is known, so`;
  return {
    control: latest, source: 'latest_run',
    warnings: [{ kind: 'assumed_control', message: `Control assumed: ${why} the latest run's value "${latest}" is taken as the current one.` }],
  };
}

/** A declared experiment none or only one of whose arms has runs since its start. */
function awaitingRuns(d: NonNullable<ExperimentOptions['declared']>[number], primary: DecisionMetric, missing: string[]): ExperimentResult {
  const since = new Date(d.start_ms).toISOString().slice(0, 10);
  return {
    name: d.name, factor: d.factor, control: d.control, control_source: 'declared', status: 'collecting',
    reason: `waiting for runs: no run of ${missing.map((m) => `"${m}"`).join(' or ')} since the experiment was declared (${since}); only runs after that count.`,
    winner: null, primary_metric: primary, guardrail_metric: d.guardrails?.[0] ?? guardrailFor(primary), variants: [],
    allocation: {}, allocation_top_two: {}, allocation_epsilon_greedy: {}, srm: null, warnings: [],
  };
}

/** All experiments of one project's runs. */
export function analyzeExperiments(runs: readonly ExperimentRun[], options: ExperimentOptions = {}): ExperimentResult[] {
  const alpha = options.alpha ?? 0.05;
  const allFactors = options.factors ?? factorsOf(runs);
  const analyzed = options.only ?? allFactors;
  const ctxBase = { alpha, runs_per_day: options.runs_per_day !== undefined ? options.runs_per_day : runsPerDay(runs) };
  const out: ExperimentResult[] = [];
  for (const d of (options.declared ?? []).filter((x) => !options.only || options.only.includes(x.factor))) {
    const arms = new Set([d.control, ...d.variants]);
    const subset = runs.filter((r) => r.started_ms != null && r.started_ms >= d.start_ms && arms.has(r.factors[d.factor] ?? ''));
    const fs = buildFactorSums(d.factor, subset, allFactors.includes(d.factor) ? allFactors : [...allFactors, d.factor]);
    const primary = d.primary_metric ?? 'cost_per_pass';
    if (!fs.arms.has(d.control) || fs.arms.size < 2) {
      // Declared but not yet run on both sides: shown as collecting, with what it waits for.
      out.push(awaitingRuns(d, primary, [...arms].filter((a) => !fs.arms.has(a))));
      continue;
    }
    const spec: ExperimentSpec = {
      name: d.name, control: d.control, control_source: 'declared', primary_metric: primary,
      guardrail_metric: d.guardrails?.[0] ?? guardrailFor(primary), mde: d.mde ?? DEFAULT_MDE[primary],
      planned_split: d.planned_split, warnings: [],
    };
    const ctx: SumsContext = { ...ctxBase, medians: mediansByArm(d.factor, subset) };
    out.push(analyzeFactorSums(fs, spec, ctx));
  }
  const medians = new Map(analyzed.map((f) => [f, mediansByArm(f, runs)]));
  out.push(...experimentsFromSums(buildAllFactorSums(analyzed, runs, allFactors), options.controls ?? {}, ctxBase, medians));
  return out;
}

/**
 * The undeclared experiments from sums alone (the store path: sums kept at ingest, no runs):
 * every factor with ≥ 2 values, its control from `controls` or the latest run. Medians are null
 * unless given.
 */
export function experimentsFromSums(
  sums: ReadonlyMap<string, FactorSums>, controls: Record<string, string | null | undefined>,
  ctx: Omit<SumsContext, 'medians'>, medians?: ReadonlyMap<string, Map<string, ArmMedians>>,
): ExperimentResult[] {
  const out: ExperimentResult[] = [];
  for (const [factor, fs] of sums) {
    if (fs.arms.size < 2) continue;
    const c = chooseControl(fs, controls[factor]);
    const spec: ExperimentSpec = {
      name: null, control: c.control, control_source: c.source, primary_metric: 'cost_per_pass', guardrail_metric: 'pass_rate',
      mde: DEFAULT_MDE.cost_per_pass, warnings: c.warnings,
    };
    out.push(analyzeFactorSums(fs, spec, { ...ctx, medians: medians?.get(factor) }));
  }
  return out;
}
