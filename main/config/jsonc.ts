/**
 * JSONC parsing shared by the config readers and writers: one parser configuration (comments
 * and trailing commas allowed, as VS Code's JSONC), errors with line and column, and the
 * lookups the other modules need.
 */
import { createHash } from 'node:crypto';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/** A config file problem the user can act on; `line`/`column` are 1-based when known. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The file changed on disk between preview and apply (or between our write and an undo). */
export class ConfigConflictError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigConflictError';
  }
}

/** Something asked for is not there (a ledger change id that does not exist). */
export class ConfigNotFoundError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigNotFoundError';
  }
}

export type KeyPath = readonly string[];

export const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false } as const;

// Plain words for jsonc-parser's error codes (its own names read like enum members).
const PHRASES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: "a ':' is expected",
  CommaExpected: "a ',' is expected",
  CloseBraceExpected: "a closing '}' is expected",
  CloseBracketExpected: "a closing ']' is expected",
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated /* comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** sha256 (hex) of the file's bytes: the optimistic-concurrency token for preview → apply. */
export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const BOM = '\uFEFF';

/**
 * Parses JSONC text whose top level must be an object. A UTF-8 byte-order mark is skipped
 * (offsets then refer to the text after it). Throws ConfigError naming the first problem.
 */
export function parseConfigTree(text: string, label = 'the config file'): Node {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, PARSE_OPTIONS);
  if (errors.length > 0) {
    const e = errors[0];
    const { line, column } = lineColumn(body, e.offset);
    const code = printParseErrorCode(e.error);
    throw new ConfigError(
      `${label} is not valid JSONC: ${PHRASES[code] ?? code} at line ${line}, column ${column}`,
      line,
      column,
    );
  }
  if (!root || root.type !== 'object') {
    throw new ConfigError(`${label} must contain a JSON object at the top level`, 1, 1);
  }
  return root;
}

/** The node at `path`, or undefined when any step is missing. */
export function nodeAt(root: Node, path: KeyPath): Node | undefined {
  return findNodeAtLocation(root, [...path]);
}

/** The plain value at `path`; undefined when absent. */
export function valueAt(root: Node, path: KeyPath): unknown {
  const n = nodeAt(root, path);
  return n === undefined ? undefined : getNodeValue(n);
}

/** Dotted display form of a key path (`prompts.default_strategy`). */
export function dotted(path: KeyPath): string {
  return path.join('.');
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A short human rendering of a config value for messages ("3", "\"2loop\"", "(unset)"). */
export function showValue(v: unknown): string {
  if (v === undefined) return '(unset)';
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
}
