/**
 * What the experiments read: the agg_exp cells (sufficient sums kept at ingest, packed by
 * ingest/experiment-fold.ts; opaque here) and, for the fallback and the rebuild, the runs' facts
 * (experiment-runs.ts). Persistence only: no statistics.
 */
import type { Db } from './db';
import { loadExperimentRuns, type ExperimentRunRow } from './experiment-runs';
import type { Async } from './async-boundary';

/** One stored cell of a project's experiment sums. */
export interface ExperimentCellRow {
  factor: string;
  dim: string;
  arm: string;
  level: string;
  sums: Buffer;
}

/** First and last start of an arm's runs (factor '': the whole project), straight from the runs. */
export interface ArmTimes {
  factor: string;
  arm: string;
  first_ms: number | null;
  last_ms: number | null;
}

/** The experiment columns a factor may name (the runs table's own). */
const FACTOR_COLUMNS = new Set(['mode', 'prompt_strategy', 'model', 'prompt_version', 'recipe']);

/** ExperimentStore as the SQLite implementation has it: synchronous. */
export interface ExperimentStoreSync {
  /** Every run of a project with the facts experiments need, oldest first (the scan). */
  runs(projectId: string, sinceMs?: number): ExperimentRunRow[];
  /** Dated runs of a project: how many, the first and the last start (runs per day without reading them). */
  datedSpan(projectId: string): { n: number; first_ms: number | null; last_ms: number | null };
  /** All stored cells of a project (none: not kept, or no runs). */
  cells(projectId: string): ExperimentCellRow[];
  writeCell(projectId: string, c: ExperimentCellRow): void;
  deleteCell(projectId: string, factor: string, dim: string, arm: string, level: string): void;
  deleteProject(projectId: string): void;
  deleteAll(): void;
  /** First/last start per arm of each factor and of the project (after a removal took one). */
  armTimes(projectId: string, factors: readonly string[]): ArmTimes[];
  /** Per factor, its value in the latest run that has one (by start time, then insertion order). */
  latestValues(projectId: string, factors: readonly string[]): Record<string, string | null>;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type ExperimentStore = Async<ExperimentStoreSync>;

/** A user-named factor's value: its key in runs.custom_factors (names are checked: letters, digits, _ - .). */
const NAMED = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The SQL of a factor's value: its column, or the named factor's value in runs.custom_factors. */
function column(f: string): string {
  if (FACTOR_COLUMNS.has(f)) return f;
  if (!NAMED.test(f)) throw new Error(`experiment store: "${f}" is not a factor column nor a named factor`);
  return `json_extract(custom_factors, '$."${f}"')`;
}

export class SqliteExperimentStore implements ExperimentStoreSync {
  private readonly s;
  private readonly times = new Map<string, ReturnType<Db['prepare']>>();
  private readonly latest = new Map<string, ReturnType<Db['prepare']>>();

  constructor(private readonly db: Db) {
    this.s = {
      cells: db.prepare('SELECT factor, dim, arm, level, sums FROM agg_exp WHERE project_id = ?'),
      write: db.prepare('INSERT OR REPLACE INTO agg_exp (project_id, factor, dim, arm, level, sums) VALUES (?,?,?,?,?,?)'),
      delete: db.prepare('DELETE FROM agg_exp WHERE project_id = ? AND factor = ? AND dim = ? AND arm = ? AND level = ?'),
      deleteProject: db.prepare('DELETE FROM agg_exp WHERE project_id = ?'),
      deleteAll: db.prepare('DELETE FROM agg_exp'),
      overallTimes: db.prepare('SELECT min(started_ms) AS first_ms, max(started_ms) AS last_ms FROM runs WHERE project_id = ?'),
    };
  }

  runs(projectId: string, sinceMs?: number): ExperimentRunRow[] {
    return loadExperimentRuns(this.db, projectId, sinceMs);
  }

  datedSpan(projectId: string): { n: number; first_ms: number | null; last_ms: number | null } {
    const [n, first, last] = this.db.prepare('SELECT count(*), min(started_ms), max(started_ms) FROM runs WHERE project_id = ? AND started_ms IS NOT NULL')
      .raw().get(projectId) as [number, number | null, number | null];
    return { n, first_ms: first, last_ms: last };
  }

  cells(projectId: string): ExperimentCellRow[] {
    return this.s.cells.all(projectId) as ExperimentCellRow[];
  }

  writeCell(p: string, c: ExperimentCellRow): void {
    this.s.write.run(p, c.factor, c.dim, c.arm, c.level, c.sums);
  }

  deleteCell(p: string, factor: string, dim: string, arm: string, level: string): void {
    this.s.delete.run(p, factor, dim, arm, level);
  }

  deleteProject(p: string): void {
    this.s.deleteProject.run(p);
  }

  deleteAll(): void {
    this.s.deleteAll.run();
  }

  armTimes(p: string, factors: readonly string[]): ArmTimes[] {
    const o = this.s.overallTimes.get(p) as { first_ms: number | null; last_ms: number | null };
    const out: ArmTimes[] = [{ factor: '', arm: '', ...o }];
    for (const f of factors) {
      let st = this.times.get(f);
      if (!st) {
        const c = column(f);
        st = this.db.prepare(`SELECT ${c} AS arm, min(started_ms) AS first_ms, max(started_ms) AS last_ms FROM runs WHERE project_id = ? AND ${c} IS NOT NULL GROUP BY 1`);
        this.times.set(f, st);
      }
      for (const r of st.all(p) as Omit<ArmTimes, 'factor'>[]) out.push({ factor: f, ...r });
    }
    return out;
  }

  latestValues(p: string, factors: readonly string[]): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const f of factors) {
      let st = this.latest.get(f);
      if (!st) {
        const c = column(f);
        // Walks runs_project_started backwards: dated runs first (NULLs sort last descending), ties by insertion.
        st = this.db.prepare(`SELECT ${c} FROM runs WHERE project_id = ? AND ${c} IS NOT NULL ORDER BY started_ms DESC, id DESC LIMIT 1`).pluck();
        this.latest.set(f, st);
      }
      out[f] = (st.get(p) as string | undefined) ?? null;
    }
    return out;
  }
}
