/**
 * Profile + recommendations for one project, cached until the project's runs or its config change.
 * Reads aggregates kept at ingest for the profile, and the experiments' sums kept at ingest for the
 * experiments behind the factor cards (core/experiments.ts; the runs only when those are not current).
 */
import { statSync } from 'node:fs';
import { DEFAULT_RECOMMENDATION_SETTINGS, type ProjectProfile, type RecommendationSettings, type RecommendationsResult, type Settings, type TuningConfig, type TuningSource } from '../../shared/domain';
import type { ProjectAggregates } from '../../shared/aggregates';
import type { ProjectHealth } from '../../shared/health';
import type { TunableField } from '../../shared/run-record';
import { readProjectConfig } from '../config/project-config';
import { buildProfile } from '../engine/profile';
import { ARM_FACTORS, generateRecommendations } from '../engine/recommend';
import { profileFromExperiments } from '../engine/recommend/profile-from-experiments';
import { guardRecovery, recoveryRecommendations } from '../engine/recommend/recovery';
import type { RoundsOutcome } from '../engine/recommend/rounds';
import type { Store } from '../store';
import { factorExperiments } from './experiments';
import { UserError } from './types';

export interface ProjectAnalysis {
  profile: ProjectProfile;
  recommendations: RecommendationsResult;
  tuning: TuningConfig;
  /** Where each auto-tune value comes from, and what the project inherits without its own section. */
  tuning_sources: Record<keyof TuningConfig, TuningSource>;
  tuning_inherited: TuningConfig;
  config_path: string | null;
  config_error: string | null;
}

interface CacheEntry {
  key: string;
  analysis: ProjectAnalysis;
}

/** Caches analyses per project; the key is the project's run version plus its config's identity. */
export class AnalysisCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly store: Store,
    private readonly configPathOf: (projectId: string) => Promise<string | null>,
    private readonly settings: () => Promise<Settings>,
    /** The project's health, whose recovery proposals become recommendations; none when absent. */
    private readonly healthOf?: (projectId: string) => Promise<ProjectHealth>,
  ) {}

  async get(projectId: string): Promise<ProjectAnalysis> {
    const configPath = await this.configPathOf(projectId);
    const s = await this.settings();
    // The ledger's max_rounds changes are part of the key: the rounds rule's hysteresis reads them.
    const ledger = (await this.store.ledger.limitChanges(projectId)).map((c) => `${c.applied_ms}:${c.after}`).join(',');
    const key = `${await this.store.aggregates.version(projectId)}|${configPath ?? ''}|${fileStamp(configPath)}|${JSON.stringify(s.tuning_defaults)}|${JSON.stringify(s.recommendation_settings ?? null)}|${ledger}`;
    const hit = this.entries.get(projectId);
    if (hit && hit.key === key) return hit.analysis;
    const analysis = await analyzeProject(this.store, projectId, configPath, s.tuning_defaults, s.recommendation_settings, this.healthOf);
    this.entries.set(projectId, { key, analysis });
    return analysis;
  }

  invalidate(projectId?: string): void {
    if (projectId) this.entries.delete(projectId);
    else this.entries.clear();
  }
}

function fileStamp(path: string | null): string {
  if (!path) return '';
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return 'missing';
  }
}

/**
 * Runs the whole analysis for one project (no cache). With `healthOf`, health's recovery
 * proposals come first among the recommendations (a degradation is more urgent than a saving).
 */
/**
 * The rounds rule's outcome rows (runs by rounds, own limit and how they ended) from the cells the
 * ingest keeps with each rounds count; the runs' GROUP BY only while rows of an older fold remain.
 */
export async function roundsOutcomes(store: Store, projectId: string, agg: ProjectAggregates): Promise<RoundsOutcome[]> {
  const rows = [...agg.rounds.values()];
  if (rows.some((r) => r.outcomes == null)) return await store.runs.roundsOutcomes(projectId);
  return rows.flatMap((r) => (r.outcomes ?? []).map((c) => ({ rounds: r.rounds, ...c })));
}

