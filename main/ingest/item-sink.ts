/**
 * Where the parsed values of one file go: normalised, written as runs or events (a duplicate of a
 * run kept elsewhere displaces it or is quarantined), folded into the aggregates, and every bad
 * record quarantined with its line and reason, capped per file. Values are checked and
 * normalised as they are handed in (synchronously, by the readers' loops) and written, in their
 * order, by `flush()`: the store's writes are asynchronous, one batch at a time.
 */
import type { RawSpan, RunInsert } from '../store';
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

/** A checked value waiting for flush(), in file order. */
type Pending =
  | RunPending
  | { kind: 'event'; line: number; text: string; event: Extract<ReturnType<typeof normalizeRecord>, { kind: 'event' }> }
  | { kind: 'bad'; line: number | null; field: string | null; reason: string; excerpt: string; dupSourceId: number | null; pending: boolean };

/** A run waiting for flush(): what insertRuns takes, and its text for a quarantine excerpt. */
interface RunPending {
  kind: 'run';
  text: string;
  insert: RunInsert;
}

/** Values handed in before a flush is forced, so that a long file's pending writes stay small. */
const FLUSH_EVERY = 1000;

/** Writes parsed values of one file: normalise, insert runs/events, quarantine the rest (capped per file). */
export class ItemSink {
  private suppressed = 0;
  private pending: Pending[] = [];
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

  /** True once enough values wait that the reader should flush before reading on. */
  get full(): boolean {
    return this.pending.length >= FLUSH_EVERY;
  }

  /** `span`: where `text` sits in the file, byte-exact; the run then stores that reference instead of the text. */
  value(line: number, text: string, value: unknown, forceRecord = false, span?: RawSpan): void {
    const s = this.s;
    this.ctx.line = line;
    const guard = guardValue(text, value);
    if (guard) return this.bad(line, guard.field, `line ${line}: ${guard.reason}`, text);
    const n = normalizeRecord(value, this.ctx);
    if (n.kind === 'run') {
      this.pending.push({
        kind: 'run', text, insert: {
          sourceId: this.sourceId, line, record: n.record, startedMs: n.started_ms, recordText: n.changed || forceRecord ? JSON.stringify(n.record) : null,
          raw: span ?? text, derived: derivedTexts(n.record, s.labels.rules), custom: customFactorValues(n.record, s.customFactors),
        },
      });
    } else if (n.kind === 'event') this.pending.push({ kind: 'event', line, text, event: n });
    else this.bad(line, n.field, n.reason, text);
  }

  /** Writes the values handed in so far, in order; consecutive runs go to the store as one batch. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    for (let i = 0; i < batch.length;) {
      const p = batch[i];
      if (p.kind === 'run') {
        let j = i + 1;
        while (j < batch.length && batch[j].kind === 'run') j++;
        await this.writeRuns(batch.slice(i, j) as RunPending[]);
        i = j;
        continue;
      }
      if (p.kind === 'event') {
        await this.s.writer.insertEvent(this.sourceId, p.line, p.event, p.text);
        this.out.events++;
      } else await this.writeBad(p);
      i++;
    }
    await this.s.fold.foldQueued();
  }

  private async writeRuns(runs: RunPending[]): Promise<void> {
    const results = await this.s.writer.insertRuns(runs.map((p) => p.insert));
    for (let k = 0; k < runs.length; k++) {
      if (results[k].ok) this.stored(runs[k].insert);
      // Asked again now: an earlier duplicate of the batch may have displaced the copy this one met.
      else await this.writeDuplicate(runs[k]);
    }
  }

  private stored(r: RunInsert): void {
    this.out.runs++;
    this.s.fold.added(factsOf(r.record, r.startedMs, r.custom), r.record);
  }

  /** A run whose id was taken when its batch was written: it displaces the stored copy, or is quarantined. */
  private async writeDuplicate(p: RunPending): Promise<void> {
    const s = this.s;
    const { line, record, startedMs, recordText, raw, derived, custom } = p.insert;
    let r = await s.writer.insertRun(this.sourceId, line, record, startedMs, recordText, raw, derived, custom);
    if (!r.ok && displaces(this.t.path, this.sourceId, r.first)) {
      const lost = await s.writer.displaceRun(record.project_id, record.run_id, s.fold.removed);
      r = await s.writer.insertRun(this.sourceId, line, record, startedMs, recordText, raw, derived, custom);
      if (lost) {
        await s.writer.quarantine(displacedQuarantine(record, lost, { sourceId: this.sourceId, path: this.t.path, line }));
        this.out.quarantined++; // in the other file, but caused by this one: the quarantine changed
      }
    }
    if (r.ok) this.stored(p.insert);
    else {
      await this.writeBad({ kind: 'bad', line, field: 'run_id', reason: `line ${line}: ${duplicateReason(record, r.first, this.sourceId)}`, excerpt: p.text,
        dupSourceId: r.first.sourceId === this.sourceId ? null : r.first.sourceId, pending: false });
    }
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
    this.pending.push({ kind: 'bad', line, field, reason, excerpt, dupSourceId, pending });
  }

  private async writeBad(p: Extract<Pending, { kind: 'bad' }>): Promise<void> {
    if (this.out.quarantined >= MAX_QUARANTINE_PER_FILE && !p.pending) {
      this.suppressed++;
      return;
    }
    await this.s.writer.quarantine({ sourceId: this.sourceId, file: this.t.path, line: p.line, field: p.field, reason: p.reason, excerpt: p.excerpt,
      pending: p.pending, dupSourceId: p.dupSourceId });
    this.out.quarantined++;
  }

  /** Writes what is pending and one summary row for the bad records beyond the per-file cap. */
  async close(): Promise<void> {
    await this.flush();
    if (this.suppressed > 0) {
      await this.s.writer.quarantine({ sourceId: this.sourceId, file: this.t.path, line: null, field: null, excerpt: '', count: this.suppressed,
        reason: `${this.suppressed} more bad records in this file are not listed (first ${MAX_QUARANTINE_PER_FILE} shown)` });
      this.out.quarantined += this.suppressed;
      this.suppressed = 0;
    }
  }
}
