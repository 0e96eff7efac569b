/** Splits a unified diff into typed lines so the preview can colour additions and removals. */

export type DiffLineKind = 'add' | 'del' | 'hunk' | 'meta' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line number in the old / new file, where the line exists there. */
  oldNo: number | null;
  newNo: number | null;
}

/** Parses `diff`'s unified output (headers, @@ hunks, +/−/space lines). */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldNo = 0;
  let newNo = 0;
  const lines = diff.replace(/\n$/, '').split('\n');
  for (const text of lines) {
    if (text.startsWith('@@')) {
      const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
      if (m) {
        oldNo = Number(m[1]);
        newNo = Number(m[2]);
      }
      out.push({ kind: 'hunk', text, oldNo: null, newNo: null });
    } else if (text.startsWith('+++') || text.startsWith('---') || text.startsWith('Index:') || text.startsWith('===') || text.startsWith('\\')) {
      out.push({ kind: 'meta', text, oldNo: null, newNo: null });
    } else if (text.startsWith('+')) {
      out.push({ kind: 'add', text, oldNo: null, newNo: newNo++ });
    } else if (text.startsWith('-')) {
      out.push({ kind: 'del', text, oldNo: oldNo++, newNo: null });
    } else {
      out.push({ kind: 'context', text, oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return out;
}

/** Counts of added and removed lines, for the preview's summary. */
export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'add') added++;
    else if (l.kind === 'del') removed++;
  }
  return { added, removed };
}
