/**
 * Parses the text of a `*.json` run file: one run, an array of runs, `{"runs": [...]}` (other
 * top-level fields of that wrapper apply to every run that lacks them), or, tolerated, JSON
 * Lines saved as .json. Truncated or corrupted arrays keep their complete runs.
 */
import { visit } from 'jsonc-parser';
import { scanElements } from './json-spans';

export interface ParsedItem {
  line: number;
  /** The item's raw text exactly as in the file. */
  text: string;
  value?: unknown;
  /** Fields of a `{"runs": [...]}` wrapper were added to `value`: the raw text alone is not the record. */
  injected?: boolean;
  /** Why the item could not be read (no line prefix). */
  error?: string;
  /** `text` is exactly input.slice(start, end) (UTF-16 indices into the text given to parseJsonText); absent when not exact or salvaged. */
  span?: { start: number; end: number };
}

export interface ParsedFile {
  items: ParsedItem[];
  /** Set when the file as a whole is unreadable: one quarantine row with this reason. */
  fileError?: string;
  fileErrorLine?: number;
  /** The file may be half-written (parse failure at the end): a watcher should wait and retry. */
  incomplete: boolean;
}

/** Reason for a JSON.parse failure of `text`, naming NaN/Infinity when that is the cause. */
export function jsonErrorReason(text: string, err: unknown): string {
  if (/[:,[]\s*-?(NaN|Infinity)\b/.test(text)) return 'not valid JSON: NaN and Infinity are not JSON numbers';
  const msg = (err as Error).message ?? String(err);
  return `not valid JSON (${msg.length > 120 ? `${msg.slice(0, 117)}…` : msg})`;
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Where in `text` JSON.parse failed. V8 names the position only for some errors ("Unexpected
 * token 'x', "…" is not valid JSON" has none): then a second, tolerant parser locates the first
 * fault. Null when neither knows.
 */
export function errorOffset(text: string, err: unknown): number | null {
  const m = /position (\d+)/.exec((err as Error).message ?? '');
  if (m) return Number(m[1]);
  try {
    // A visitor builds no values, so a big file costs no memory here.
    let first: number | null = null;
    visit(text, { onError: (_code, offset) => void (first = first == null ? offset : Math.min(first, offset)) },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    return first;
  } catch {
    return null; // e.g. nesting too deep for its recursion
  }
}

function asJsonLines(text: string, base: number): ParsedItem[] | null {
  const lines = text.split('\n');
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  if (nonEmpty.length < 2) return null;
  try {
    const first = JSON.parse(nonEmpty[0]);
    if (first === null || typeof first !== 'object' || Array.isArray(first)) return null;
  } catch {
    return null;
  }
  const items: ParsedItem[] = [];
  let pos = base;
  lines.forEach((raw, i) => {
    const start = pos;
    pos += raw.length + 1;
    const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (t.trim() === '') return;
    try {
      items.push({ line: i + 1, text: t, value: JSON.parse(t), span: { start, end: start + t.length } });
    } catch (e) {
      items.push({ line: i + 1, text: t, error: jsonErrorReason(t, e) });
    }
  });
  return items;
}

/** Adds a wrapper's fields to a run that lacks them; true when any was added. */
export function withShared(value: unknown, shared: Record<string, unknown>): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  let injected = false;
  for (const k in shared) {
    if (v[k] === undefined) {
      v[k] = shared[k];
      injected = true;
    }
  }
  return injected;
}

/** Parses a whole .json file's text into items with real line numbers. */
export function parseJsonText(input: string): ParsedFile {
  const bom = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const text = bom ? input.slice(1) : input;
  if (text.trim() === '') return { items: [], fileError: 'empty file: no runs', incomplete: true };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    const lines = asJsonLines(text, bom);
    if (lines) return { items: lines, incomplete: false };
    return salvage(text, e);
  }
  if (Array.isArray(root)) return { items: fromSpans(text, bom, root, {}), incomplete: false };
  if (root !== null && typeof root === 'object' && Array.isArray((root as Record<string, unknown>).runs)) {
    const { runs, ...rest } = root as Record<string, unknown>;
    const shared: Record<string, unknown> = {};
    for (const k in rest) if (rest[k] === null || typeof rest[k] !== 'object') shared[k] = rest[k];
    return { items: fromSpans(text, bom, runs as unknown[], shared), incomplete: false };
  }
  return { items: [{ line: 1, text, value: root, span: { start: bom, end: input.length } }], incomplete: false };
}

function fromSpans(text: string, base: number, values: unknown[], shared: Record<string, unknown>): ParsedItem[] {
  const scan = values.length > 0 ? scanElements(text) : null;
  const ok = scan && scan.spans.length === values.length;
  return values.map((v, i) => ({
    line: ok ? scan.spans[i].line : i + 1,
    text: ok ? text.slice(scan.spans[i].start, scan.spans[i].end) : JSON.stringify(v),
    value: v,
    injected: withShared(v, shared),
    span: ok ? { start: base + scan.spans[i].start, end: base + scan.spans[i].end } : undefined,
  }));
}

/**
 * Parses one element of a runs array that starts on `line`. A failure is reported on the line
 * of the fault, not the run's first line (a pretty-printed run spans many).
 */
export function parseElement(text: string, line: number): ParsedItem {
  try {
    return { line, text, value: JSON.parse(text) };
  } catch (e) {
    const at = errorOffset(text, e);
    return { line: at == null ? line : line + lineAt(text, at) - 1, text, error: jsonErrorReason(text, e) };
  }
}

function salvage(text: string, err: unknown): ParsedFile {
  const scan = scanElements(text);
  const pos = errorOffset(text, err);
  if (!scan || (scan.spans.length === 0 && scan.openLine == null)) {
    return { items: [], fileError: jsonErrorReason(text, err), fileErrorLine: pos != null ? lineAt(text, pos) : 1, incomplete: true };
  }
  const items: ParsedItem[] = scan.spans.map((s) => parseElement(text.slice(s.start, s.end), s.line));
  if (scan.openLine != null) {
    items.push({ line: scan.openLine, text: text.slice(scan.openStart), error: 'truncated JSON: the file ends inside this run' });
  } else if (!scan.closed) {
    items.push({ line: lineAt(text, text.length), text: '', error: 'truncated JSON: the file ends before the closing bracket' });
  }
  return { items, incomplete: true };
}
