/**
 * A stored run read back as the learning engine reads it (engine/learning/record-run.ts): its
 * columns, and the fields they do not hold as derived at ingest (`run_labels.learning`), else from the
 * canonical record — `runs.record`, else the raw text (inline, or read back by reference while
 * its file is unchanged). When no canonical text can be read, the child tables are used and the
 * optional seed-002 fields are absent.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decisionOf, gateOf, obj, stepOf, withRecordFields, type LearningFields } from '../engine/learning/record-run';
import type { LearningGate, LearningRun } from '../engine/learning/types';
import type { RunLabels } from '../../shared/learning';
import type { LearningChildRows, LearningRunRow } from '../store';

type Json = Record<string, unknown>;
const bit = (v: number | null): boolean | undefined => (v == null ? undefined : v === 1);

/** Files opened once per load; a file whose identity changed since ingest yields nothing. */
export class RefReader {
  private fds = new Map<string, number | null>();
  read(row: LearningRunRow): unknown {
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
export function canonical(row: LearningRunRow, refs: RefReader): Json | null {
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

/** Stored labels as parsed JSON; null when absent or unreadable (then they are derived again). */
export function storedLabels(text: string | null): RunLabels | null {
  if (text == null) return null;
  try {
    const v = JSON.parse(text) as RunLabels;
    return Array.isArray(v?.gates) && Array.isArray(v.decisions) ? v : null;
  } catch {
    return null;
  }
}

/** Stored learning fields as parsed JSON; null when absent or unreadable (then the record is read). */
function storedFields(text: string | null): LearningFields | null {
  if (text == null) return null;
  try {
    const v = obj(JSON.parse(text));
    return v && Array.isArray(v.steps) ? (v as LearningFields) : null;
  } catch {
    return null;
  }
}

/**
 * One stored run for the learning engine: its columns, and the learning fields as stored at
 * ingest, else from its canonical record (`children` is asked only when that cannot be read
 * either). `fromRecord`: ignore the stored derivations (the fill derives them). The stored labels
 * are attached unless `fromRecord`.
 */
export async function learningRunOfRow(row: LearningRunRow, refs: RefReader, children: (pk: number) => Promise<LearningChildRows>, fromRecord = false): Promise<LearningRun> {
  const run: LearningRun = {
    run_id: row.run_id, project_id: row.project_id, started_at: row.started_at, duration_s: row.duration_s, mode: row.mode,
    prompt_strategy: row.prompt_strategy, prompt_version: row.prompt_version, model: row.model, recipe: row.recipe,
    total_cost_usd: row.total_cost_usd, tokens_in: row.tokens_in, tokens_out: row.tokens_out,
    qa_status: row.qa_status === 'passed' || row.qa_status === 'warning' || row.qa_status === 'failed' ? row.qa_status : null,
  };
  const fields = fromRecord ? null : storedFields(row.learning);
  const rec = fields ? null : canonical(row, refs);
  if (fields) {
    Object.assign(run, fields);
  } else if (rec) {
    withRecordFields(run, rec);
  } else {
    const child = await children(row.pk);
    run.steps = (child.steps as Json[]).map((s) => ({ ...stepOf(s), success: bit(s.success as number | null) }));
    run.gates = (child.gates as Json[]).map((g) => gateOf({
      ...g, auto_fix_success: bit(g.auto_fix_success as number | null), human_override: bit(g.human_override as number | null),
    })).filter((g): g is LearningGate => g != null);
    run.decisions = (child.decisions as Json[]).map((d) => decisionOf({ ...d, aligned: bit(d.aligned as number | null) }));
  }
  if (!fromRecord) {
    const labels = storedLabels(row.labels);
    if (labels) run.labels = labels;
  }
  return run;
}
