/**
 * Finds where each run of a `[...]` or `{"runs": [...]}` file starts and ends, without parsing
 * it: gives runs their real line numbers and raw text, and salvages the complete runs of a
 * truncated or partly corrupted file.
 */

export interface Span {
  start: number;
  end: number;
  /** 1-based line where the element starts. */
  line: number;
}

export interface SpanScan {
  spans: Span[];
  /** The container's closing bracket was seen. */
  closed: boolean;
  /** Line where an element started that the text ends inside, if any. */
  openLine: number | null;
  /** Offset where that unterminated element starts (−1 when none). */
  openStart: number;
}

const QUOTE = 34, BACKSLASH = 92, NL = 10, COMMA = 44, COLON = 58;
const LBRACE = 123, RBRACE = 125, LBRACK = 91, RBRACK = 93;
const isWs = (c: number) => c === 32 || c === NL || c === 13 || c === 9;

/** Element spans of the top-level array, or of the `runs` array of a top-level object; null for other shapes. */
export function scanElements(text: string): SpanScan | null {
  const n = text.length;
  let i = 0;
  let line = 1;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n && isWs(text.charCodeAt(i))) {
    if (text.charCodeAt(i) === NL) line++;
    i++;
  }
  const first = text.charCodeAt(i);
  if (first !== LBRACK && first !== LBRACE) return null;
  let target = first === LBRACK ? 1 : -1; // depth at which elements sit; -1 until `"runs": [` is seen
  let depth = 0;
  let inStr = false;
  let strStart = 0;
  let lastStr: string | null = null;
  let key: string | null = null;
  let elemStart = -1;
  let elemLine = 0;
  const spans: Span[] = [];
  const push = (end: number) => {
    let e = end;
    while (e > elemStart && isWs(text.charCodeAt(e - 1))) e--;
    spans.push({ start: elemStart, end: e, line: elemLine });
    elemStart = -1;
  };
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === NL) line++;
    if (inStr) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inStr = false;
        if (depth === 1 && target === -1) lastStr = text.slice(strStart + 1, i);
      }
      continue;
    }
    if (isWs(c)) continue;
    if (depth === target && elemStart < 0 && c !== COMMA && c !== RBRACK) {
      elemStart = i;
      elemLine = line;
    }
    if (c === QUOTE) {
      inStr = true;
      strStart = i;
    } else if (c === LBRACE || c === LBRACK) {
      if (c === LBRACK && target === -1 && depth === 1 && key === 'runs') target = 2;
      depth++;
    } else if (c === RBRACE || c === RBRACK) {
      depth--;
      if (depth === target - 1) {
        if (elemStart >= 0) push(i);
        return { spans, closed: true, openLine: null, openStart: -1 };
      }
    } else if (c === COMMA && depth === target) {
      if (elemStart >= 0) push(i);
    } else if (c === COLON && depth === 1 && target === -1) {
      key = lastStr;
    }
  }
  if (target === -1) return null;
  return { spans, closed: false, openLine: elemStart >= 0 ? elemLine : null, openStart: elemStart };
}
