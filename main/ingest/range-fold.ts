/**
 * The provisional fold (issue 7 §6): one byte range of a JSONL file read, parsed, normalised and
 * folded into its projects' aggregates, without storing anything. A line belongs to the range
 * its first byte falls in, so ranges that tile a file fold each line exactly once. Records go
 * through the ingest's own checks (guardValue, normalizeRecord) and fold (foldRun), so on data
 * without duplicates the merged ranges equal the aggregates the ingest stores.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { ProjectAggregates } from '../../shared/aggregates';
import { emptyProject, foldRun } from '../engine/aggregates';
import { factsOf } from './aggregate-fold';
import type { Mapping } from './mapping';
import { normalizeRecord, type NormalizeContext } from './normalize';
import { guardValue } from './record-guard';
import { folderProjectOf } from './walk';

/** One range to fold: [start, end) in bytes of the file at `path` (`rel`: its path under the root, `/`-separated). */
export interface FoldRange {
  path: string;
  rel: string;
  start: number;
  end: number;
}

/** What a range (or several, merged) folded. */
export interface RangeFold {
  aggregates: ProjectAggregates[];
  runs: number;
}

const CHUNK = 4 * 1024 * 1024;
const NL = 0x0a;

/** Folds the runs of the lines that start in [start, end). */
export function foldJsonlRange(r: FoldRange, now: number, mapping: Mapping | null): RangeFold {
  const aggs = new Map<string, ProjectAggregates>();
  const ctx: NormalizeContext = { relPath: r.rel, line: 0, now, mapping, folderProject: folderProjectOf(r.rel) };
  let runs = 0;
  const line = (text: string): void => {
    if (text.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return; // quarantined by the ingest
    }
    if (guardValue(text, v)) return;
    const n = normalizeRecord(v, ctx);
    if (n.kind !== 'run') return;
    const p = n.record.project_id;
    let agg = aggs.get(p);
    if (agg === undefined) aggs.set(p, (agg = emptyProject(p)));
    foldRun(agg, factsOf(n.record, n.started_ms), 1);
    runs++;
  };

  const fd = openSync(r.path, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    // A range not at the file's start is read from start − 1: what comes before the first newline
    // there belongs to the previous range (an empty piece when that byte is the newline).
    let skipping = r.start > 0;
    let fileOff = skipping ? r.start - 1 : 0; // file offset of buf[0]
    let carry = 0; // bytes of an unfinished line at the start of buf
    for (;;) {
      if (carry === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const got = readSync(fd, buf, carry, buf.length - carry, fileOff + carry);
      const len = carry + got;
      const eof = got === 0;
      let a = 0;
      for (;;) {
        let i = buf.indexOf(NL, a);
        if (i < 0 || i >= len) {
          if (eof && a < len) i = len; // the last line has no newline
          else break;
        }
        if (skipping) skipping = false;
        else if (fileOff + a >= r.end) return done();
        else line(text(buf, a, i, fileOff + a === 0));
        a = i + 1;
      }
      if (eof) return done();
      buf.copy(buf, 0, a, len);
      fileOff += a;
      carry = len - a;
    }
  } finally {
    closeSync(fd);
  }

  function done(): RangeFold {
    return { aggregates: [...aggs.values()], runs };
  }
}

/** A line's text: UTF-8, without a trailing CR or (at the file's start) a BOM. */
function text(buf: Buffer, a: number, b: number, first: boolean): string {
  if (first && b - a >= 3 && buf[a] === 0xef && buf[a + 1] === 0xbb && buf[a + 2] === 0xbf) a += 3;
  if (b > a && buf[b - 1] === 0x0d) b--;
  return buf.toString('utf8', a, b);
}

/** Splits files into about `parts` ranges of similar size (whole files stay whole below `minBytes`). */
export function splitRanges(files: readonly { path: string; rel: string; size: number }[], parts: number, minBytes = 1024 * 1024): FoldRange[] {
  const total = files.reduce((a, f) => a + Math.max(0, f.size), 0);
  const target = Math.max(minBytes, Math.ceil(total / Math.max(1, parts)));
  const out: FoldRange[] = [];
  for (const f of files) {
    if (f.size <= 0) continue;
    for (let s = 0; s < f.size; s += target) out.push({ path: f.path, rel: f.rel, start: s, end: Math.min(f.size, s + target) });
  }
  return out;
}
