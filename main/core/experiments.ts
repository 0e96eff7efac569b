/**
 * Experiments of one project for the surfaces (analyze --json, allocate): reads the runs' facts
 * from the store, takes the controls from the linked config when it was read, and hands both to
 * the pure engine.
 */
import type { ProjectExperiments } from '../../shared/experiments';
import type { DeclaredExperiment as StoredDeclared } from '../../shared/learning';
import { analyzeExperiments, versionEvolution } from '../engine/experiments';
import type { DeclaredExperiment } from '../engine/experiments/types';
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

/**
 * Declared experiments as the engine reads them: the treatment is the one variant, and only runs
 * since the declaration count (the A/B protocol starts then).
 */
export function engineDeclared(rows: readonly StoredDeclared[]): DeclaredExperiment[] {
  return rows.map((e) => ({ name: e.name, factor: e.factor, control: e.control, variants: [e.treatment], start_ms: Date.parse(e.created_at) }));
}

/** Experiments (the declared ones first) and version evolution of one project. `only` limits the reported factors. */
export function projectExperiments(store: Store, projectId: string, analysis: ProjectAnalysis | null, only?: string[]): ProjectExperiments {
  const runs = store.experiments.runs(projectId);
  const declared = engineDeclared(store.declaredExperiments.list(projectId));
  const experiments = analyzeExperiments(runs, { controls: configControls(analysis), only, declared });
  const evolution = only ? [] : ['prompt_version', 'recipe']
    .map((f) => versionEvolution(runs, f))
    .filter((e) => e.versions.length >= 2);
  return { experiments, evolution };
}
