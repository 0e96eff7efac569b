/**
 * One experiment from its sufficient statistics: fixed-n figures, paired and stratified
 * estimates, always-valid decisions with Holm across variants, posteriors, required runs,
 * allocation and warnings. The store path (sums kept at ingest) and the runs-array path
 * (`analyzeExperiments`) both end here.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { probAltWorse } from '../stats/beta-compare';
import { chiSquareGof } from '../stats/exact-tests';
import { holmAdjust } from '../stats/holm';
import { meanVar } from '../stats/moments';
import { balanceAll, chooseStrata, timeBalance } from './balance';
import { allocation } from './allocation';
import { passRateDist, posteriorFigures } from './bayes';
import { DEFAULT_MDE, decideVariant, effectP, mdeGain, type Decision } from './decide';
import { costPerPass, rawEffect, type Effect } from './estimates';
import { armFigures, otherMetric, OTHER_METRICS, vsControl, type ArmMedians, type VsControl } from './fixed-n';
import { MIN_PAIRED_TASKS, pairedCompare, type PairedResult } from './pairing';
import { requiredRunsPerArm } from './required';
import { stratifiedCompare, zP, type StratifiedResult } from './stratified';
import type { ArmSums, FactorSums } from './sums';
import type { ControlSource, DecisionMetric, ExperimentResult, ExperimentStatus, ExperimentWarning, MetricName, VariantRow } from './types';

/** What defines one experiment besides its sums. */
export interface ExperimentSpec {
  name: string | null;
  control: string;
  control_source: ControlSource;
  primary_metric: DecisionMetric;
  guardrail_metric: DecisionMetric;
  /** MDE of the primary (relative for cost, absolute for pass rate). */
  mde: number;
  planned_split?: Record<string, number>;
  /** Warnings found while choosing the control (assumed_control). */
  warnings: ExperimentWarning[];
}

export interface SumsContext {
  alpha: number;
  /** Runs per day of the project (null when its runs span no time). */
  runs_per_day: number | null;
  medians?: Map<string, ArmMedians>;
}

/** Share of $0 runs above which cost may not have been recorded. */
const ZERO_COST_SHARE = 0.3;
const SMALL_ARM = 3;

/** The guardrail that goes with a primary: pass rate for cost metrics, cost per passed run for quality. */
export function guardrailFor(primary: DecisionMetric): DecisionMetric {
  return primary === 'pass_rate' ? 'cost_per_pass' : 'pass_rate';
}

interface VariantWork {
  value: string;
  sums: ArmSums;
  fixed: VsControl;
  paired: PairedResult | null;
  stratified: StratifiedResult | null;
  basis: 'paired' | 'stratified' | 'raw';
  primary: Effect | null;
  guardrail: Effect | null;
  /** Fully confounded: no stratum holds both arms. */
  confounded_by: string[] | null;
  av: Partial<Record<DecisionMetric, number>>;
  /** The deciding estimate of each decision metric (what `av` was computed from). */
  effects: Partial<Record<DecisionMetric, Effect>>;
}

const DECISION_METRICS: readonly DecisionMetric[] = ['pass_rate', 'cost', 'cost_per_pass'];

function pct(x: number): string {
  return `${Math.round(x * 100)} %`;
}

