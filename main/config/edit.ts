/**
 * Pure, comment-preserving edits of JSONC text. Changing a value replaces only the value's own
 * characters; adding a key inserts one line in the file's own indentation and EOL; removing a
 * key deletes its line (the only key of an object without comments leaves `{}`). Everything
 * else (comments, key order, blank lines) stays byte-for-byte.
 *
 * Edits are computed on jsonc-parser's syntax tree and applied with its `applyEdits`. Its
 * `modify` is not used: it reformats neighbouring lines and moves a property's same-line
 * trailing comment (`"max_rounds": 5, // rounds per run`) onto the new key, or deletes it.
 */
import { applyEdits, createScanner, type Edit, type Node } from 'jsonc-parser';
import { BOM, ConfigError, dotted, jsonEqual, nodeAt, parseConfigTree, valueAt, type KeyPath } from './jsonc';

export interface ConfigEdit {
  keyPath: KeyPath;
  /** `undefined` removes the key. */
  value: unknown;
}

export interface TextFormat {
  insertSpaces: boolean;
  tabSize: number;
  /** One indentation level: a tab or `tabSize` spaces. */
  unit: string;
  eol: '\n' | '\r\n';
}

/** Indentation (tabs, or the smallest indent of a structural line) and EOL of the file. */
export function detectFormatting(text: string): TextFormat {
  const eol = text.includes('\r\n') ? ('\r\n' as const) : ('\n' as const);
  let tabLines = 0;
  let spaceLines = 0;
  let minSpaces = Infinity;
  // Only lines that start with JSON structure count: comment bodies are often aligned oddly.
  for (const line of text.split(/\r?\n/)) {
    const m = /^([ \t]+)["{}[\]]/.exec(line);
    if (!m) continue;
    if (m[1][0] === '\t') tabLines++;
    else {
      spaceLines++;
      minSpaces = Math.min(minSpaces, m[1].length);
    }
  }
  if (tabLines > spaceLines) return { insertSpaces: false, tabSize: 4, unit: '\t', eol };
  const size = Number.isFinite(minSpaces) && minSpaces <= 8 ? minSpaces : 2;
  return { insertSpaces: true, tabSize: size, unit: ' '.repeat(size), eol };
}

type Fmt = Pick<TextFormat, 'unit' | 'eol'>;

const COMMA_TOKEN = 5; // jsonc-parser SyntaxKind.CommaToken (a const enum, not importable here)
/** A comment closing the line: stays with the property in front of it. */
const TRAILING_COMMENT = /^[ \t]*(?:\/\/[^\r\n]*|\/\*[^\r\n]*?\*\/)[ \t]*(?=\r?\n)/;

const lineStart = (text: string, pos: number): number => text.lastIndexOf('\n', pos - 1) + 1;
const indentAt = (text: string, pos: number): string => /^[ \t]*/.exec(text.slice(lineStart(text, pos)))![0];
const startsLine = (text: string, pos: number): boolean => /^[ \t]*$/.test(text.slice(lineStart(text, pos), pos));

/** The first token after `pos`, skipping whitespace and comments. */
function nextToken(text: string, pos: number): { kind: number; offset: number } {
  const s = createScanner(text, true);
  s.setPosition(pos);
  const kind = s.scan();
  return { kind, offset: s.getTokenOffset() };
}

/** JSON for a new value: scalar arrays inline, objects one key per line at `indent` + unit. */
function serialize(v: unknown, fmt: Fmt, indent: string): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = indent + fmt.unit;
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
    return `[${fmt.eol}${v.map((x) => inner + serialize(x, fmt, inner)).join(`,${fmt.eol}`)}${fmt.eol}${indent}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${serialize(x, fmt, inner)}`);
  return `{${fmt.eol}${lines.join(`,${fmt.eol}`)}${fmt.eol}${indent}}`;
}

function replaceEdits(text: string, valueNode: Node, value: unknown, fmt: Fmt): Edit[] {
  return [{ offset: valueNode.offset, length: valueNode.length, content: serialize(value, fmt, indentAt(text, valueNode.offset)) }];
}

function removeEdits(text: string, valueNode: Node): Edit[] {
  const prop = valueNode.parent!;
  const object = prop.parent!;
  const siblings = object.children!;
  const i = siblings.indexOf(prop);
  const end = prop.offset + prop.length;
  if (siblings.length === 1) {
    // The only key, nothing else inside (no comment): the object goes back to the `{}` that
    // inserting into an empty object expands, so insert + remove round-trips.
    const close = object.offset + object.length - 1;
    const rest = text.slice(object.offset + 1, prop.offset) + text.slice(end, close);
    if (/^[\s,]*$/.test(rest)) return [{ offset: object.offset + 1, length: close - object.offset - 1, content: '' }];
  }
  const tail = /^[ \t]*(,)?(?:[ \t]*(?:\/\/[^\r\n]*|\/\*[^\r\n]*?\*\/))?[ \t]*\r?\n/.exec(text.slice(end));
  if (!startsLine(text, prop.offset) || !tail) {
    // Shares its line (a one-line object): cut the key up to the next one, or from the previous.
    if (i < siblings.length - 1) return [{ offset: prop.offset, length: siblings[i + 1].offset - prop.offset, content: '' }];
    const from = i > 0 ? siblings[i - 1].offset + siblings[i - 1].length : prop.offset;
    return [{ offset: from, length: end - from, content: '' }];
  }
  const edits: Edit[] = [];
  const last = i === siblings.length - 1;
  if (last && i > 0 && !tail[1]) {
    // The previous property's comma now precedes nothing.
    const prev = siblings[i - 1];
    const t = nextToken(text, prev.offset + prev.length);
    if (t.kind === COMMA_TOKEN) edits.push({ offset: t.offset, length: 1, content: '' });
  }
  const from = lineStart(text, prop.offset);
  edits.push({ offset: from, length: end + tail[0].length - from, content: '' });
  return edits;
}

