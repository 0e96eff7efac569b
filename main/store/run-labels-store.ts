/**
 * The run labels and learning fields kept with the runs (migration 8): table `run_labels`, one
 * row per derived run, and the fingerprint they were derived under (`label_meta`). The ingest writes them (main/ingest/run-labels.ts); readers take them as
 * stored. Rows only: deriving a label is the engine's.
 */
import type { Db } from './db';
import { LEARNING_RUN_FROM, learningRunColumns, type LearningRunRow } from './learning-store';
import type { Async } from './async-boundary';

/** The rules fingerprint the stored labels follow, and since when. */
export interface LabelMeta {
  rules: string;
  since: string;
}

/** RunLabelStore as the SQLite implementation has it: synchronous. */
export interface RunLabelStoreSync {
  meta(): LabelMeta | null;
  /** Clears every stored label and learning fields and records the new fingerprint: the caller then fills them again. Inside a unit of work. */
  resetRules(rules: string, since: string): void;
  /** Runs without stored labels or learning fields after `afterPk`, in pk order (with what is needed to read their record back). */
  unlabelled(afterPk: number, limit: number): LearningRunRow[];
  /** Stores one run's labels and learning fields (JSON). Inside a unit of work. */
  setDerived(pk: number, labels: string, learning: string): void;
  /** How many runs lack stored labels or learning fields. */
  unlabelledCount(): number;
  /** One run's stored labels: the JSON, null when not derived yet, undefined when no such run. */
  get(projectId: string, runId: string): string | null | undefined;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type RunLabelStore = Async<RunLabelStoreSync>;

export class SqliteRunLabelStore implements RunLabelStoreSync {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      meta: db.prepare('SELECT rules, since FROM label_meta LIMIT 1'),
      clearMeta: db.prepare('DELETE FROM label_meta'),
      putMeta: db.prepare('INSERT INTO label_meta (rules, since) VALUES (?, ?)'),
      clearLabels: db.prepare('DELETE FROM run_labels'),
      unlabelled: db.prepare(`SELECT ${learningRunColumns(false)} FROM ${LEARNING_RUN_FROM} WHERE r.id > ? AND d.run_pk IS NULL ORDER BY r.id LIMIT ?`),
      set: db.prepare('INSERT INTO run_labels (run_pk, labels, learning) VALUES (?, ?, ?) ON CONFLICT(run_pk) DO UPDATE SET labels = excluded.labels, learning = excluded.learning'),
      count: db.prepare('SELECT count(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM run_labels d WHERE d.run_pk = r.id)').pluck(),
      get: db.prepare('SELECT d.labels FROM runs r LEFT JOIN run_labels d ON d.run_pk = r.id WHERE r.project_id = ? AND r.run_id = ?').pluck(),
    };
  }

  meta(): LabelMeta | null {
    return (this.s.meta.get() as LabelMeta | undefined) ?? null;
  }

  resetRules(rules: string, since: string): void {
    this.s.clearLabels.run();
    this.s.clearMeta.run();
    this.s.putMeta.run(rules, since);
  }

  unlabelled(afterPk: number, limit: number): LearningRunRow[] {
    return this.s.unlabelled.all(afterPk, limit) as LearningRunRow[];
  }

  setDerived(pk: number, labels: string, learning: string): void {
    this.s.set.run(pk, labels, learning);
  }

  unlabelledCount(): number {
    return this.s.count.get() as number;
  }

  get(projectId: string, runId: string): string | null | undefined {
    return this.s.get.get(projectId, runId) as string | null | undefined;
  }
}