/** Analyze one experiment from its sums. */
export function analyzeFactorSums(fs: FactorSums, spec: ExperimentSpec, ctx: SumsContext): ExperimentResult {
  const warnings: ExperimentWarning[] = [...spec.warnings];
  const ctl = fs.arms.get(spec.control);
  const values = [...fs.arms.keys()].filter((v) => v !== spec.control);
  values.sort((a, b) => fs.arms.get(b)!.n - fs.arms.get(a)!.n || a.localeCompare(b));
  if (!ctl) throw new Error(`experiment on ${fs.factor}: control "${spec.control}" has no runs`);
  const allArms: [string, ArmSums][] = [[spec.control, ctl], ...values.map((v) => [v, fs.arms.get(v)!] as [string, ArmSums])];

  dataWarnings(fs, allArms, warnings);

  const work: VariantWork[] = values.map((value) => variantWork(fs, spec, ctl, value, warnings));
  // Holm on the always-valid p across the variants, per decision metric.
  const avAdj: Record<DecisionMetric, number[]> = { pass_rate: [], cost: [], cost_per_pass: [] };
  for (const m of DECISION_METRICS) {
    const ps = work.map((w) => w.av[m] ?? 1);
    avAdj[m] = holmAdjust(ps);
  }
  const k = work.length;
  const unit = unitVariance(spec.primary_metric, ctl);
  const decisions: Decision[] = work.map((w, i) => {
    const n = Math.min(primaryN(spec.primary_metric, ctl), primaryN(spec.primary_metric, w.sums));
    const planned = requiredFor(spec, unit, unitVariance(spec.primary_metric, w.sums), ctx.alpha, k);
    if (w.confounded_by) {
      return { status: 'collecting', reason: `no decision: fully confounded with ${w.confounded_by.join(' and ')} (no stratum ran both arms)`, ci: null };
    }
    if (w.basis === 'stratified' && w.stratified && w.stratified.used_levels === 0) {
      return { status: 'collecting', reason: `too few runs within ${w.stratified.by.join(' × ')} strata (each arm needs ≥ 5 runs in a shared stratum)`, ci: null };
    }
    return decideVariant({
      primary: w.primary,
      guardrail: w.guardrail,
      p_primary: w.av[spec.primary_metric] == null ? null : avAdj[spec.primary_metric][i],
      p_guardrail: w.av[spec.guardrail_metric] == null ? null : avAdj[spec.guardrail_metric][i],
      min_arm_n: n,
      mde_gain: mdeGain(spec.primary_metric, spec.mde),
      alpha: ctx.alpha,
      variants: k,
      planned_n: planned,
      p_guardrail_worse: () => guardrailWorse(spec.guardrail_metric, ctl, w.sums, w.basis === 'raw' ? null : w.guardrail),
      guardrail_label: spec.guardrail_metric === 'pass_rate' ? 'pass rate (by > 5 points)' : `${spec.guardrail_metric} (by > 10 %)`,
    });
  });

  // Holm across variants × metrics on the fixed-n p-values.
  const metricP = (w: VariantWork): [MetricName, number | null][] => [
    ['pass_rate', w.fixed.p_value_pass], ['cost', w.fixed.p_value_cost], ['cost_per_pass', w.fixed.p_value_cost_per_pass],
    ...OTHER_METRICS.map((m) => [m, w.fixed.other_p[m]] as [MetricName, number | null]),
  ];
  const flat: { i: number; m: MetricName; p: number }[] = [];
  work.forEach((w, i) => metricP(w).forEach(([m, p]) => { if (p != null) flat.push({ i, m, p }); }));
  const adj = holmAdjust(flat.map((f) => f.p));
  const pAdjusted: Partial<Record<MetricName, number>>[] = work.map(() => ({}));
  flat.forEach((f, j) => { pAdjusted[f.i][f.m] = adj[j]; });

  // Posteriors of the pass rates over all arms.
  const post = posteriorFigures(allArms.map(([, s]) => passRateDist(s.passes, s.qa_n)), 0);

  const rows: VariantRow[] = [controlRow(spec.control, ctl, ctx, post[0])];
  work.forEach((w, i) => rows.push(variantRow(w, ctl, spec, ctx, post[i + 1], decisions[i], pAdjusted[i], avAdj, i, unit, k)));

  const { status, reason, winner } = experimentStatus(work, decisions);
  const alloc = allocation(spec.primary_metric, allArms);
  const srm = sampleRatio(spec, fs, warnings);
  return {
    name: spec.name, factor: fs.factor, control: spec.control, control_source: spec.control_source,
    status, reason, winner, primary_metric: spec.primary_metric, guardrail_metric: spec.guardrail_metric,
    variants: rows, allocation: alloc.thompson, allocation_top_two: alloc.top_two, allocation_epsilon_greedy: alloc.epsilon_greedy,
    srm, warnings,
  };
}

/**
 * P(guardrail worse than the control by more than its margin: 5 points of pass rate, 10 % on a
 * cost metric). On the raw comparison of pass rates, the Beta posteriors (`probAltWorse`); when a
 * paired or stratified estimate decides, a normal on that estimate, so the guard sees what the
 * pairing sees (a drop on the same tasks that task difficulty hides from the raw counts).
 */
