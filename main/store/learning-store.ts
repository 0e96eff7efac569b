/**
 * What the learning engine reads from the store: a project's runs in time order with their
 * stored record text (or where its raw bytes sit) and, for runs whose text cannot be read back,
 * their child rows. Rows only; the interpretation is core/learning-runs.ts.
 */
import type { Db } from './db';
import type { Async } from './async-boundary';

/** One run: its columns, its stored texts and where its raw bytes sit (reading them is the caller's). */
export interface LearningRunRow {
  pk: number;
  run_id: string;
  project_id: string;
  started_at: string | null;
  duration_s: number | null;
  mode: string | null;
  prompt_strategy: string | null;
  prompt_version: string | null;
  model: string | null;
  recipe: string | null;
  total_cost_usd: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  qa_status: string | null;
  /** The canonical record's JSON when it differs from the raw text (not read when `learning` is stored). */
  record: string | null;
  /** The raw text kept by value (null or '' when stored by reference; not read when `learning` is stored). */
  raw: string | null;
  raw_offset: number | null;
  raw_length: number | null;
  /** The run's labels as stored at ingest (RunLabels JSON, table run_labels); null when not derived yet. */
  labels: string | null;
  /** The run's learning fields as stored at ingest (JSON); null when not derived yet. */
  learning: string | null;
  /** The source file and the stat it was read with. */
  path: string;
  size: number;
  mtime_ms: number;
  ino: number;
}

/** A run's child rows as stored (booleans as 0/1). */
export interface LearningChildRows {
  steps: Array<Record<string, unknown>>;
  gates: Array<Record<string, unknown>>;
  decisions: Array<Record<string, unknown>>;
}

/** LearningStore as the SQLite implementation has it: synchronous. */
export interface LearningStoreSync {
  /**
   * A project's runs in time order (undated last); `last`: only the latest N (by start time,
   * undated count as oldest). `records`: always read the record texts (else only for runs
   * without stored learning fields).
   */
  runRows(projectId: string, opts?: { last?: number; records?: boolean }): LearningRunRow[];
  /** The child rows of one run (`pk` from runRows). */
  children(pk: number): LearningChildRows;
  /** Projects that have runs, in name order. */
  projectIds(): string[];
}

/** The boundary interface: each method one asynchronous unit of work. */
export type LearningStore = Async<LearningStoreSync>;

/**
 * The columns of a LearningRunRow (runs r JOIN sources s). `lean`: the record texts only where no
 * learning fields are stored (an analysis then never reads megabytes of records it does not parse).
 */
export function learningRunColumns(lean: boolean): string {
  // CASE reads a column only when it applies: the record texts (and the columns after them) are skipped when learning fields are stored.
  const text = (c: string) => (lean ? `CASE WHEN d.learning IS NULL THEN r.${c} END AS ${c}` : `r.${c}`);
  return `r.id AS pk, r.run_id, r.project_id, r.started_at, r.duration_s, r.mode, r.prompt_strategy, r.prompt_version, r.model,
  r.recipe, r.total_cost_usd, r.tokens_in, r.tokens_out, r.qa_status, ${text('record')}, ${text('raw')}, ${text('raw_offset')},
  ${text('raw_length')}, d.labels, d.learning, s.path, s.size, s.mtime_ms, s.ino`;
}

/** The FROM clause learningRunColumns reads. */
export const LEARNING_RUN_FROM = 'runs r JOIN sources s ON s.id = r.source_id LEFT JOIN run_labels d ON d.run_pk = r.id';

export class SqliteLearningStore implements LearningStoreSync {
  private readonly s;
  private readonly q;
  constructor(db: Db) {
    // Dated and undated runs apart, each in index order: one ORDER BY over both would sort every row with its record text (a temp b-tree of megabytes).
    const from = (lean: boolean) => `SELECT ${learningRunColumns(lean)} FROM ${LEARNING_RUN_FROM} WHERE r.project_id = ?`;
    const queries = (lean: boolean) => ({
      dated: db.prepare(`${from(lean)} AND r.started_ms IS NOT NULL ORDER BY r.started_ms, r.id`),
      undated: db.prepare(`${from(lean)} AND r.started_ms IS NULL ORDER BY r.id`),
      datedLast: db.prepare(`${from(lean)} AND r.started_ms IS NOT NULL ORDER BY r.started_ms DESC, r.id DESC LIMIT ?`),
      undatedLast: db.prepare(`${from(lean)} AND r.started_ms IS NULL ORDER BY r.id DESC LIMIT ?`),
    });
    this.q = { lean: queries(true), full: queries(false) };
    this.s = {
      steps: db.prepare('SELECT agent, task_type, model, started_at, success, retries, tokens, cost_usd FROM steps WHERE run_pk = ? ORDER BY idx'),
      gates: db.prepare('SELECT gate_id, stage, result, reason, retry_attempt, auto_fix_strategy, auto_fix_success, human_override FROM gates WHERE run_pk = ? ORDER BY idx'),
      decisions: db.prepare('SELECT decision_type, agent_recommendation, human_decision, aligned, agent_confidence FROM decisions WHERE run_pk = ? ORDER BY idx'),
      projects: db.prepare('SELECT DISTINCT project_id FROM runs ORDER BY project_id').pluck(),
    };
  }

  runRows(projectId: string, opts: { last?: number; records?: boolean } = {}): LearningRunRow[] {
    const q = opts.records ? this.q.full : this.q.lean;
    const limit = opts.last != null && opts.last > 0 ? Math.floor(opts.last) : null;
    if (limit == null) return [...q.dated.all(projectId), ...q.undated.all(projectId)] as LearningRunRow[];
    const dated = (q.datedLast.all(projectId, limit) as LearningRunRow[]).reverse();
    if (dated.length === limit) return dated;
    // Undated runs count as the oldest: only when fewer dated runs than asked, the latest-inserted first.
    return [...dated, ...(q.undatedLast.all(projectId, limit - dated.length) as LearningRunRow[]).reverse()];
  }

  children(pk: number): LearningChildRows {
    return {
      steps: this.s.steps.all(pk) as Array<Record<string, unknown>>,
      gates: this.s.gates.all(pk) as Array<Record<string, unknown>>,
      decisions: this.s.decisions.all(pk) as Array<Record<string, unknown>>,
    };
  }

  projectIds(): string[] {
    return this.s.projects.all() as string[];
  }
}
