/**
 * Writes of the ingest: source rows, runs with their children, events and quarantine. Every
 * method runs inside a unit of work (Store.ingestUnit). No statistics here: the ingest folds
 * the runs it inserts (and the runs a clear hands back) into the aggregates itself.
 */
import type { RunFacts } from '../../shared/aggregates';
import type { RunRecord } from '../../shared/run-record';
import type { Db } from './db';
import { extraFactsOf } from '../../shared/experiment-facts';
import { RUN_FACTS_COLUMNS, factsOfRow, type FactsRow } from './run-facts';
import type { RawRef } from './run-store';
import type { SourceRow } from './source-store';
import type { Async } from './async-boundary';

export interface SourceFinish {
  size: number;
  mtime_ms: number;
  ino: number;
  byte_offset: number;
  line_count: number;
  head_hash: string | null;
  status: 'ok' | 'unreadable' | 'partial';
  error: string | null;
}

export interface QuarantineInput {
  sourceId: number | null;
  file: string;
  line: number | null;
  field: string | null;
  reason: string;
  excerpt: string;
  pending?: boolean;
  dupSourceId?: number | null;
  /** Bad records this row stands for (a summary row of records not listed); default 1. */
  count?: number;
}

/** What the ingest derives from a run and stores with it (migration 8): its auto-labels and learning fields, as JSON. */
export interface DerivedTexts {
  labels: string;
  learning: string;
}

/** Where a record's exact text sits in its source file, in bytes. */
export interface RawSpan {
  offset: number;
  length: number;
}

/** Where the first copy of a duplicate run was read. */
export interface RunLocation {
  sourceId: number;
  path: string;
  line: number;
}

/** A run taken out of the store so that another copy can win: where it was and its text. */
export interface DisplacedRun {
  first: RunLocation;
  /** The record's text kept by value; null when stored by reference (`rawRef`). */
  text: string | null;
  rawRef: RawRef | null;
}

/** Hears of each run a clear removes (so the ingest can take it out of the aggregates). */
export type RemovedRun = (facts: RunFacts) => void;

/** The ingest's writes; valid only inside Store.ingestUnit (they commit with it). */
/** IngestWriter as the SQLite implementation has it: synchronous. */
export interface IngestWriterSync {
  getSource(path: string): SourceRow | undefined;
  /** Creates the source row (status partial until finished) or re-points an existing one; returns its id. */
  ensureSource(root: string, path: string, rel: string, kind: string): number;
  /** Creates or re-points a source row with its final state at once (a file read whole in this unit); returns its id. */
  putSource(root: string, path: string, rel: string, kind: string, f: SourceFinish): number;
  /** Creates the source row of a file known to have none (a path new to this scan), final state at once; returns its id. */
  insertSource(root: string, path: string, rel: string, kind: string, f: SourceFinish): number;
  /** Records how far a JSONL file has been consumed, committed with the runs of that stretch. */
  progress(id: number, byteOffset: number, lineCount: number, headHash: string | null): void;
  finish(id: number, f: SourceFinish): void;
  /**
   * Removes everything read from a source; each removed run is handed to `removed`. Sources
   * whose runs were quarantined as duplicates of this one are marked stale; their paths are
   * returned so the caller re-reads them.
   */
  clearSource(id: number, removed: RemovedRun): string[];
  /** Drops the pending (unterminated last line) quarantine rows of a source. */
  clearPending(id: number): void;
  /** Clears and deletes a source; returns dependents to re-read (see clearSource). */
  deleteSource(id: number, removed: RemovedRun): string[];
  /**
   * Inserts a run with its children. On a duplicate (project_id, run_id) nothing is written and
   * the first copy's location comes back. `raw` is the record's text, or its exact byte span in
   * the source file (stored by reference). `derived`: the run's auto-labels and learning fields (JSON), derived by the caller.
   * `custom`: the user-named factors' values (runs.custom_factors).
   */
  insertRun(sourceId: number, line: number, r: RunRecord, startedMs: number | null, recordText: string | null, raw: string | RawSpan,
    derived?: DerivedTexts | null, custom?: Record<string, string> | null):
    { ok: true } | { ok: false; first: RunLocation };
  /**
   * A batch of insertRun calls as one (a file's runs, or one chunk of them), in order: a run that
   * duplicates one earlier in the batch gets that one's location. One round trip for a store
   * over a network.
   */
  insertRuns(runs: readonly RunInsert[]): RunInsertResult[];
  /** Deletes the stored copy of a run (its facts go to `removed`) so that another copy can take its place. */
  displaceRun(projectId: string, runId: string, removed: RemovedRun): DisplacedRun | null;
  insertEvent(sourceId: number, line: number, e: EventInput, raw: string): void;
  quarantine(q: QuarantineInput): void;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type IngestWriter = Async<IngestWriterSync>;

/** One run for IngestWriter.insertRuns: insertRun's arguments. */
export interface RunInsert {
  sourceId: number;
  line: number;
  record: RunRecord;
  startedMs: number | null;
  recordText: string | null;
  raw: string | RawSpan;
  derived: DerivedTexts | null;
  custom: Record<string, string> | null;
}

/** Stored, or the location of the copy that was there first. */
export type RunInsertResult = { ok: true } | { ok: false; first: RunLocation };

export interface EventInput {
  run_id: string | null;
  project_id: string | null;
  type: string;
  at: string | null;
}

const b = (v: boolean | null | undefined) => (v == null ? null : v ? 1 : 0);
const EXCERPT_CHARS = 300;

/** Every write refuses outside its unit: a unit of work's writer is never kept past it. */
const CLOSED = (): string => {
  throw new Error('IngestWriter used outside Store.ingestUnit');
};

export class SqliteIngestWriter implements IngestWriterSync {
  private readonly s;
  /** The unit's clock; CLOSED between units. */
  private nowIso: () => string = CLOSED;