export function guardrailWorse(metric: DecisionMetric, c: ArmSums, t: ArmSums, decidingEffect: Effect | null = null): number | null {
  const margin = metric === 'pass_rate' ? 0.05 : Math.log(1.1);
  if (decidingEffect && decidingEffect.variance > 0) return normalCdf((-margin - decidingEffect.gain) / Math.sqrt(decidingEffect.variance), 0, 1);
  if (metric === 'pass_rate') return c.qa_n > 0 && t.qa_n > 0 ? probAltWorse(t.passes, t.qa_n, c.passes, c.qa_n, 0.05) : null;
  const e = rawEffect(metric, c, t);
  if (!e || !(e.variance > 0)) return null;
  return normalCdf((-margin - e.gain) / Math.sqrt(e.variance), 0, 1);
}

function primaryN(metric: DecisionMetric, s: ArmSums): number {
  return metric === 'pass_rate' ? s.qa_n : metric === 'cost' ? s.cost.n : s.cp.n;
}

/** Per-run variance of the primary's gain estimate in one arm (n × Var of the estimate). */
function unitVariance(metric: DecisionMetric, s: ArmSums): number | null {
  if (metric === 'pass_rate') {
    if (s.qa_n === 0) return null;
    const p = s.passes / s.qa_n;
    return Math.max(p * (1 - p), 1 / (s.qa_n + 2));
  }
  if (metric === 'cost') {
    const m = meanVar(s.cost);
    return m && m.n >= 2 && m.mean > 0 ? m.variance / (m.mean * m.mean) : null;
  }
  const r = costPerPass(s.cp);
  return r && Number.isFinite(r.log_variance) ? r.log_variance * r.n : null;
}

function requiredFor(spec: ExperimentSpec, uc: number | null, ut: number | null, alpha: number, k: number): number | null {
  if (uc == null) return null;
  // The variant's own spread when known, else assume it equals the control's.
  return requiredRunsPerArm(uc + (ut ?? uc), mdeGain(spec.primary_metric, spec.mde), alpha / Math.max(1, k));
}

