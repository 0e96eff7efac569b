/**
 * Pure, comment-preserving edits of JSONC text. jsonc-parser's `modify` replaces only the
 * value's own characters (or inserts one property), so comments, key order, blank lines and
 * everything else stay byte-for-byte; inserted text follows the file's own indentation and EOL.
 */
import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
import { BOM, ConfigError, dotted, jsonEqual, nodeAt, parseConfigTree, valueAt, type KeyPath } from './jsonc';

export interface ConfigEdit {
  keyPath: KeyPath;
  /** `undefined` removes the key. */
  value: unknown;
}

/** Indentation (tabs, or the smallest indent of a structural line) and EOL of the file. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
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
  if (tabLines > spaceLines) return { insertSpaces: false, tabSize: 4, eol };
  const size = Number.isFinite(minSpaces) && minSpaces <= 8 ? minSpaces : 2;
  return { insertSpaces: true, tabSize: size, eol };
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
  const formattingOptions = detectFormatting(body);
  for (const edit of edits) {
    if (edit.keyPath.length === 0) throw new ConfigError('refusing to replace the whole config file');
    assertParentsAreObjects(root, edit.keyPath, label);
    if (edit.value === undefined && nodeAt(root, edit.keyPath) === undefined) continue;
    body = applyEdits(body, modify(body, [...edit.keyPath], edit.value, { formattingOptions }));
    root = parseConfigTree(body, label);
    // Belt and braces: never hand back text that does not say what we meant to write.
    if (!jsonEqual(valueAt(root, edit.keyPath), edit.value)) {
      throw new ConfigError(`could not set ${dotted(edit.keyPath)} in ${label}`);
    }
  }
  return bom + body;
}

function assertParentsAreObjects(root: ReturnType<typeof parseConfigTree>, keyPath: KeyPath, label: string): void {
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