  /** Throws outside a unit (the writes that stamp no time check here). */
  private live(): void {
    if (this.nowIso === CLOSED) CLOSED();
  }

  /** Starts a unit: writes are valid until close(). */
  open(nowIso: () => string): void {
    this.nowIso = nowIso;
  }

  close(): void {
    this.nowIso = CLOSED;
  }

  constructor(db: Db) {
    this.s = {
      getSource: db.prepare('SELECT * FROM sources WHERE path = ?'),
      insertSource: db.prepare(`INSERT INTO sources (root, path, rel_path, kind, status, updated_at) VALUES (?, ?, ?, ?, 'partial', ?)
        ON CONFLICT(path) DO UPDATE SET root = excluded.root, rel_path = excluded.rel_path, kind = excluded.kind, updated_at = excluded.updated_at RETURNING id`),
      putSource: db.prepare(`INSERT INTO sources (root, path, rel_path, kind, size, mtime_ms, ino, byte_offset, line_count, head_hash, status, error, updated_at)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(path) DO UPDATE SET root = excluded.root, rel_path = excluded.rel_path, kind = excluded.kind,
        size = excluded.size, mtime_ms = excluded.mtime_ms, ino = excluded.ino, byte_offset = excluded.byte_offset, line_count = excluded.line_count,
        head_hash = excluded.head_hash, status = excluded.status, error = excluded.error, updated_at = excluded.updated_at RETURNING id`).pluck(),
      newSource: db.prepare(`INSERT INTO sources (root, path, rel_path, kind, size, mtime_ms, ino, byte_offset, line_count, head_hash, status, error,
        updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      progress: db.prepare("UPDATE sources SET byte_offset = ?, line_count = ?, head_hash = ?, status = 'partial', updated_at = ? WHERE id = ?"),
      finish: db.prepare(`UPDATE sources SET size = ?, mtime_ms = ?, ino = ?, byte_offset = ?, line_count = ?, head_hash = ?, status = ?, error = ?, updated_at = ? WHERE id = ?`),
      runFacts: db.prepare(`SELECT ${RUN_FACTS_COLUMNS} FROM runs WHERE source_id = ?`).raw(),
      deleteRuns: db.prepare('DELETE FROM runs WHERE source_id = ?'),
      deleteEvents: db.prepare('DELETE FROM events WHERE source_id = ?'),
      deleteQuarantine: db.prepare('DELETE FROM quarantine WHERE source_id = ?'),
      deletePending: db.prepare('DELETE FROM quarantine WHERE source_id = ? AND pending = 1'),
      dependents: db.prepare('SELECT DISTINCT s.path FROM quarantine q JOIN sources s ON s.id = q.source_id WHERE q.dup_source_id = ? AND q.source_id <> ?').pluck(),
      markStale: db.prepare("UPDATE sources SET status = 'stale' WHERE id IN (SELECT source_id FROM quarantine WHERE dup_source_id = ? AND source_id <> ?)"),
      deleteSource: db.prepare('DELETE FROM sources WHERE id = ?'),
      insertRun: db.prepare(`INSERT INTO runs (source_id, line, run_id, project_id, started_at, started_ms, ended_at, duration_s, mode, prompt_strategy,
        prompt_version, model, recipe, max_rounds, rounds_completed, max_cost_usd, total_cost_usd, tokens_in, tokens_out, qa_status, status,
        auto_tuned, task_id, stop_reason, record, raw, raw_offset, raw_length, task_key, tokens_total, retries_total, rating, human_override,
        custom_factors) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(project_id, run_id) DO NOTHING`),
      stored: db.prepare(`SELECT r.id, r.source_id, r.line, s.path, r.record, r.raw, r.raw_offset, r.raw_length, s.kind, s.size, s.mtime_ms, s.ino,
        s.byte_offset, s.head_hash, ${RUN_FACTS_COLUMNS.split(', ').map((c) => `r.${c}`).join(', ')} FROM runs r JOIN sources s ON s.id = r.source_id
        WHERE r.project_id = ? AND r.run_id = ?`).raw(),
      deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
      existing: db.prepare('SELECT r.source_id, r.line, s.path FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ? AND r.run_id = ?'),
      step: db.prepare(`INSERT INTO steps (run_pk, idx, agent, task_type, model, started_at, duration_s, success, retries, tokens, cost_usd,
        error_type, error_message, recovery_strategy, recovery_success) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      gate: db.prepare(`INSERT INTO gates (run_pk, idx, gate_id, stage, result, reason, retry_attempt, auto_fix_strategy, auto_fix_success,
        human_override) VALUES (?,?,?,?,?,?,?,?,?,?)`),
      decision: db.prepare(`INSERT INTO decisions (run_pk, idx, decision_type, agent_recommendation, human_decision, aligned, agent_confidence)
        VALUES (?,?,?,?,?,?,?)`),
      derived: db.prepare('INSERT INTO run_labels (run_pk, labels, learning) VALUES (?, ?, ?)'),
      error: db.prepare('INSERT INTO errors (run_pk, idx, type, message, agent) VALUES (?,?,?,?,?)'),
      event: db.prepare('INSERT INTO events (source_id, line, run_id, project_id, type, at, data) VALUES (?,?,?,?,?,?,?)'),
      quarantine: db.prepare('INSERT INTO quarantine (source_id, file, line, field, reason, excerpt, at, pending, dup_source_id, n) VALUES (?,?,?,?,?,?,?,?,?,?)'),
    };
  }

  getSource(path: string): SourceRow | undefined {
    return this.s.getSource.get(path) as SourceRow | undefined;
  }

  ensureSource(root: string, path: string, rel: string, kind: string): number {
    return (this.s.insertSource.get(root, path, rel, kind, this.nowIso()) as { id: number }).id;
  }

  putSource(root: string, path: string, rel: string, kind: string, f: SourceFinish): number {
    return this.s.putSource.get(root, path, rel, kind, f.size, f.mtime_ms, f.ino, f.byte_offset, f.line_count, f.head_hash, f.status, f.error, this.nowIso()) as number;
  }

  insertSource(root: string, path: string, rel: string, kind: string, f: SourceFinish): number {
    return Number(this.s.newSource.run(root, path, rel, kind, f.size, f.mtime_ms, f.ino, f.byte_offset, f.line_count, f.head_hash, f.status, f.error,
      this.nowIso()).lastInsertRowid);
  }

  progress(id: number, byteOffset: number, lineCount: number, headHash: string | null): void {
    this.s.progress.run(byteOffset, lineCount, headHash, this.nowIso(), id);
  }

  finish(id: number, f: SourceFinish): void {
    this.s.finish.run(f.size, f.mtime_ms, f.ino, f.byte_offset, f.line_count, f.head_hash, f.status, f.error, this.nowIso(), id);
  }

  clearSource(id: number, removed: RemovedRun): string[] {
    this.live();
    for (const row of this.s.runFacts.iterate(id) as Iterable<FactsRow>) removed(factsOfRow(row));
    this.s.deleteRuns.run(id);
    this.s.deleteEvents.run(id);
    this.s.deleteQuarantine.run(id);
    const deps = this.s.dependents.all(id, id) as string[];
    if (deps.length > 0) this.s.markStale.run(id, id);
    return deps;
  }

  clearPending(id: number): void {
    this.live();
    this.s.deletePending.run(id);
  }

  deleteSource(id: number, removed: RemovedRun): string[] {
    const deps = this.clearSource(id, removed);
    this.s.deleteSource.run(id);
    return deps;
  }

  insertRuns(runs: readonly RunInsert[]): RunInsertResult[] {
    return runs.map((r) => this.insertRun(r.sourceId, r.line, r.record, r.startedMs, r.recordText, r.raw, r.derived, r.custom));
  }

  insertRun(sourceId: number, line: number, r: RunRecord, startedMs: number | null, recordText: string | null, raw: string | RawSpan,
    derived: DerivedTexts | null = null, custom: Record<string, string> | null = null): { ok: true } | { ok: false; first: RunLocation } {
    this.live();
    const x = extraFactsOf(r);
    const info = this.s.insertRun.run(sourceId, line, r.run_id, r.project_id, r.started_at ?? null, startedMs, r.ended_at ?? null,
      r.duration_s ?? null, r.mode ?? null, r.prompt_strategy ?? null, r.prompt_version ?? null, r.model ?? null, r.recipe ?? null,
      r.max_rounds ?? null, r.rounds_completed ?? null, r.max_cost_usd ?? null, r.total_cost_usd ?? null, r.tokens_in ?? null,
      r.tokens_out ?? null, r.qa_status ?? null, r.status ?? null, b(r.auto_tuned), r.task_id ?? null, r.stop_reason ?? null, recordText,
      typeof raw === 'string' ? raw : null, typeof raw === 'string' ? null : raw.offset, typeof raw === 'string' ? null : raw.length,
      x.task_key, x.tokens, x.retries, x.rating, b(x.human_override), custom ? JSON.stringify(custom) : null);
    if (info.changes === 0) {
      const first = this.s.existing.get(r.project_id, r.run_id) as { source_id: number; line: number; path: string };
      return { ok: false, first: { sourceId: first.source_id, path: first.path, line: first.line } };
    }
    const pk = info.lastInsertRowid;
    if (derived) this.s.derived.run(pk, derived.labels, derived.learning);
    r.steps?.forEach((s, i) => this.s.step.run(pk, i, s.agent ?? null, s.task_type ?? null, s.model ?? null, s.started_at ?? null,
      s.duration_s ?? null, b(s.success), s.retries ?? null, s.tokens ?? null, s.cost_usd ?? null, s.error?.type ?? null,
      s.error?.message ?? null, s.recovery?.strategy ?? null, b(s.recovery?.success)));
    r.gates?.forEach((g, i) => this.s.gate.run(pk, i, g.gate_id, g.stage ?? null, g.result ?? null, g.reason ?? null,
      g.retry_attempt ?? null, g.auto_fix_strategy ?? null, b(g.auto_fix_success), b(g.human_override)));
    r.decisions?.forEach((d, i) => this.s.decision.run(pk, i, d.decision_type ?? null, d.agent_recommendation ?? null,
      d.human_decision ?? null, b(d.aligned), d.agent_confidence ?? null));
    r.errors?.forEach((e, i) => this.s.error.run(pk, i, e.type ?? null, e.message ?? null, e.agent ?? null));
    return { ok: true };
  }

  displaceRun(projectId: string, runId: string, removed: RemovedRun): DisplacedRun | null {
    this.live();
    const row = this.s.stored.get(projectId, runId) as unknown[] | undefined;
    if (!row) return null;
    const [pk, sourceId, line, path, record, raw, rawOffset, rawLength, kind, size, mtimeMs, ino, byteOffset, headHash] = row as [number, number, number,
      string, string | null, string | null, number | null, number | null, string, number, number, number, number, string | null];
    removed(factsOfRow(row.slice(14) as FactsRow));
    this.s.deleteRun.run(pk);
    const rawRef: RawRef | null = rawOffset == null ? null
      : { path, offset: rawOffset, length: rawLength ?? 0, kind, size, mtime_ms: mtimeMs, ino, byte_offset: byteOffset, head_hash: headHash };
    return { first: { sourceId, path, line }, text: rawRef ? null : (raw ?? record), rawRef };
  }

  insertEvent(sourceId: number, line: number, e: EventInput, raw: string): void {
    this.live();
    this.s.event.run(sourceId, line, e.run_id, e.project_id, e.type, e.at, raw);
  }

  quarantine(q: QuarantineInput): void {
    this.s.quarantine.run(q.sourceId, q.file, q.line, q.field, q.reason, q.excerpt.slice(0, EXCERPT_CHARS), this.nowIso(), q.pending ? 1 : 0, q.dupSourceId ?? null, q.count ?? 1);
  }
}
