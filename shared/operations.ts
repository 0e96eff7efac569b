/**
 * The schema table of operations, keyed by the name list of shared/operation-names.ts: each
 * operation's request schema (zod), result type and whether it mutates. IPC (preload + main),
 * the browser-mode HTTP bridge, the renderer client and the transport tests all derive from the
 * name list, so they cannot drift apart. Requests are validated with these schemas in the main
 * process / server before any handler runs.
 */
import { z } from 'zod';
import { OPERATION_NAMES, type OperationGroup, type OperationName, type OperationNameOf } from './operation-names';
import type {
  AppStatus,
  IngestProgress,
  InheritedValue,
  LedgerEntry,
  ProjectProfile,
  ProjectSummary,
  QuarantineItem,
  RecommendationsResult,
  RunDetail,
  RunRow,
  Settings,
  TuningState,
} from './domain';
import type { ProjectExperiments } from './experiments';
import type { HealthView } from './health';
import type { PatternRunsResult } from './error-pattern-runs';
import { TREND_RANGES, type TrendsResult } from './trends';
import { DECLARED_METRICS } from './declared-spec';
import type { DeclaredExperiment, LearningResult } from './learning';

/**
 * A learning report written into the app data folder. `content` is the text (HTML or markdown)
 * so browser mode can offer it as a download; null for a PDF (desktop only).
 */
export interface ExportedReport {
  path: string;
  format: 'html' | 'md' | 'pdf';
  file_name: string;
  content: string | null;
}

interface OperationDef<Req extends z.ZodType, Res> {
  request: Req;
  /** Type-only marker for the result; never read at runtime. */
  result: Res;
  /** Mutations change state on disk; transports may treat them differently (POST vs GET). */
  mutates: boolean;
}

function op<Res>() {
  return <Req extends z.ZodType>(request: Req, mutates = false): OperationDef<Req, Res> => ({
    request,
    result: undefined as unknown as Res,
    mutates,
  });
}

const projectId = z.string().min(1).max(500);
const none = z.object({}).strict();
const confidence = z.enum(['high', 'medium', 'low']);

