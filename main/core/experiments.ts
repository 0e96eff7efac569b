/**
 * Experiments of one project for the surfaces (analyze --json, allocate, the app): the sufficient
 * sums the ingest keeps (agg_exp) when they are current, else the runs folded into the same sums
 * batch by batch (a bulk load defers the kept ones); declared experiments (runs since their
 * declaration) from the runs; controls from the linked config when it was read. The scan (tests,
 * the bench) reads the runs whole. Every path hands canonically ordered sums to the same engine
 * code (`experimentsFromSums`, `evolutionOfArms`), so they give the same output — except the
 * medians, which sums cannot keep: the scan computes them from the runs; the kept and folded
 * sums read every median off per-arm histograms (`storedMedians`).
 */
import { FACTORS } from '../../shared/run-record';
import { AGGREGATE_FOLD_VERSION, emptyProject, foldRun, type ProjectAggregates } from '../engine/aggregates';
import { costQuantiles } from '../engine/cost-quantiles';
import type { DeclaredExperiment as StoredDeclared } from '../../shared/learning';
import {
  analysisSums, analyzeExperiments, buildAllFactorSums, canonicalSums, EXPERIMENT_FACTORS, evolutionOfArms, experimentsFromSums, runsPerDay,
  runsPerDayOf, type ExperimentResult, type FactorSums, type ProjectExperimentSums,
} from '../engine/experiments';
import { mediansByArm, runsPerDayOfSpan } from '../engine/experiments/analyze';
import { armCounts, armSumsOf, hasArm } from '../engine/experiments/stored-factor-sums';
import type { ArmMedians } from '../engine/experiments/fixed-n';
import type { ProjectExperiments } from '../../shared/experiments';
import type { DeclaredExperiment, ExperimentRun } from '../engine/experiments/types';
import { armCostMedians, BINNED_METRICS, BINS_DIM, binsKey } from '../engine/experiments/arm-histograms';
import { CUSTOM_PREFIX, customArmCell, customFactorSums } from '../engine/experiments/custom-sums';
import { experimentAccumulator, loadExperimentSums } from '../ingest/experiment-fold';
import { storedCustomFactors } from '../ingest/session';
import type { Store } from '../store';
import type { ProjectAnalysis } from './analysis';

export type { ProjectExperiments };

/** Controls from the linked config: only when the config was read (else the engine assumes and warns). */
export function configControls(analysis: ProjectAnalysis | null): Record<string, string> {
  if (!analysis || analysis.recommendations.current_source !== 'config') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(analysis.recommendations.current_config)) if (typeof v === 'string') out[k] = v;
  return out;
}

const EVOLVING = ['prompt_version', 'recipe'];
const CTX = { alpha: 0.05 };

interface Prepared {
  sums: Map<string, FactorSums>;
  runs_per_day: number | null;
  latest_ms: number | null;
  medians?: Map<string, Map<string, ArmMedians>>;
}

/** The stored sums, when the fold that wrote them is current and the project has some; `named`: the user-named factors reported. */
async function storedSums(store: Store, projectId: string, controls: Record<string, string>, named: readonly string[]): Promise<Prepared | null> {
  if (await store.aggregates.foldVersion() !== AGGREGATE_FOLD_VERSION) return null;
  const ps = await loadExperimentSums(store.experiments, projectId);
  if (!(ps.overall[0] > 0)) return null;
  return await preparedOf(store, projectId, ps, await store.aggregates.load(projectId), controls, named);
}

/**
 * When the kept sums are not current (a bulk load writes them at its end, or another fold
 * version wrote them): the project's runs folded into the same sums batch by batch, as the
 * rebuild does, so memory is bounded by the sums, not the runs (reading a 1 000 000-run
 * project's runs whole took 2.2 GB), and the answer is the one the kept sums will give.
 */
async function foldedSums(store: Store, projectId: string, controls: Record<string, string>, named: readonly string[]): Promise<Prepared | null> {
  const exp = experimentAccumulator();
  const agg = emptyProject(projectId);
  for await (const f of store.runs.factsOfProject(projectId)) foldRun(agg, exp.add(f), 1);
  const sums = exp.done();
  if (!(sums.overall[0] > 0)) return null;
  return await preparedOf(store, projectId, sums, agg, controls, named);
}