function variantWork(fs: FactorSums, spec: ExperimentSpec, ctl: ArmSums, value: string, warnings: ExperimentWarning[]): VariantWork {
  const t = fs.arms.get(value)!;
  const fixed = vsControl(ctl, t);
  for (const m of fixed.degenerate) {
    warnings.push({ kind: 'zero_variance', message: `${m}: every run of "${value}" and of "${spec.control}" has the same value, so no test is possible.` });
  }
  const paired = pairedCompare(fs.tasks.get(spec.control), fs.tasks.get(value));
  const cTasks = fs.tasks.get(spec.control)?.size ?? 0;
  const tTasks = fs.tasks.get(value)?.size ?? 0;
  if (cTasks > 0 && tTasks > 0 && (!paired || paired.paired_n === 0)) {
    warnings.push({ kind: 'disjoint_tasks', message: `"${value}" and "${spec.control}" share no task key: different task sets (benchmarks?) may be mixed in one project.` });
  }
  const time = timeBalance(ctl, t);
  const balance = balanceAll(fs, spec.control, value);
  for (const b of balance) {
    if (b.flagged && b.dimension !== 'week') {
      warnings.push({ kind: 'confounding', message: `"${value}" vs "${spec.control}": the mix of ${b.dimension} differs (standardized difference ${b.max_abs_std_diff === Infinity ? '∞' : b.max_abs_std_diff.toFixed(2)} at ${b.worst_level}), so ${fs.factor} is partly compared with ${b.dimension}.` });
    }
  }
  const week = balance.find((b) => b.dimension === 'week');
  if (time.flagged) {
    warnings.push({ kind: 'time_confounding', message: `"${value}" and "${spec.control}" ran mostly at different times${time.overlap != null ? ` (time spans overlap ${pct(time.overlap)} of the shorter)` : ''}: price or harness changes over time are mixed into the comparison.` });
  } else if (week?.flagged) {
    warnings.push({ kind: 'time_confounding', message: `"${value}" and "${spec.control}" ran in different proportions over the weeks (standardized difference ${week.max_abs_std_diff === Infinity ? '∞' : week.max_abs_std_diff.toFixed(2)} in the week of ${week.worst_level}): changes over time are partly mixed into the comparison.` });
  }
  const by = chooseStrata(balance, time, fs);
  let stratified: StratifiedResult | null = null;
  let confounded: string[] | null = null;
  if (by.length > 0) {
    const key = by.join('×');
    const strata = fs.strata.get(key)!;
    stratified = stratifiedCompare(by, strata.get(spec.control), strata.get(value));
    if (by.length > 1 && stratified.used_levels === 0) {
      // Two confounders jointly leave no stratum with enough runs: stratify on the worse one alone.
      const one = fs.strata.get(by[0])!;
      const single = stratifiedCompare([by[0]], one.get(spec.control), one.get(value));
      if (single.used_levels > 0 || single.shared_levels === 0) stratified = single;
    }
    if (stratified.shared_levels === 0) {
      confounded = by;
      warnings.push({ kind: 'fully_confounded', message: `"${value}" vs "${spec.control}": no ${by.join(' × ')} value ran both arms, so the effect of ${fs.factor} cannot be separated from ${by.join(' and ')} (fully confounded with ${by.join(' and ')}).` });
    }
  }
  const usePaired = paired != null && paired.paired_n >= MIN_PAIRED_TASKS;
  const basis = usePaired ? 'paired' : stratified && !confounded ? 'stratified' : 'raw';
  const pick = (m: DecisionMetric): Effect | null =>
    basis === 'paired' ? paired!.effects[m] : basis === 'stratified' ? stratified!.effects[m] : rawEffect(m, ctl, t);
  const primary = pick(spec.primary_metric);
  const guardrail = pick(spec.guardrail_metric);
  if (basis === 'stratified') {
    const raw = rawEffect(spec.primary_metric, ctl, t);
    const strat = stratified!.effects[spec.primary_metric];
    const sig = (e: Effect | null): boolean => (zP(e) ?? 1) < 0.05;
    // Opposite signs matter only when one of them is significant; two null results just differ by noise.
    if (raw && strat && (sig(raw) || sig(strat)) && (Math.sign(raw.gain) !== Math.sign(strat.gain) || sig(raw) !== sig(strat))) {
      const say = (e: Effect): string => `${e.gain > 0 ? 'better' : 'worse'}${sig(e) ? ' (significant)' : ' (not significant)'}`;
      warnings.push({ kind: 'simpsons_paradox', message: `Simpson's paradox: overall "${value}" looks ${say(raw)} than "${spec.control}" on ${spec.primary_metric}, but within ${by.join(' × ')} strata it is ${say(strat)}; deciding on the stratified comparison.` });
    }
  }
  const av: Partial<Record<DecisionMetric, number>> = {};
  const effects: Partial<Record<DecisionMetric, Effect>> = {};
  for (const m of DECISION_METRICS) {
    const e = pick(m);
    if (e) effects[m] = e;
    const p = effectP(e, 0.05);
    if (p != null) av[m] = p;
  }
  return { value, sums: t, fixed, paired, stratified, basis, primary, guardrail, confounded_by: confounded, av, effects };
}

