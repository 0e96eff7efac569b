/**
 * What the learning engine reads from the store: a project's runs in time order with their
 * stored record text (or where its raw bytes sit) and, for runs whose text cannot be read back,
 * their child rows. Rows only; the interpretation is core/learning-runs.ts.
 */
import type { Db } from './db';

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
  /** The canonical record's JSON when it differs from the raw text. */
  record: string | null;
  /** The raw text kept by value (null or '' when stored by reference). */
  raw: string | null;
  raw_offset: number | null;
  raw_length: number | null;
  /** The run's labels as stored at ingest (RunLabels JSON); null when not derived yet. */
  labels: string | null;
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

export interface LearningStore {
  /** A project's runs in time order (undated last); `last`: only the latest N (by start time, undated count as oldest). */
  runRows(projectId: string, opts?: { last?: number }): LearningRunRow[];
  /** The child rows of one run (`pk` from runRows). */
  children(pk: number): LearningChildRows;
  /** Projects that have runs, in name order. */
  projectIds(): string[];
}

/** The columns of a LearningRunRow (runs r JOIN sources s). */
export const LEARNING_RUN_COLUMNS = `r.id AS pk, r.run_id, r.project_id, r.started_at, r.duration_s, r.mode, r.prompt_strategy, r.prompt_version, r.model,
  r.recipe, r.total_cost_usd, r.tokens_in, r.tokens_out, r.qa_status, r.record, r.raw, r.raw_offset, r.raw_length, r.labels,
  s.path, s.size, s.mtime_ms, s.ino`;

export class SqliteLearningStore implements LearningStore {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      last: db.prepare(`SELECT * FROM (SELECT ${LEARNING_RUN_COLUMNS}, r.started_ms AS t FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ?
        ORDER BY (r.started_ms IS NULL), r.started_ms DESC, r.id DESC LIMIT ?) ORDER BY (t IS NULL), t, pk`),
      all: db.prepare(`SELECT ${LEARNING_RUN_COLUMNS} FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ?
        ORDER BY (r.started_ms IS NULL), r.started_ms, r.id`),
      steps: db.prepare('SELECT agent, task_type, model, started_at, success, retries, tokens, cost_usd FROM steps WHERE run_pk = ? ORDER BY idx'),
      gates: db.prepare('SELECT gate_id, stage, result, reason, retry_attempt, auto_fix_strategy, auto_fix_success, human_override FROM gates WHERE run_pk = ? ORDER BY idx'),
      decisions: db.prepare('SELECT decision_type, agent_recommendation, human_decision, aligned, agent_confidence FROM decisions WHERE run_pk = ? ORDER BY idx'),
      projects: db.prepare('SELECT DISTINCT project_id FROM runs ORDER BY project_id').pluck(),
    };
  }

  runRows(projectId: string, opts: { last?: number } = {}): LearningRunRow[] {
    const limit = opts.last != null && opts.last > 0 ? Math.floor(opts.last) : null;
    const rows = limit != null ? this.s.last.all(projectId, limit) : this.s.all.all(projectId);
    return rows as LearningRunRow[];
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
