/** Auto-tune settings of a project and where each value comes from; the strategies a config lists. */
import type { Confidence } from './profile';

export interface TuningConfig {
  enabled: boolean;
  apply_safely: boolean;
  min_runs_for_recommendations: number;
  confidence_threshold: Confidence;
}

/**
 * Where a project's auto-tune setting comes from: its own `projects.<id>.auto_tune` section,
 * the file's top-level `auto_tune` (shared by every project in the file), or the built-in default.
 */
export type TuningSource = 'project' | 'file' | 'default';

/** A project's effective auto-tune settings, where each comes from, and what it would inherit. */
export interface TuningState extends TuningConfig {
  config_path: string | null;
  sources: Record<keyof TuningConfig, TuningSource>;
  /** The values without the project's own section (top level over the defaults). */
  inherited: TuningConfig;
}

export const DEFAULT_TUNING: TuningConfig = {
  enabled: false,
  apply_safely: true,
  min_runs_for_recommendations: 5,
  confidence_threshold: 'medium',
};

export interface StrategiesResult {
  default_strategy: string | null;
  strategies: Record<string, { file?: string; description?: string }>;
}