function dataWarnings(fs: FactorSums, arms: [string, ArmSums][], warnings: ExperimentWarning[]): void {
  for (const [v, s] of arms) {
    if (s.n < SMALL_ARM) warnings.push({ kind: 'small_arm', message: `"${v}" has only ${s.n} run${s.n === 1 ? '' : 's'}: too few to compare.` });
  }
  const zeroShare = arms.map(([, s]) => (s.cost.n > 0 ? s.zero_cost / s.cost.n : 0));
  const high = arms.filter((_, i) => zeroShare[i] >= ZERO_COST_SHARE);
  if (high.length > 0 && high.length < arms.length) {
    for (const [v, s] of high) {
      warnings.push({ kind: 'zero_cost', message: `${pct(s.zero_cost / s.cost.n)} of "${v}"'s runs cost $0 and the other arms' do not: cost may not have been recorded (the mapping file can mark a sentinel value as missing).` });
    }
  }
  const times = arms.flatMap(([, s]) => (s.first_ms == null ? [] : [s.first_ms, s.last_ms!]));
  const total = arms.reduce((x, [, s]) => x + s.n, 0);
  if (total > 1 && times.length > 0 && times.every((t) => t === times[0])) {
    warnings.push({ kind: 'same_timestamp', message: `All runs of ${fs.factor} share one timestamp: there is no time series, so time balance cannot be checked.` });
  } else if (arms.length > 1 && arms.every(([, s]) => s.n >= 2 && s.first_ms != null && s.first_ms === s.last_ms)) {
    // Benchmark exports stamp every run of a submission with the submission's time.
    const [v, s] = arms[0];
    warnings.push({
      kind: 'same_timestamp',
      message: `Within each arm of ${fs.factor}, all runs share one timestamp (e.g. all ${s.n} runs of "${v}": ${new Date(s.first_ms!).toISOString()}): these are batch or submission times, not when each run happened, so time balance and weeks compare batches.`,
    });
  }
}

function controlRow(value: string, s: ArmSums, ctx: SumsContext, post: { prob_best: number; expected_loss: number }): VariantRow {
  const f = armFigures(s);
  const med = ctx.medians?.get(value);
  return {
    value, n: s.n, passes: s.passes, qa_n: s.qa_n, pass_rate: f.pass_rate, pass_ci95: f.pass_ci95, p_value_pass: null,
    cost_mean: f.cost_mean, cost_median: med?.cost ?? null, cost_ci95: f.cost_ci95, p_value_cost: null,
    geo_mean_ratio: null, geo_mean_ratio_ci95: null,
    cost_per_pass: f.cost_per_pass, cost_per_pass_ci95: f.cost_per_pass_ci95, cost_per_pass_ratio: null, cost_per_pass_ratio_ci95: null,
    p_value_cost_per_pass: null,
    other: Object.fromEntries(OTHER_METRICS.map((m) => [m, otherMetric(s[m], med?.[m], null)])) as VariantRow['other'],
    p_adjusted: {}, p_always_valid: {}, p_always_valid_adjusted: {}, decision_ci: null, decision_basis: null, decision_effects: {},
    prob_beat_control: null, prob_best: post.prob_best, expected_loss: post.expected_loss,
    required_n: null, required_usd: null, required_days: null, paired_n: null,
    p_value_pass_paired: null, p_value_cost_paired: null, p_value_cost_paired_usd: null, stratified: null,
    status: null, reason: null,
  };
}