function insertEdits(text: string, root: Node, keyPath: KeyPath, value: unknown, fmt: Fmt): Edit[] {
  let d = keyPath.length - 1;
  while (d > 0 && nodeAt(root, keyPath.slice(0, d)) === undefined) d--;
  const parent = d === 0 ? root : nodeAt(root, keyPath.slice(0, d))!;
  let val: unknown = value;
  for (let k = keyPath.length - 1; k > d; k--) val = { [keyPath[k]]: val };
  const key = JSON.stringify(keyPath[d]);
  const children = parent.children ?? [];
  const open = parent.offset;
  const close = parent.offset + parent.length - 1;

  if (children.length === 0) {
    const outer = indentAt(text, open);
    const indent = outer + fmt.unit;
    const prop = `${key}: ${serialize(val, fmt, indent)}`;
    if (text.slice(open + 1, close).trim() === '') {
      return [{ offset: open, length: close + 1 - open, content: `{${fmt.eol}${indent}${prop}${fmt.eol}${outer}}` }];
    }
    const c = TRAILING_COMMENT.exec(text.slice(open + 1));
    return [{ offset: open + 1 + (c ? c[0].length : 0), length: 0, content: `${fmt.eol}${indent}${prop}` }];
  }

  const lastProp = children[children.length - 1];
  const lastEnd = lastProp.offset + lastProp.length;
  const t = nextToken(text, lastEnd);
  const trailingComma = t.kind === COMMA_TOKEN;
  const anchor = trailingComma ? t.offset + 1 : lastEnd;
  if (!text.slice(lastEnd, close).includes('\n')) {
    // A one-line object stays on one line.
    const inline = `${key}: ${JSON.stringify(val)}`;
    return [{ offset: anchor, length: 0, content: trailingComma ? ` ${inline},` : `, ${inline}` }];
  }
  const indent = startsLine(text, lastProp.offset) ? indentAt(text, lastProp.offset) : indentAt(text, open) + fmt.unit;
  const c = TRAILING_COMMENT.exec(text.slice(anchor));
  const at = anchor + (c ? c[0].length : 0);
  const line = `${fmt.eol}${indent}${key}: ${serialize(val, fmt, indent)}${trailingComma ? ',' : ''}`;
  if (trailingComma) return [{ offset: at, length: 0, content: line }];
  if (at === lastEnd) return [{ offset: lastEnd, length: 0, content: `,${line}` }];
  return [
    { offset: lastEnd, length: 0, content: ',' },
    { offset: at, length: 0, content: line },
  ];
}

/**
 * Sets (or, with `undefined`, removes) the value at `keyPath` and returns the new text.
 * Refuses invalid JSONC with its line and column; missing parent objects are created.
 */
export function editConfigText(text: string, keyPath: KeyPath, value: unknown, label?: string): string {
  return editConfigTextMany(text, [{ keyPath, value }], label);
}

/** Applies several edits in order; the same guarantees as `editConfigText`. */
export function editConfigTextMany(text: string, edits: readonly ConfigEdit[], label = 'the config file'): string {
  const bom = text.startsWith(BOM) ? BOM : '';
  let body = bom ? text.slice(1) : text;
  let root = parseConfigTree(body, label);
  const fmt = detectFormatting(body);
  for (const edit of edits) {
    const { keyPath, value } = edit;
    if (keyPath.length === 0) throw new ConfigError('refusing to replace the whole config file');
    assertParentsAreObjects(root, keyPath, label);
    const node = nodeAt(root, keyPath);
    if (value === undefined && node === undefined) continue;
    const changes =
      node === undefined
        ? insertEdits(body, root, keyPath, value, fmt)
        : value === undefined
          ? removeEdits(body, node)
          : replaceEdits(body, node, value, fmt);
    body = applyEdits(body, changes);
    root = parseConfigTree(body, label);
    // Belt and braces: never hand back text that does not say what we meant to write.
    if (!jsonEqual(valueAt(root, keyPath), value)) throw new ConfigError(`could not set ${dotted(keyPath)} in ${label}`);
  }
  return bom + body;
}

function assertParentsAreObjects(root: Node, keyPath: KeyPath, label: string): void {
  for (let i = 1; i < keyPath.length; i++) {
    const parent = nodeAt(root, keyPath.slice(0, i));
    if (parent === undefined) return;
    if (parent.type !== 'object') {
      throw new ConfigError(
        `cannot set ${dotted(keyPath)} in ${label}: ${dotted(keyPath.slice(0, i))} is a ${parent.type}, not an object`,
      );
    }
  }
}