async function preparedOf(
  store: Store, projectId: string, ps: ProjectExperimentSums, agg: ProjectAggregates | null, controls: Record<string, string>, named: readonly string[],
): Promise<Prepared> {
  const custom = ps.custom.filter((c) => named.includes(c.name));
  // The latest value only where the control is not configured (one indexed look-up per factor).
  const counts = [...armCounts(ps), ...custom.map((c) => [c.name, c.arms.size] as const)];
  const need = counts.filter(([f, n]) => n >= 2 && !(controls[f] != null && (hasArm(ps, f, controls[f]) || customArmCell(ps, f, controls[f])))).map(([f]) => f);
  const latest = await store.experiments.latestValues(projectId, need);
  const sums = analysisSums(ps, latest);
  const anyDated = ps.dated[0] > 0;
  for (const c of custom) {
    const fs = canonicalSums(customFactorSums(ps, c), anyDated);
    fs.latest_value = latest[c.name] ?? null;
    sums.set(c.name, fs);
  }
  return { sums, runs_per_day: runsPerDayOf(armSumsOf(ps.dated)), latest_ms: armSumsOf(ps.overall).last_ms, medians: storedMedians(agg, ps, custom.map((c) => c.name)) };
}

/**
 * Cost medians per arm from cost histograms (0.1 % wide bins with each bin's exact sum: exact when
 * a bin's runs share one cost — cents-rounded costs below $10 always do — else within 0.1 %): the
 * profile's per factor value (agg_arm bins: mode, prompt_strategy, model, prompt_version), the
 * experiments' fold's for recipe and the named factors; duration, tokens, retries and rating
 * medians off the fold's histograms of every factor's arms.
 */
function storedMedians(agg: ProjectAggregates | null, ps: ProjectExperimentSums, named: readonly string[]): Map<string, Map<string, ArmMedians>> {
  const out = new Map<string, Map<string, ArmMedians>>();
  if (agg) {
    for (const f of FACTORS) {
      const m = new Map<string, ArmMedians>();
      for (const [value, arm] of agg.factors[f]) m.set(value, { cost: costQuantiles(arm, [0.5])[0] });
      out.set(f, m);
    }
  }
  const keyOf = (f: string) => (named.includes(f) ? CUSTOM_PREFIX + f : f);
  const at = (f: string) => {
    let m = out.get(f);
    if (!m) out.set(f, (m = new Map()));
    return m;
  };
  const set = (f: string, metric: 'cost' | (typeof BINNED_METRICS)[number], dim: string) => {
    for (const [arm, v] of armCostMedians(ps.bins.get(binsKey(dim, keyOf(f))))) {
      const m = at(f);
      m.set(arm, { ...m.get(arm), [metric]: v });
    }
  };
  for (const f of ['recipe', ...named]) set(f, 'cost', BINS_DIM);
  for (const f of [...EXPERIMENT_FACTORS, ...named]) for (const metric of BINNED_METRICS) set(f, metric, `${BINS_DIM}:${metric}`);
  return out;
}

/** The scan (tests and the bench compare the kept sums with it): every run of the project read and folded into the same sums, in the same order (named factors stratified by the built-in ones); medians exact. */
async function scannedSums(store: Store, projectId: string, withMedians: boolean, named: readonly string[]): Promise<Prepared> {
  const runs = await store.experiments.runs(projectId) as ExperimentRun[];
  const builtIn = [...EXPERIMENT_FACTORS];
  const factors = [...builtIn, ...named.filter((n) => runs.some((r) => r.factors[n] != null))];
  const anyDated = runs.some((r) => r.started_ms != null);
  const built = buildAllFactorSums(factors, runs, builtIn);
  const sums = new Map([...built].map(([f, fs]) => [f, canonicalSums(fs, anyDated)]));
  let latest = -Infinity;
  for (const r of runs) if (r.started_ms != null && r.started_ms > latest) latest = r.started_ms;
  return {
    sums, runs_per_day: runsPerDay(runs), latest_ms: Number.isFinite(latest) ? latest : null,
    medians: withMedians ? new Map(factors.map((f) => [f, mediansByArm(f, runs)])) : undefined,
  };
}

/**
 * Declared experiments as the engine reads them: the treatment is the one variant, and only runs
 * since the declaration count (the A/B protocol starts then).
 */
