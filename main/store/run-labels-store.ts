/**
 * The run labels kept with the runs (migration 8): `runs.labels` and the rules they were derived
 * under (`label_meta`). The ingest writes them (main/ingest/run-labels.ts); readers take them as
 * stored. Rows only: deriving a label is the engine's.
 */
import type { Db } from './db';
import { LEARNING_RUN_COLUMNS, type LearningRunRow } from './learning-store';

/** The rules fingerprint the stored labels follow, and since when. */
export interface LabelMeta {
  rules: string;
  since: string;
}

export interface RunLabelStore {
  meta(): LabelMeta | null;
  /** Clears every stored label and records the new rules: the caller then fills them again. Inside a unit of work. */
  resetRules(rules: string, since: string): void;
  /** Runs without stored labels after `afterPk`, in pk order (with what is needed to read their record back). */
  unlabelled(afterPk: number, limit: number): LearningRunRow[];
  /** Stores one run's labels (JSON). Inside a unit of work. */
  setLabels(pk: number, labels: string): void;
  /** How many runs have no stored labels. */
  unlabelledCount(): number;
  /** One run's stored labels: the JSON, null when not derived yet, undefined when no such run. */
  get(projectId: string, runId: string): string | null | undefined;
}

export class SqliteRunLabelStore implements RunLabelStore {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      meta: db.prepare('SELECT rules, since FROM label_meta LIMIT 1'),
      clearMeta: db.prepare('DELETE FROM label_meta'),
      putMeta: db.prepare('INSERT INTO label_meta (rules, since) VALUES (?, ?)'),
      clearLabels: db.prepare('UPDATE runs SET labels = NULL WHERE labels IS NOT NULL'),
      unlabelled: db.prepare(`SELECT ${LEARNING_RUN_COLUMNS} FROM runs r JOIN sources s ON s.id = r.source_id
        WHERE r.id > ? AND r.labels IS NULL ORDER BY r.id LIMIT ?`),
      set: db.prepare('UPDATE runs SET labels = ? WHERE id = ?'),
      count: db.prepare('SELECT count(*) FROM runs WHERE labels IS NULL').pluck(),
      get: db.prepare('SELECT labels FROM runs WHERE project_id = ? AND run_id = ?').pluck(),
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

  setLabels(pk: number, labels: string): void {
    this.s.set.run(labels, pk);
  }

  unlabelledCount(): number {
    return this.s.count.get() as number;
  }

  get(projectId: string, runId: string): string | null | undefined {
    return this.s.get.get(projectId, runId) as string | null | undefined;
  }
}