function variantRow(
  w: VariantWork, ctl: ArmSums, spec: ExperimentSpec, ctx: SumsContext, post: { prob_beat_control: number; prob_best: number; expected_loss: number },
  d: Decision, pAdj: Partial<Record<MetricName, number>>, avAdj: Record<DecisionMetric, number[]>, i: number, unit: number | null, k: number,
): VariantRow {
  const s = w.sums;
  const f = armFigures(s);
  const med = ctx.medians?.get(w.value);
  const req = requiredFor(spec, unit, unitVariance(spec.primary_metric, s), ctx.alpha, k);
  const missT = req == null ? null : Math.max(0, req - primaryN(spec.primary_metric, s));
  const missC = req == null ? null : Math.max(0, req - primaryN(spec.primary_metric, ctl));
  const meanT = meanVar(s.cost)?.mean ?? null;
  const meanC = meanVar(ctl.cost)?.mean ?? null;
  const avA: Partial<Record<DecisionMetric, number>> = {};
  for (const m of DECISION_METRICS) if (w.av[m] != null) avA[m] = avAdj[m][i];
  return {
    value: w.value, n: s.n, passes: s.passes, qa_n: s.qa_n, pass_rate: f.pass_rate, pass_ci95: f.pass_ci95, p_value_pass: w.fixed.p_value_pass,
    cost_mean: f.cost_mean, cost_median: med?.cost ?? null, cost_ci95: f.cost_ci95, p_value_cost: w.fixed.p_value_cost,
    geo_mean_ratio: w.fixed.geo_mean_ratio, geo_mean_ratio_ci95: w.fixed.geo_mean_ratio_ci95,
    cost_per_pass: f.cost_per_pass, cost_per_pass_ci95: f.cost_per_pass_ci95,
    cost_per_pass_ratio: w.fixed.cost_per_pass_ratio, cost_per_pass_ratio_ci95: w.fixed.cost_per_pass_ratio_ci95,
    p_value_cost_per_pass: w.fixed.p_value_cost_per_pass,
    other: Object.fromEntries(OTHER_METRICS.map((m) => [m, otherMetric(s[m], med?.[m], w.fixed.other_p[m])])) as VariantRow['other'],
    p_adjusted: pAdj, p_always_valid: { ...w.av }, p_always_valid_adjusted: avA,
    decision_ci: d.ci ? toReported(spec.primary_metric, d.ci) : null, decision_basis: w.confounded_by ? null : w.basis,
    decision_effects: w.confounded_by ? {} : { ...w.effects },
    prob_beat_control: post.prob_beat_control, prob_best: post.prob_best, expected_loss: post.expected_loss,
    required_n: req,
    required_usd: missT == null || missC == null ? null : missT * (meanT ?? 0) + missC * (meanC ?? 0),
    required_days: missT == null || missC == null || ctx.runs_per_day == null ? null : (missT + missC) / ctx.runs_per_day,
    paired_n: w.paired ? w.paired.paired_n : 0,
    p_value_pass_paired: w.paired?.p_value_pass ?? null,
    p_value_cost_paired: w.paired?.p_value_cost_log ?? null,
    p_value_cost_paired_usd: w.paired?.p_value_cost_usd ?? null,
    stratified: w.stratified
      ? { by: w.stratified.by, p_value_pass: w.stratified.p_value_pass, cost_diff_usd: w.stratified.cost_diff_usd, p_value_cost: w.stratified.p_value_cost, cost_ratio: w.stratified.cost_ratio }
      : null,
    status: d.status, reason: d.reason,
  };
}

/**
 * The decision interval in the metric's own terms: a pass-rate difference (variant − control),
 * or a cost ratio variant/control (exp of minus the gain, so the ends swap).
 */
function toReported(metric: DecisionMetric, ci: [number, number]): [number, number] {
  return metric === 'pass_rate' ? ci : [Math.exp(-ci[1]), Math.exp(-ci[0])];
}

const STATUS_ORDER: ExperimentStatus[] = ['winner', 'collecting', 'inconclusive', 'harmful', 'no_difference'];

function experimentStatus(work: VariantWork[], decisions: Decision[]): { status: ExperimentStatus; reason: string; winner: string | null } {
  if (work.length === 0) return { status: 'collecting', reason: 'only one arm', winner: null };
  const winners = work.map((w, i) => ({ w, d: decisions[i] })).filter((x) => x.d.status === 'winner');
  if (winners.length > 0) {
    winners.sort((a, b) => (b.w.primary?.gain ?? 0) - (a.w.primary?.gain ?? 0));
    const top = winners[0];
    return { status: 'winner', reason: `"${top.w.value}": ${top.d.reason}`, winner: top.w.value };
  }
  for (const s of STATUS_ORDER) {
    const i = decisions.findIndex((d) => d.status === s);
    if (i >= 0) return { status: s, reason: `"${work[i].value}": ${decisions[i].reason}`, winner: null };
  }
  return { status: 'collecting', reason: '', winner: null };
}

function sampleRatio(spec: ExperimentSpec, fs: FactorSums, warnings: ExperimentWarning[]): ExperimentResult['srm'] {
  if (!spec.planned_split) return null;
  const entries = Object.entries(spec.planned_split);
  const r = chiSquareGof(entries.map(([v]) => fs.arms.get(v)?.n ?? 0), entries.map(([, w]) => w));
  if (!r) return null;
  const flagged = r.p < 0.001;
  if (flagged) {
    warnings.push({ kind: 'sample_ratio_mismatch', message: `Sample-ratio mismatch: runs per arm (${entries.map(([v]) => `${v} ${fs.arms.get(v)?.n ?? 0}`).join(', ')}) do not fit the planned split (χ² p = ${r.p.toExponential(1)}); assignment may be broken.` });
  }
  return { statistic: r.statistic, p: r.p, flagged };
}

export { DEFAULT_MDE };