export const runsQuerySchema = z
  .object({
    project_id: projectId,
    mode: z.string().optional(),
    prompt_strategy: z.string().optional(),
    model: z.string().optional(),
    status: z.string().optional(),
    qa_status: z.enum(['passed', 'warning', 'failed']).optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    sort: z
      .enum(['started_at', 'total_cost_usd', 'duration_s', 'rounds_completed', 'mode', 'prompt_strategy', 'model', 'qa_status', 'status'])
      .default('started_at'),
    dir: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type RunsQuery = z.input<typeof runsQuerySchema>;

export const settingsPatchSchema = z
  .object({
    notifications: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    tuning_defaults: z
      .object({
        min_runs_for_recommendations: z.number().int().min(1).max(10_000).optional(),
        confidence_threshold: confidence.optional(),
        apply_safely: z.boolean().optional(),
      })
      .strict()
      .optional(),
    recommendation_settings: z
      .object({
        qa_margin: z.number().min(0).max(0.5).optional(),
        /** Per project, dollars per extra passed run; a null value removes the project's setting. */
        willingness_to_pay_usd: z.record(z.string(), z.number().min(0).nullable()).optional(),
      })
      .strict()
      .optional(),
    /** Auto-label thresholds (shared/label-rules.ts) merged over the stored ones; null: back to the defaults. Re-derives the stored labels. */
    learning_labels: z
      .object({
        maxRetries: z.number().int().min(0).max(1000).optional(),
        highSuccess: z.number().min(0).max(1).optional(),
        highMaxRetries: z.number().min(0).max(1000).optional(),
        mediumSuccess: z.number().min(0).max(1).optional(),
        minRunsPerVersion: z.number().int().min(1).max(1_000_000).optional(),
        productionReady: z.number().min(0).max(100).optional(),
        minorFixes: z.number().min(0).max(100).optional(),
        weights: z
          .object({ coverage: z.number().min(0).optional(), security: z.number().min(0).optional(), performance: z.number().min(0).optional(), rework: z.number().min(0).optional() })
          .strict()
          .optional(),
        qualityMinInputs: z.number().int().min(1).max(4).optional(),
      })
      .strict()
      .nullable()
      .optional(),
    /** User-named experiment factors (checked by checkCustomFactors: built-ins and bad names are refused). */
    experiment_factors: z.array(z.string().max(300)).max(50).optional(),
  })
  .strict();

/** Auto-tune values to write; `null` removes the key so the value is inherited again. */
export const tuningPatchSchema = z
  .object({
    enabled: z.boolean().nullable().optional(),
    apply_safely: z.boolean().nullable().optional(),
    min_runs_for_recommendations: z.number().int().min(1).max(10_000).nullable().optional(),
    confidence_threshold: confidence.nullable().optional(),
  })
  .strict();

/** `file`: the top-level `auto_tune` (every project in the file); `project`: `projects.<id>.auto_tune`. */
const tuningScope = z.enum(['file', 'project']).default('file');

export const operations = {
  getStatus: op<AppStatus>()(none),
  getIngestProgress: op<IngestProgress>()(none),
  listProjects: op<ProjectSummary[]>()(none),
  getProfile: op<ProjectProfile>()(z.object({ project_id: projectId }).strict()),
  getRecommendations: op<RecommendationsResult>()(z.object({ project_id: projectId }).strict()),
  getExperiments: op<ProjectExperiments>()(z.object({ project_id: projectId }).strict()),
  previewApply: op<{
    config_path: string;
    diff: string;
    base_hash: string;
    key_path: string;
    before_value: unknown;
    after_value: unknown;
    /** When before_value is null: what the project inherits now (e.g. the top-level value). */
    before_inherited: InheritedValue | null;
  }>()(
    z.object({ project_id: projectId, recommendation_id: z.string().min(1) }).strict(),
  ),
  applyRecommendation: op<LedgerEntry>()(
    z.object({ project_id: projectId, recommendation_id: z.string().min(1), base_hash: z.string().min(1) }).strict(),
    true,
  ),
  declareExperiment: op<DeclaredExperiment>()(
    z
      .object({
        project_id: projectId,
        /** A built-in factor or a user-named one (the handler checks which). */
        factor: z.string().trim().min(1).max(300),
        control: z.string().trim().min(1).max(200),
        /** The one treatment (the learning suggestions), or the first of `variants`. */
        treatment: z.string().trim().min(1).max(200).optional(),
        variants: z.array(z.string().trim().min(1).max(200)).min(1).max(20).optional(),
        start_at: z.string().max(40).optional(),
        primary_metric: z.enum(DECLARED_METRICS).optional(),
        guardrails: z.array(z.enum(DECLARED_METRICS)).max(3).optional(),
        mde: z.number().optional(),
        planned_split: z.record(z.string(), z.number()).optional(),
        name: z.string().trim().min(1).max(200).optional(),
        suggestion_id: z.string().regex(/^SUG-[0-9a-f]{8}$/, 'must be a suggestion id (SUG- and 8 hex digits)').optional(),
        hypothesis: z.string().max(2000).optional(),
      })
      .strict(),
    true,
  ),
  listDeclaredExperiments: op<DeclaredExperiment[]>()(z.object({ project_id: projectId }).strict()),
  deleteDeclaredExperiment: op<{ id: number }>()(z.object({ id: z.number().int().positive() }).strict(), true),
  previewUndo: op<{ config_path: string; diff: string; base_hash: string }>()(z.object({ change_id: z.number().int().positive() }).strict()),
  undoChange: op<LedgerEntry>()(z.object({ change_id: z.number().int().positive(), base_hash: z.string().min(1).optional() }).strict(), true),
  listLedger: op<LedgerEntry[]>()(z.object({ project_id: projectId.optional() }).strict()),
  listRuns: op<{ total: number; rows: RunRow[] }>()(runsQuerySchema),
  getRunFacets: op<{ mode: string[]; prompt_strategy: string[]; model: string[]; status: string[] }>()(
    z.object({ project_id: projectId }).strict(),
  ),
  getRun: op<RunDetail>()(z.object({ project_id: projectId, run_id: z.string().min(1) }).strict()),
  listQuarantine: op<{ total: number; items: QuarantineItem[] }>()(
    z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  ),
  getTuningConfig: op<TuningState>()(z.object({ project_id: projectId }).strict()),
  /** The auto-tune switch, file-wide or for one project (`enabled: null` with `project`: inherit). */
  setAutoTune: op<TuningState>()(z.object({ project_id: projectId, enabled: z.boolean().nullable(), scope: tuningScope }).strict(), true),
  updateTuningConfig: op<TuningState>()(z.object({ project_id: projectId, patch: tuningPatchSchema, scope: tuningScope }).strict(), true),
  getSettings: op<Settings>()(none),
  updateSettings: op<Settings>()(settingsPatchSchema, true),
  addFolder: op<Settings>()(z.object({ path: z.string().min(1).max(4096) }).strict(), true),
  removeFolder: op<Settings>()(z.object({ path: z.string().min(1).max(4096) }).strict(), true),
  /** Native folder picker (desktop); browser mode answers `{ path: null, supported: false }`. */
  pickFolder: op<{ path: string | null; supported: boolean }>()(none),
  pickConfigFile: op<{ path: string | null; supported: boolean }>()(none),
  linkConfig: op<Settings>()(z.object({ project_id: projectId, path: z.string().min(1).max(4096).nullable() }).strict(), true),
  createDemoData: op<Settings>()(none, true),
  revealPath: op<{ supported: boolean }>()(z.object({ path: z.string().min(1).max(4096) }).strict()),
  rescan: op<{ started: boolean }>()(none, true),
  /** The project's health (docs/health.md): grade, alerts, proposals, baselines, anomalies, patterns; a timeline per alert. */
  getHealth: op<HealthView>()(z.object({ project_id: projectId }).strict()),
  /** The runs of one error pattern (its template id from `health.error_patterns[].id`), latest first, from the runs the miner read. */
  getPatternRuns: op<PatternRunsResult>()(
    z
      .object({
        project_id: projectId,
        template_id: z.string().regex(/^t[0-9a-f]{8}(-\d+)?$/, 'a template id like t1a2b3c4d'),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
  ),
  /** Runs, spend and pass rate per day or week over a range ending at the latest run, with totals and a breakdown. */
  getTrends: op<TrendsResult>()(
    z
      .object({
        project_id: projectId,
        range: z.enum(TREND_RANGES).default('all'),
        bucket: z.enum(['day', 'week']).default('week'),
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional(),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional(),
      })
      .strict(),
  ),
  getLearning: op<LearningResult>()(z.object({ project_id: projectId }).strict()),
  exportReport: op<ExportedReport>()(
    z.object({ project_id: projectId.optional(), format: z.enum(['html', 'md', 'pdf']) }).strict(),
    true,
  ),
  // `satisfies` over the name list: a missing or an extra operation fails the build.
} satisfies { [K in OperationName]: OperationDef<z.ZodType, unknown> };

export type Operations = typeof operations;
export { OPERATION_NAMES, isOperationName, channelOf, EVENT_CHANNEL, type OperationName } from './operation-names';
export type OpRequest<K extends OperationName> = z.input<Operations[K]['request']>;
export type OpParsedRequest<K extends OperationName> = z.output<Operations[K]['request']>;
export type OpResult<K extends OperationName> = Operations[K]['result'];

/** What a client sees: one async function per operation. */
export type RunBrainApi = { [K in OperationName]: (req: OpRequest<K>) => Promise<OpResult<K>> };
/** What main implements: handlers receive already-validated requests. */
export type RunBrainHandlers = { [K in OperationName]: (req: OpParsedRequest<K>) => Promise<OpResult<K>> };
/** The handlers of one group of operations (one main/core/handlers/<group>.ts module). */
export type HandlersOf<G extends OperationGroup> = Pick<RunBrainHandlers, OperationNameOf<G>>;

export class ValidationError extends Error {
  constructor(
    readonly operation: string,
    readonly issues: string,
  ) {
    super(`Invalid request for ${operation}: ${issues}`);
    this.name = 'ValidationError';
  }
}

/** Validates an untrusted payload for an operation; throws ValidationError with a readable reason. */
export function parseRequest<K extends OperationName>(name: K, payload: unknown): OpParsedRequest<K> {
  if (!OPERATION_NAMES.includes(name)) throw new ValidationError(String(name), 'unknown operation');
  const result = operations[name].request.safeParse(payload ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(request)'}: ${i.message}`).join('; ');
    throw new ValidationError(name, issues);
  }
  return result.data as OpParsedRequest<K>;
}
