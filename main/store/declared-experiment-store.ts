/** Experiments the user declared (control vs treatment of one run setting), per project. */
import { parseDeclaredSpec } from '../../shared/declared-spec';
import type { DeclaredExperiment } from '../../shared/learning';
import type { Db } from './db';
import type { Async } from './async-boundary';

/** A declared experiment before the store gives it an id. */
export type DeclaredExperimentInput = Omit<DeclaredExperiment, 'id'>;

/** DeclaredExperimentStore as the SQLite implementation has it: synchronous. */
export interface DeclaredExperimentStoreSync {
  /** The project's declared experiments, oldest first. */
  list(projectId: string): DeclaredExperiment[];
  /** Stores one; null when the same factor/control/treatment is already declared for the project. */
  insert(e: DeclaredExperimentInput): DeclaredExperiment | null;
  /** Deletes one; false when there was none with that id. */
  delete(id: number): boolean;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type DeclaredExperimentStore = Async<DeclaredExperimentStoreSync>;

type Row = Omit<DeclaredExperiment, 'spec'> & { spec: string | null };

const fromRow = (r: Row): DeclaredExperiment => ({ ...r, spec: parseDeclaredSpec(r.spec) });

export class SqliteDeclaredExperimentStore implements DeclaredExperimentStoreSync {
  private readonly s;
  constructor(db: Db) {
    const cols = 'id, project_id, name, factor, control, treatment, suggestion_id, hypothesis, created_at, spec';
    this.s = {
      list: db.prepare(`SELECT ${cols} FROM declared_experiments WHERE project_id = ? ORDER BY id`),
      insert: db.prepare(`INSERT INTO declared_experiments (project_id, name, factor, control, treatment, suggestion_id, hypothesis, created_at, spec)
        VALUES (@project_id, @name, @factor, @control, @treatment, @suggestion_id, @hypothesis, @created_at, @spec)
        ON CONFLICT (project_id, factor, control, treatment) DO NOTHING RETURNING ${cols}`),
      delete: db.prepare('DELETE FROM declared_experiments WHERE id = ?'),
    };
  }

  list(projectId: string): DeclaredExperiment[] {
    return (this.s.list.all(projectId) as Row[]).map(fromRow);
  }

  insert(e: DeclaredExperimentInput): DeclaredExperiment | null {
    const row = this.s.insert.get({ ...e, spec: e.spec ? JSON.stringify(e.spec) : null }) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  delete(id: number): boolean {
    return this.s.delete.run(id).changes > 0;
  }
}
