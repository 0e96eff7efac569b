/**
 * Experiments of one project for the surfaces (analyze --json, allocate, the app): the sufficient
 * sums the ingest keeps (agg_exp) when they are current, else a scan of the runs folded into the
 * same sums; declared experiments (runs since their declaration) from the runs;
 * controls from the linked config when it was read. Both paths hand canonically ordered sums to
 * the same engine code (`experimentsFromSums`, `evolutionOfArms`), so they give the same output —
 * except the medians, which sums cannot keep: the scan reports them, the stored path leaves them null.
 */
import { AGGREGATE_FOLD_VERSION } from '../engine/aggregates';
import type { DeclaredExperiment as StoredDeclared } from '../../shared/learning';
import {
  analysisSums, analyzeExperiments, buildAllFactorSums, canonicalSums, EXPERIMENT_FACTORS, evolutionOfArms, experimentsFromSums, factorsOf, runsPerDay,
  runsPerDayOf, type ExperimentResult, type FactorSums,
} from '../engine/experiments';
import { mediansByArm } from '../engine/experiments/analyze';
import { armCounts, armSumsOf, hasArm } from '../engine/experiments/stored-factor-sums';
import type { ArmMedians } from '../engine/experiments/fixed-n';
import type { ProjectExperiments } from '../../shared/experiments';
import type { DeclaredExperiment, ExperimentRun } from '../engine/experiments/types';
import { loadExperimentSums } from '../ingest/experiment-fold';
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

/** The stored sums, when the fold that wrote them is current and the project has some. */
function storedSums(store: Store, projectId: string, controls: Record<string, string>): Prepared | null {
  if (store.aggregates.foldVersion() !== AGGREGATE_FOLD_VERSION) return null;
  const ps = loadExperimentSums(store.experiments, projectId);
  if (!(ps.overall[0] > 0)) return null;
  // The latest value only where the control is not configured (one indexed look-up per factor).
  const need = [...armCounts(ps)].filter(([f, n]) => n >= 2 && !(controls[f] != null && hasArm(ps, f, controls[f]))).map(([f]) => f);
  const sums = analysisSums(ps, store.experiments.latestValues(projectId, need));
  return { sums, runs_per_day: runsPerDayOf(armSumsOf(ps.dated)), latest_ms: armSumsOf(ps.overall).last_ms };
}

/** The scan: every run of the project folded into the same sums, in the same order. */
function scannedSums(store: Store, projectId: string, withMedians: boolean): Prepared {
  const runs = store.experiments.runs(projectId) as ExperimentRun[];
  const factors = runs.length > 0 ? factorsOf(runs) : [...EXPERIMENT_FACTORS];
  const anyDated = runs.some((r) => r.started_ms != null);
  const built = buildAllFactorSums(factors, runs, factors);
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
  return rows.map((e) => ({ name: e.name, factor: e.factor, control: e.control, variants: [e.treatment], start_ms: Date.parse(e.created_at) }));
}

/**
 * The declared experiments' results: they count only the runs since their declaration, which
 * the kept sums cannot cut, so they read the runs (only when the project has some declared).
 */
function declaredResults(store: Store, projectId: string, controls: Record<string, string>, only: string[] | undefined): ExperimentResult[] {
  const declared = engineDeclared(store.declaredExperiments.list(projectId)).filter((d) => !only || only.includes(d.factor));
  if (declared.length === 0) return [];
  const runs = store.experiments.runs(projectId) as ExperimentRun[];
  const factors = [...new Set(declared.map((d) => d.factor))];
  return analyzeExperiments(runs, { controls, declared, only: factors }).filter((e) => e.name != null);
}

/** Options of `projectExperiments`. */
export interface ExperimentReadOptions {
  /** 'scan' ignores the stored sums (tests, the bench); default: stored when current. */
  source?: 'auto' | 'scan';
  /** Medians need the runs: computed on the scan path only (default true). */
  medians?: boolean;
}

/** Experiments (the declared ones first) and version evolution of one project. `only` limits the reported factors. */
export function projectExperiments(store: Store, projectId: string, analysis: ProjectAnalysis | null, only?: string[], opts: ExperimentReadOptions = {}): ProjectExperiments & { source: 'stored' | 'scan' } {
  const controls = configControls(analysis);
  const restrict = only;
  const stored = opts.source === 'scan' ? null : storedSums(store, projectId, controls);
  const p = stored ?? scannedSums(store, projectId, opts.medians ?? true);
  const sums = restrict ? new Map([...p.sums].filter(([f]) => restrict.includes(f))) : p.sums;
  const experiments = [
    ...declaredResults(store, projectId, controls, restrict),
    ...experimentsFromSums(sums, controls, { ...CTX, runs_per_day: p.runs_per_day }, p.medians),
  ];
  const evolution = restrict ? [] : EVOLVING
    .filter((f) => p.sums.has(f))
    .map((f) => evolutionOfArms(p.sums.get(f)!.arms, f, p.latest_ms))
    .filter((e) => e.versions.length >= 2);
  return { experiments, evolution, source: stored ? 'stored' : 'scan' };
}