export function engineDeclared(rows: readonly StoredDeclared[]): DeclaredExperiment[] {
  return rows.map((e) => {
    const s = e.spec ?? {};
    const d: DeclaredExperiment = { name: e.name, factor: e.factor, control: e.control, variants: s.variants ?? [e.treatment], start_ms: Date.parse(s.start_at ?? e.created_at) };
    if (s.primary_metric) d.primary_metric = s.primary_metric;
    if (s.guardrails && s.guardrails.length > 0) d.guardrails = s.guardrails;
    if (s.mde != null) d.mde = s.mde;
    if (s.planned_split) d.planned_split = s.planned_split;
    return d;
  });
}

/**
 * The declared experiments' results: they count only the runs since their declaration, which
 * the kept sums cannot cut, so they read the runs (only when the project has some declared).
 */
async function declaredResults(store: Store, projectId: string, controls: Record<string, string>, only: string[] | undefined): Promise<ExperimentResult[]> {
  const declared = engineDeclared(await store.declaredExperiments.list(projectId)).filter((d) => !only || only.includes(d.factor));
  if (declared.length === 0) return [];
  // Only the runs since the earliest start count (a project's whole history would be read per
  // request); the runs per day stay the whole project's, as the required-days estimate uses them.
  const starts = declared.map((d) => d.start_ms).filter((t) => Number.isFinite(t));
  const since = starts.length === declared.length ? Math.min(...starts) : undefined;
  const runs = await store.experiments.runs(projectId, since) as ExperimentRun[];
  const span = await store.experiments.datedSpan(projectId);
  const perDay = span.first_ms == null || span.last_ms == null ? null : runsPerDayOfSpan(span.n, span.first_ms, span.last_ms);
  const factors = [...new Set(declared.map((d) => d.factor))];
  return analyzeExperiments(runs, { controls, declared, only: factors, factors: [...EXPERIMENT_FACTORS], runs_per_day: perDay }).filter((e) => e.name != null);
}

/**
 * The undeclared experiments of the built-in factors in `only` — what the recommendations judge:
 * from the kept sums when they are current (no scan of the runs), else from a scan.
 */
export async function factorExperiments(store: Store, projectId: string, controls: Record<string, string>, only: readonly string[]): Promise<ExperimentResult[]> {
  const p = await storedSums(store, projectId, controls, []) ?? await foldedSums(store, projectId, controls, []) ?? await scannedSums(store, projectId, true, []);
  const sums = new Map([...p.sums].filter(([f]) => only.includes(f)));
  return experimentsFromSums(sums, controls, { ...CTX, runs_per_day: p.runs_per_day }, p.medians);
}

/** Options of `projectExperiments`. */
export interface ExperimentReadOptions {
  /**
   * Default ('auto'): the kept sums when current, else the runs folded into sums batch by batch;
   * 'folded' forces the latter, 'scan' reads the runs whole (tests and the bench compare them).
   */
  source?: 'auto' | 'folded' | 'scan';
  /** Medians need the runs: computed on the scan path only (default true). */
  medians?: boolean;
}

/** Experiments (the declared ones first) and version evolution of one project. `only` limits the reported factors. */
export async function projectExperiments(store: Store, projectId: string, analysis: ProjectAnalysis | null, only?: string[], opts: ExperimentReadOptions = {}): Promise<ProjectExperiments & { source: 'stored' | 'folded' | 'scan' }> {
  const controls = configControls(analysis);
  const restrict = only;
  const named = await storedCustomFactors(store);
  const stored = opts.source === 'scan' || opts.source === 'folded' ? null : await storedSums(store, projectId, controls, named);
  const folded = stored || opts.source === 'scan' ? null : await foldedSums(store, projectId, controls, named);
  const p = stored ?? folded ?? await scannedSums(store, projectId, opts.medians ?? true, named);
  const sums = restrict ? new Map([...p.sums].filter(([f]) => restrict.includes(f))) : p.sums;
  const experiments = [
    ...await declaredResults(store, projectId, controls, restrict),
    ...experimentsFromSums(sums, controls, { ...CTX, runs_per_day: p.runs_per_day }, p.medians),
  ];
  const evolution = restrict ? [] : EVOLVING
    .filter((f) => p.sums.has(f))
    .map((f) => evolutionOfArms(p.sums.get(f)!.arms, f, p.latest_ms))
    .filter((e) => e.versions.length >= 2);
  return { experiments, evolution, source: stored ? 'stored' : folded ? 'folded' : 'scan', named_factors: named };
}
