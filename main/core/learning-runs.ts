/**
 * Runs with their steps, gates and decisions for the learning engine (main/engine/learning),
 * from the store's rows (store/learning-store.ts); the raw bytes of a run stored by reference are
 * read back here, from the user's file, while it is unchanged.
 * The run columns come from `runs`; the children and the optional seed-002 fields the columns
 * do not hold (decision/gate `agent`, `options`, step `confidence`, `escalated`,
 * `human_resolved`, `security`, `performance`, `rework`, `tests`, task type / key, domain) come
 * from the stored canonical record: `runs.record`, else the raw text (inline, or read back by
 * reference while its file is unchanged). When no canonical text can be read, the child tables
 * are used and those optional fields are simply absent.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LearningDecision, LearningGate, LearningRun, LearningStep } from '../engine/learning/types';
import type { LearningRunRow, Store } from '../store';

export interface LoadLearningRunsOptions {
  /** Only the latest N runs (by start time; undated runs count as oldest). */
  last?: number;
}

type Row = LearningRunRow;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v != null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const first = <T>(...vs: (T | undefined)[]): T | undefined => vs.find((v) => v !== undefined);
const bit = (v: number | null): boolean | undefined => (v == null ? undefined : v === 1);

/** Files opened once per load; a file whose identity changed since ingest yields nothing. */
export class RefReader {
  private fds = new Map<string, number | null>();
  read(row: Row): unknown {
    if (row.raw_offset == null || row.raw_length == null) return undefined;
    let fd = this.fds.get(row.path);
    if (fd === undefined) {
      try {
        fd = openSync(row.path, 'r');
        const st = fstatSync(fd);
        // Same file, unchanged or only appended to (JSONL): the stored spans are still valid.
        if (st.ino !== row.ino || st.size < row.size || (st.size === row.size && st.mtimeMs !== row.mtime_ms)) {
          closeSync(fd);
          fd = null;
        }
      } catch {
        fd = null;
      }
      this.fds.set(row.path, fd);
    }
    if (fd == null) return undefined;
    try {
      const buf = Buffer.allocUnsafe(row.raw_length);
      let n = 0;
      while (n < row.raw_length) {
        const got = readSync(fd, buf, n, row.raw_length - n, row.raw_offset + n);
        if (got === 0) return undefined;
        n += got;
      }
      return JSON.parse(buf.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
  close(): void {
    for (const fd of this.fds.values()) if (fd != null) closeSync(fd);
  }
}

/** The run's canonical record as stored (or read back from its unchanged file); null when it cannot be read. */
export function canonical(row: Row, refs: RefReader): Json | null {
  try {
    if (row.record != null) return obj(JSON.parse(row.record));
    if (row.raw != null && row.raw !== '') return obj(JSON.parse(row.raw));
  } catch {
    return null;
  }
  const v = obj(refs.read(row));
  // A span that no longer holds this run (file rewritten in place) is ignored.
  return v && v.run_id === row.run_id ? v : null;
}

function stepOf(s: Json): LearningStep {
  return {
    agent: first(str(s.agent), str(s.agent_role), str(s.role)), task_type: str(s.task_type), model: str(s.model),
    started_at: str(s.started_at), success: bool(s.success), retries: num(s.retries), tokens: num(s.tokens),
    cost_usd: num(s.cost_usd), confidence: num(s.confidence),
  };
}

function gateOf(g: Json): LearningGate | null {
  const id = str(g.gate_id);
  if (!id) return null;
  const result = g.result === 'pass' || g.result === 'fail' || g.result === 'ambiguous' ? g.result : undefined;
  return {
    gate_id: id, stage: str(g.stage), agent: first(str(g.agent), str(g.agent_role), str(g.role)), result, reason: str(g.reason),
    retry_attempt: num(g.retry_attempt), auto_fix_strategy: str(g.auto_fix_strategy), auto_fix_success: bool(g.auto_fix_success),
    human_override: bool(g.human_override), escalated: bool(g.escalated), human_resolved: bool(g.human_resolved),
  };
}

function decisionOf(d: Json): LearningDecision {
  const options = Array.isArray(d.options) ? d.options.filter((o): o is string => typeof o === 'string') : undefined;
  return {
    decision_type: str(d.decision_type), agent: first(str(d.agent), str(d.agent_role), str(d.role)),
    agent_recommendation: str(d.agent_recommendation), human_decision: str(d.human_decision), options,
    aligned: bool(d.aligned), agent_confidence: num(d.agent_confidence),
  };
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj).filter((x): x is Json => x != null) : []);

/** Fills the learning fields the run columns do not hold from a canonical record (aliases read). */
function withRecordFields(run: LearningRun, rec: Json): LearningRun {
  const extra = obj(rec.extra) ?? {};
  run.task_type = first(str(rec.task_type), str(extra.task_type));
  run.task_key = first(str(rec.task_key), str(rec.task_id), str(extra.task_key), str(extra.task_id), str(extra.instance_id));
  run.domain = first(str(rec.domain), str(rec.client_domain), str(extra.domain), str(extra.client_domain));
  const tests = obj(rec.tests);
  if (tests) run.tests = { coverage_percent: num(tests.coverage_percent) };
  const sec = obj(rec.security) ?? obj(extra.security) ?? obj(extra.security_scan);
  if (sec) run.security = { critical: num(sec.critical), major: num(sec.major), minor: num(sec.minor) };
  const perf = obj(rec.performance) ?? obj(extra.performance) ?? obj(extra.performance_metrics);
  if (perf) run.performance = { within_slo: bool(perf.within_slo) };
  const rework = rec.rework ?? extra.rework;
  if (typeof rework === 'boolean' || typeof rework === 'number') run.rework = rework;
  run.steps = list(rec.steps).map(stepOf);
  run.gates = list(rec.gates).map(gateOf).filter((g): g is LearningGate => g != null);
  run.decisions = list(rec.decisions).map(decisionOf);
  return run;
}

/**
 * One run as the learning engine reads it, from its canonical record alone (the run detail's
 * auto-labels): the same field mapping as loadLearningRuns.
 */
export function learningRunOfRecord(record: unknown): LearningRun {
  const rec = obj(record) ?? {};
  const qa = rec.qa_status;
  return withRecordFields({
    run_id: str(rec.run_id) ?? '', project_id: str(rec.project_id) ?? '', started_at: str(rec.started_at) ?? null,
    qa_status: qa === 'passed' || qa === 'warning' || qa === 'failed' ? qa : null,
  }, rec);
}

/** The project's runs in time order (undated last), with children and the optional learning fields. */
export function loadLearningRuns(store: Store, projectId: string, opts: LoadLearningRunsOptions = {}): LearningRun[] {
  const rows = store.learning.runRows(projectId, { last: opts.last });
  const refs = new RefReader();
  try {
    return rows.map((row) => {
      const run: LearningRun = {
        run_id: row.run_id, project_id: row.project_id, started_at: row.started_at, duration_s: row.duration_s, mode: row.mode,
        prompt_strategy: row.prompt_strategy, prompt_version: row.prompt_version, model: row.model, recipe: row.recipe,
        total_cost_usd: row.total_cost_usd, tokens_in: row.tokens_in, tokens_out: row.tokens_out,
        qa_status: row.qa_status === 'passed' || row.qa_status === 'warning' || row.qa_status === 'failed' ? row.qa_status : null,
      };
      const rec = canonical(row, refs);
      if (rec) {
        withRecordFields(run, rec);
      } else {
        const child = store.learning.children(row.pk);
        run.steps = (child.steps as Json[]).map((s) => ({ ...stepOf(s), success: bit(s.success as number | null) }));
        run.gates = (child.gates as Json[]).map((g) => gateOf({
          ...g, auto_fix_success: bit(g.auto_fix_success as number | null), human_override: bit(g.human_override as number | null),
        })).filter((g): g is LearningGate => g != null);
        run.decisions = (child.decisions as Json[]).map((d) => decisionOf({ ...d, aligned: bit(d.aligned as number | null) }));
      }
      return run;
    });
  } finally {
    refs.close();
  }
}

/** Projects that have runs, in name order. */
export function learningProjectIds(store: Store): string[] {
  return store.learning.projectIds();
}
