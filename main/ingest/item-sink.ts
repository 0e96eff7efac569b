/**
 * Where the parsed values of one file go: normalised, written as runs or events (a duplicate of a
 * run kept elsewhere displaces it or is quarantined), folded into the aggregates, and every bad
 * record quarantined with its line and reason, capped per file.
 */
import type { RawSpan } from '../store';
import { customFactorValues } from '../../shared/custom-factors';
import { factsOf } from './aggregate-fold';
import { displacedQuarantine, displaces, duplicateReason } from './duplicates';
import { NUL_LINE } from './file-bytes';
import type { FileOutcome, FileTarget } from './ingest-file';
import type { StreamElement } from './json-array-stream';
import { MAX_LINE_BYTES, type JsonlLine } from './jsonl-reader';
import { normalizeRecord, type NormalizeContext } from './normalize';
import { jsonErrorReason, parseElement, withShared } from './parse-json';
import { guardValue, INVALID_UTF8 } from './record-guard';
import { derivedTexts } from './run-labels';
import type { Session } from './session';
import { folderProjectOf } from './walk';

const MAX_QUARANTINE_PER_FILE = 1000;
const MiB = (n: number) => `${Math.round(n / 1048576)} MiB`;

/** Writes parsed values of one file: normalise, insert runs/events, quarantine the rest (capped per file). */
export class ItemSink {
  private suppressed = 0;
  /** One context for every record of the file; `line` and `now` are updated in place. */
  private readonly ctx: NormalizeContext;
  constructor(
    private readonly s: Session,
    private readonly t: FileTarget,
    private readonly sourceId: number,
    readonly out: FileOutcome,
  ) {
    this.ctx = { relPath: t.rel, line: 0, now: s.now(), mapping: s.mapping?.mapping ?? null, folderProject: folderProjectOf(t.rel) };
  }

  /** Reads the clock again (once per batch of a long-running file). */
  tick(): void {
    this.ctx.now = this.s.now();
  }

  /** `span`: where `text` sits in the file, byte-exact; the run then stores that reference instead of the text. */
  value(line: number, text: string, value: unknown, forceRecord = false, span?: RawSpan): void {
    const s = this.s;
    this.ctx.line = line;
    const guard = guardValue(text, value);
    if (guard) return this.bad(line, guard.field, `line ${line}: ${guard.reason}`, text);
    const n = normalizeRecord(value, this.ctx);
    if (n.kind === 'run') {
      const recordText = n.changed || forceRecord ? JSON.stringify(n.record) : null;
      const raw = span ?? text;
      const derived = derivedTexts(n.record, s.labels.rules);
      const custom = customFactorValues(n.record, s.customFactors);
      let r = s.writer.insertRun(this.sourceId, line, n.record, n.started_ms, recordText, raw, derived, custom);
      if (!r.ok && displaces(this.t.path, this.sourceId, r.first)) {
        const lost = s.writer.displaceRun(n.record.project_id, n.record.run_id, s.fold.removed);
        r = s.writer.insertRun(this.sourceId, line, n.record, n.started_ms, recordText, raw, derived, custom);
        if (lost) {
          s.writer.quarantine(displacedQuarantine(n.record, lost, { sourceId: this.sourceId, path: this.t.path, line }));
          this.out.quarantined++; // in the other file, but caused by this one: the quarantine changed
        }
      }
      if (r.ok) {
        this.out.runs++;
        s.fold.added(factsOf(n.record, n.started_ms, custom), n.record);
      } else {
        this.bad(line, 'run_id', `line ${line}: ${duplicateReason(n.record, r.first, this.sourceId)}`, text, r.first.sourceId === this.sourceId ? null : r.first.sourceId);
      }
    } else if (n.kind === 'event') {
      s.writer.insertEvent(this.sourceId, line, n, text);
      this.out.events++;
    } else this.bad(line, n.field, n.reason, text);
  }

  text(line: number, text: string, span?: RawSpan): void {
    if (text.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      this.bad(line, null, `line ${line}: ${text.includes('\0') ? NUL_LINE : jsonErrorReason(text, e)}`, text);
      return;
    }
    this.value(line, text, v, false, span);
  }

  jsonlLine(l: JsonlLine): void {
    if ('oversize' in l) this.bad(l.line, null, `line ${l.line}: line longer than ${MiB(MAX_LINE_BYTES)} (${l.oversize} bytes); skipped`, '');
    else if (l.badUtf8) this.bad(l.line, null, `line ${l.line}: ${INVALID_UTF8}`, l.text);
    else this.text(l.line, l.text, l);
  }

  /** One element of a streamed array: parsed here, with its exact byte span; `shared`: a wrapper's fields. */
  element(el: StreamElement, shared: Record<string, unknown> | null): void {
    if ('oversize' in el) return this.bad(el.line, null, `line ${el.line}: run larger than ${MiB(MAX_LINE_BYTES)} (${el.oversize} bytes); skipped`, '');
    if (el.badUtf8) return this.bad(el.line, null, `line ${el.line}: ${INVALID_UTF8}`, el.text);
    const it = parseElement(el.text, el.line);
    if (it.error) return this.bad(it.line, null, `line ${it.line}: ${el.text.includes('\0') ? NUL_LINE : it.error}`, el.text);
    const injected = shared ? withShared(it.value, shared) : false;
    this.value(el.line, el.text, it.value, injected, { offset: el.offset, length: el.length });
  }

  bad(line: number | null, field: string | null, reason: string, excerpt: string, dupSourceId: number | null = null, pending = false): void {
    if (this.out.quarantined >= MAX_QUARANTINE_PER_FILE && !pending) {
      this.suppressed++;
      return;
    }
    this.s.writer.quarantine({ sourceId: this.sourceId, file: this.t.path, line, field, reason, excerpt, pending, dupSourceId });
    this.out.quarantined++;
  }

  /** One summary row for the bad records beyond the per-file cap. */
  close(): void {
    if (this.suppressed > 0) {
      this.s.writer.quarantine({ sourceId: this.sourceId, file: this.t.path, line: null, field: null, excerpt: '', count: this.suppressed,
        reason: `${this.suppressed} more bad records in this file are not listed (first ${MAX_QUARANTINE_PER_FILE} shown)` });
      this.out.quarantined += this.suppressed;
      this.suppressed = 0;
    }
  }
}