export async function analyzeProject(
  store: Store, projectId: string, configPath: string | null, tuningDefaults: TuningConfig,
  recSettings: RecommendationSettings = DEFAULT_RECOMMENDATION_SETTINGS,
  healthOf?: (projectId: string) => Promise<ProjectHealth>,
): Promise<ProjectAnalysis> {
  const agg = await store.aggregates.load(projectId);
  if (!agg) throw new UserError(`No runs for project "${projectId}".`, 'not-found');

  let tuning: TuningConfig = { ...tuningDefaults, enabled: false };
  let tuningSources: Record<keyof TuningConfig, TuningSource> = { enabled: 'default', apply_safely: 'default', min_runs_for_recommendations: 'default', confidence_threshold: 'default' };
  let tuningInherited: TuningConfig = tuning;
  let current: Partial<Record<TunableField, string | number>> = {};
  let source: RecommendationsResult['current_source'] = 'none';
  let configError: string | null = null;

  if (configPath) {
    try {
      const cfg = readProjectConfig(configPath, projectId);
      tuning = cfg.tuning;
      tuningSources = cfg.tuningSources;
      tuningInherited = cfg.tuningInherited;
      current = cfg.current;
      source = 'config';
    } catch (err) {
      configError = err instanceof Error ? err.message : String(err);
    }
  }
  const latest = await store.runs.latestSettings(projectId);
  const assumed: TunableField[] = [];
  if (source !== 'config') {
    if (latest && Object.keys(latest).length > 0) {
      current = latest;
      source = 'latest-run';
    }
  } else if (latest) {
    // A field the config leaves unset (often prompt_version, recipe) still has a value the runs
    // use: the latest run's, taken as the control and named as assumed.
    current = { ...current };
    for (const [k, v] of Object.entries(latest) as Array<[TunableField, string | number]>) {
      if (current[k] == null && v != null) {
        current[k] = v;
        assumed.push(k);
      }
    }
  }

  // The experiments engine judges every factor; the current values are its controls. It reads the
  // sums kept at ingest (the runs folded into the same sums, batch by batch, only when they are not current).
  const controls: Record<string, string> = {};
  for (const f of ARM_FACTORS) if (current[f.field] != null) controls[f.factor] = String(current[f.field]);
  const experiments = await factorExperiments(store, projectId, controls, ARM_FACTORS.map((f) => f.factor));
  const profile = profileFromExperiments(buildProfile(agg, { min_runs_for_recommendations: tuning.min_runs_for_recommendations }), experiments);
  const generated = generateRecommendations({
    project_id: projectId, profile, agg, current, tuning, experiments,
    settings: { qa_margin: recSettings.qa_margin, willingness_to_pay_usd: recSettings.willingness_to_pay_usd[projectId] ?? null },
    limits: { rounds: await roundsOutcomes(store, projectId, agg), changes: await store.ledger.limitChanges(projectId) },
  });
  // Health's reverts are checked against the same experiments: confounded, $0 or worse-QA reverts are held back.
  const recovery = guardRecovery(healthOf ? recoveryRecommendations(projectId, await healthOf(projectId), current) : [], experiments, recSettings.qa_margin);
  // One considered entry per arm: a held revert of an arm already listed adds its reason there.
  const considered = generated.considered.map((c) => ({ ...c }));
  for (const h of recovery.considered) {
    const same = considered.find((c) => c.field === h.field && c.value === h.value);
    if (!same) considered.push(h);
    else {
      same.evidence = { ...same.evidence, revert_held: 1 };
      same.reason += same.reason_kind === h.reason_kind ? ` Health's revert to ${h.value} is held back for the same reason.` : ` ${h.reason}`;
    }
  }
  return {
    profile,
    recommendations: {
      project_id: projectId,
      recommendations: [...recovery.recommendations, ...generated.recommendations],
      insufficient: generated.insufficient,
      considered,
      current_source: source,
      current_config: current,
      ...(assumed.length ? { assumed_from_latest_run: assumed } : {}),
      config_path: configPath,
      config_error: configError,
    },
    tuning,
    tuning_sources: tuningSources,
    tuning_inherited: tuningInherited,
    config_path: configPath,
    config_error: configError,
  };
}
