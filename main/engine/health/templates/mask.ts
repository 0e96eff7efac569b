/**
 * Masking of variable parts of an error message before template mining: what Qin et al.
 * ("Preprocessing is all you need", 2024) show matters as much as the grouping. Each kind of
 * variable becomes a typed placeholder, so "Timeout 30000ms" and "Timeout 5000ms" are the same
 * tokens before the grouping (brain.ts) ever sees them.
 */

/** The placeholder kinds, in the order they are tried at one position (first wins). */
export const MASK_KINDS = [
  'URL', 'EMAIL', 'TS', 'UUID', 'IP', 'STR', 'LIST', 'PATH', 'MONEY', 'DUR', 'SIZE', 'HEX', 'ID', 'NUM',
] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

// One source per kind; joined into one alternation so a message is scanned once, left to right.
const SOURCES: Record<MaskKind, string> = {
  // A URL does not end in sentence punctuation: "see https://x.io/a." keeps its full stop.
  URL: String.raw`\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>()\[\]{}]*[^\s"'<>()\[\]{}.,;:!?]`,
  EMAIL: String.raw`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`,
  // ISO 8601 date-times, plain dates, clock times (with optional fraction and zone).
  // Also the C/syslog/JavaScript forms that spell the month ("Fri Jun 17 07:07:00 2005", "Jun 17
  // 07:07:00", "Tue Dec 01 2026 17:41:13 GMT+0000", "Tue, 01 Dec 2026 17:41:13 GMT"): left
  // unmasked their weekday and month names read as a handful of repeated words, i.e. constants.
  TS: String.raw`\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? )?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2}(?: \d{4})?|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}) \d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?: \d{4}\b)?(?: (?:GMT|UTC)?[+-]\d{4}\b| GMT\b| UTC\b)?|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z\b)?`,
  UUID: String.raw`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b`,
  // Not the start of a longer dotted name ("5.36.59.76.dynamic-dsl.example.net" is one host, an ID).
  IP: String.raw`\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b(?!\.?[\w-])|\[[0-9a-fA-F:]*:[0-9a-fA-F:]+\](?::\d{1,5})?`,
  // Quotes must stand alone, so the apostrophe in "can't" does not open a string.
  STR: String.raw`(?<![\w])"[^"\n]*"|(?<![\w])'[^'\n]*'(?![\w])|\x60[^\x60\n]*\x60`,
  // Bracketed lists and objects whose content is data (see maskBracket); nested ones stay.
  LIST: String.raw`\[[^\[\]\n]{0,400}\]|\{[^{}\n]{0,400}\}`,
  // Absolute, home, relative (with an extension or ≥ 2 slashes) and Windows paths; a bare file
  // name with a known extension; optional :line:col or (line,col).
  PATH: String.raw`(?:(?<![\w\/.:~-])(?:~|\.{1,2})?\/[\w.@+~-]+(?:\/[\w.@+~-]*)*|\b[A-Za-z]:\\[\w.@+ ~\\-]*[\w.@+~-]|(?<![\w\/.@-])[\w.@-]+(?:\/[\w.@-]+)+\.[A-Za-z]\w{0,5}|(?<![\w\/.@-])[\w@.-]+(?:\/[\w.@-]+){2,}|\b[\w-]+\.(?:tsx?|jsx?|mjs|cjs|py|json|ya?ml|md|txt|css|html|go|rs|java|rb|sh|toml|lock|log|csv|sql|db|xml|ini|cfg|conf|env|pdf|png|jpe?g|gif|svg|zip|gz|tgz|tar|wasm|ipynb)\b)(?::\d+){0,2}(?:\(\d+,\d+\))?`,
  MONEY: String.raw`[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d+(?:\.\d+)?\s?(?:USD|usd)\b`,
  // "30s", "150ms"; a spelled-out unit after a space, with an optional bound ("<1 sec", "2 minutes");
  // a clock-style elapsed time "00:01" (three-part "hh:mm:ss" is already TS).
  DUR: String.raw`\b\d+(?:\.\d+)?(?:ms|us|µs|ns|s|sec|secs|m|min|mins|h|hr|hrs|d)\b|(?:[<>]=?|\b)\d+(?:\.\d+)? (?:ms|secs?|seconds?|mins?|minutes?|hours?)\b|\b\d{1,2}:\d{2}\b(?!:)`,
  SIZE: String.raw`\b\d+(?:\.\d+)?\s?(?:[KMGT]i?B|[kmgt]b|bytes|B)\b`,
  HEX: String.raw`\b0x[0-9a-fA-F]+\b|\b[0-9a-fA-F]{7,}\b`,
  // Identifiers that carry a digit: run_8f3a2, req-1234, sk-ant-api03-xyz, gpt-4o, TS2304.
  // Inner dots too ("gemini-1.5-pro"), but not a sentence's full stop after the id.
  // One that starts with digits too, through dots and hyphens ("3rd", "24-54-76-216.dsl.example.net").
  ID: String.raw`\b[A-Za-z_][\w.-]*?\d(?:[\w.-]*[\w-])?|\b\d[\d.-]*[A-Za-z_](?:[\w.-]*[\w-])?`,
  NUM: String.raw`(?<![\w.])[-+]?\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?\b`,
};

const KIND_BY_GROUP = MASK_KINDS;
const COMBINED = new RegExp(MASK_KINDS.map((k) => `(${SOURCES[k]})`).join('|'), 'g');
const HAS_DIGIT = /\d/;
const DATA_INSIDE = /[\d"',:]/;
/** A quoted request line or command ("GET /v2/x HTTP/1.1"): an upper-case verb, then more words. */
const QUOTED_PHRASE = /^["'`][A-Z]{3,}\s\S/;

function maskBracket(m: string): string {
  const inner = m.slice(1, -1);
  if (inner.trim() === '') return '<LIST>';
  // "[builder]", "[ERROR]" are labels, not data: keep the brackets, mask what is inside.
  if (!DATA_INSIDE.test(inner)) return m[0] + maskMessage(inner) + m[m.length - 1];
  return '<LIST>';
}

function replace(m: string, ...groups: unknown[]): string {
  for (let i = 0; i < KIND_BY_GROUP.length; i++) {
    if (groups[i] === undefined) continue;
    const kind = KIND_BY_GROUP[i];
    // A hex run with no digit is an English word ("accede", "defaced").
    if (kind === 'HEX' && !HAS_DIGIT.test(m)) return m;
    if (kind === 'LIST') return maskBracket(m);
    if (kind === 'STR' && QUOTED_PHRASE.test(m)) return m[0] + maskMessage(m.slice(1, -1)) + m[m.length - 1];
    return `<${kind}>`;
  }
  return m;
}

/**
 * A quantity restated in other units right after itself ("1190 bytes (1.16 KB)", "90 s (1.5 min)")
 * is one variable: loggers add the readable form only above some size, so without this the same
 * message comes in two lengths and Drain, which compares messages of one length, splits it.
 */
const RESTATED = /<(SIZE|DUR|NUM)> \(<(?:SIZE|DUR|NUM)>\)/g;

/** The message with every variable replaced by its placeholder, e.g. "<NUM>", "<PATH>". */
export function maskMessage(message: string): string {
  return message.replace(COMBINED, replace).replace(RESTATED, '<$1>');
}

/** Whitespace-separated tokens of a message (after masking). */
export function tokenize(masked: string): string[] {
  const out = masked.trim().split(/\s+/);
  return out.length === 1 && out[0] === '' ? [] : out;
}
