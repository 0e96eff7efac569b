/** The ledger of applied config changes: what changed, what it inherited, predicted vs realised outcome. */
import type { TunableField } from './run-record';
import type { Recommendation } from './recommendations';

export interface ArmOutcome {
  runs: number;
  /** Mean dollars per run ($0 runs included); cost_ci is its 95 % t-interval (engine/outcome.ts). */
  cost_per_run: number | null;
  cost_ci: [number, number] | null;
  qa_pass_rate: number | null;
  qa_ci: [number, number] | null;
}

/**
 * What a project had where its own key was absent: the value it inherited and from where
 * (today only the file's top level: "5, from the top-level default").
 */
export interface InheritedValue {
  value: unknown;
  /** Dotted path of the key the value came from, e.g. `max_rounds`. */
  key_path: string;
  source: 'top-level';
}

export interface LedgerEntry {
  id: number;
  project_id: string;
  config_path: string;
  /** Dotted JSON path of the key that changed, e.g. `prompts.default_strategy`. */
  key_path: string;
  field: TunableField | 'auto_tune';
  before_value: unknown;
  after_value: unknown;
  applied_at: string;
  applied_by: 'user' | 'auto-tune';
  recommendation: Recommendation | null;
  backup_path: string | null;
  status: 'applied' | 'undone';
  undone_at: string | null;
  /** Set on the row that records an undo: the change it reverted. */
  undo_of: number | null;
  /** When before_value / after_value is null (key absent), what the project inherited then. */
  before_inherited?: InheritedValue | null;
  after_inherited?: InheritedValue | null;
  /** Predicted vs realised effect, once enough runs ran under the new setting. */
  outcome: {
    min_runs: number;
    runs_since: number;
    ready: boolean;
    predicted: ArmOutcome | null;
    realised: ArmOutcome | null;
  } | null;
}
