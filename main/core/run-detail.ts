/** One run for the run drawer: the stored run, with its raw record read back from the user's file when stored by reference. */
import type { RunDetail } from '../../shared/domain';
import type { RunRecord } from '../../shared/run-record';
import { RAW_CHANGED, readRawRef } from '../ingest/raw-ref';
import type { RunStore } from '../store';

/**
 * A run with its canonical record, raw record, line and events; null when unknown. When the
 * file changed since it was read, `raw` is null and `raw_note` says why (and a record that was
 * the raw text itself is rebuilt from the stored columns).
 */
export async function getRunDetail(runs: RunStore, projectId: string, runId: string): Promise<RunDetail | null> {
  const stored = await runs.get(projectId, runId);
  if (!stored) return null;
  let rawValue: unknown = null;
  let rawNote: string | undefined;
  if (stored.rawRef) {
    const got = readRawRef(stored.rawRef);
    if ('value' in got && (stored.recordText != null || (got.value as { run_id?: unknown } | null)?.run_id === runId)) rawValue = got.value;
    else rawNote = 'note' in got ? got.note : RAW_CHANGED;
  } else {
    try {
      rawValue = JSON.parse(stored.rawText ?? '') as unknown;
    } catch {
      rawNote = 'Raw JSON unavailable: the stored text is not valid JSON.';
    }
  }
  // recordText null: the raw text is the canonical record (not stored twice).
  const record = stored.recordText != null ? (JSON.parse(stored.recordText) as RunRecord) : rawNote ? stored.recordFromColumns() : (rawValue as RunRecord);
  return { row: stored.row, record, raw: rawValue, ...(rawNote ? { raw_note: rawNote } : {}), line: stored.line, events: stored.events };
}
