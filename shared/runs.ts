/** Projects, runs, events, quarantine, ingest progress, settings and app status as the API returns them. */
import type { QaStatus, RunRecord, RunStatus, TunableField } from './run-record';
import type { RunLabels } from './learning';
import type { LabelRulesInput } from './label-rules';
import type { Confidence } from './profile';
import type { RecommendationCategory, RecommendationKind, RecommendationSettings } from './recommendations';
import type { TuningConfig } from './tuning';

export interface ProjectSummary {
  project_id: string;
  runs_count: number;
  avg_cost: number | null;
  qa_pass_rate: number | null;
  qa_pass_rate_ci: [number, number] | null;
  /** Weekly QA pass rates, oldest first, for a sparkline. */
  trend: Array<{ week_start: string; qa_pass_rate: number | null; avg_cost: number | null }>;
  last_run_at: string | null;
  open_recommendations: number;
  /** The project's first card (by tier, then impact) and its impact; null when there is none. */
  top_recommendation?: {
    category: RecommendationCategory;
    field: TunableField;
    current_value: string | number | null;
    recommended_value: string | number;
    confidence: Confidence;
    kind: RecommendationKind | null;
    estimated_impact: string;
    per_100_runs_usd: number | null;
  } | null;
  config_path: string | null;
}

export interface RunRow {
  run_id: string;
  project_id: string;
  started_at: string | null;
  mode: string | null;
  prompt_strategy: string | null;
  prompt_version: string | null;
  model: string | null;
  rounds_completed: number | null;
  max_rounds: number | null;
  total_cost_usd: number | null;
  duration_s: number | null;
  qa_status: QaStatus | null;
  status: RunStatus | null;
  file: string;
}

export interface EventRecord {
  id: number;
  run_id: string | null;
  file: string;
  line: number;
  type: string;
  at: string | null;
  data: Record<string, unknown>;
}

export interface RunDetail {
  row: RunRow;
  record: RunRecord;
  /** The record exactly as it was read from the file; null when unavailable (see raw_note). */
  raw: unknown;
  /** Set when the raw record cannot be shown, e.g. its file changed on disk since it was read. */
  raw_note?: string;
  line: number;
  events: EventRecord[];
  /** The run's auto-labels (seed 002 §3.1), derived at ingest and stored with the run. */
  labels?: RunLabels;
  /** `ingest`: the stored labels; `read`: derived from the record now (a run stored before labels were kept). */
  labels_source?: 'ingest' | 'read';
}

export interface QuarantineItem {
  id: number;
  file: string;
  line: number | null;
  field: string | null;
  reason: string;
  excerpt: string;
  at: string;
}

export interface IngestProgress {
  phase: 'idle' | 'scanning' | 'ingesting' | 'watching' | 'error';
  folder: string | null;
  files_total: number;
  files_done: number;
  runs_done: number;
  bytes_total: number;
  bytes_done: number;
  started_at: string | null;
  runs_per_s: number | null;
  eta_s: number | null;
  message: string | null;
  /** Runs a provisional profile counts while the ingest is still storing them (issue 7 §6); absent or null otherwise. */
  provisional_runs?: number | null;
}

export interface IngestCounts {
  files: number;
  runs: number;
  events: number;
  quarantined: number;
}

export interface Settings {
  folders: string[];
  /** Linked config file per project. */
  project_configs: Record<string, string>;
  notifications: boolean;
  theme: 'system' | 'light' | 'dark';
  /** Defaults used for projects without a linked config file. */
  tuning_defaults: TuningConfig;
  /** How the recommendations judge quality and price (absent: the defaults). */
  recommendation_settings?: RecommendationSettings;
  /** Overrides of the auto-label thresholds (shared/label-rules.ts; absent: the defaults). Changing them re-derives the stored labels. */
  learning_labels?: LabelRulesInput;
  /** User-named experiment factors: run fields beyond the built-in ones (shared/custom-factors.ts). */
  experiment_factors?: string[];
  /** Folders read before the named factors were set (a re-scan gives their runs the values); from getSettings. */
  experiment_factors_rescan?: string[];
}

export interface AppStatus {
  version: string;
  host: 'electron' | 'browser' | 'test';
  db_path: string;
  data_dir: string;
  folders: string[];
  progress: IngestProgress;
  counts: IngestCounts;
  capabilities: { pick_folder: boolean; pick_file: boolean; reveal_path: boolean; notifications: boolean };
}
