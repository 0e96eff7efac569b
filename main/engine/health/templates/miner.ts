/**
 * Template mining of error messages, offline and deterministic: each message is masked
 * (mask.ts), exact repeats of a masked message are counted once, the distinct ones are grouped
 * Brain-style (brain.ts), and each group's template is its tokens with `<*>` wherever its
 * messages differ. The grouping is over the whole input, so the same messages in another order
 * get the same templates and ids (only the order of the template list follows the input).
 */
import { BRAIN_DEFAULTS, groupByRoots, type BrainOptions, type Entry } from './brain';
import { mergeVariableTails } from './variable-tails';
import { maskMessage, tokenize } from './mask';

/** Tuning of the grouping (brain.ts); the defaults are the one configuration used everywhere. */
export type MinerOptions = BrainOptions;

/** One mined template. */
export interface MinedTemplate {
  /** Stable id: a hash of the final template text. */
  id: string;
  template: string;
  count: number;
}

/** What a whole pass over the messages yields. */
export interface MiningResult {
  templates: MinedTemplate[];
  /** Per message, in input order, its index in `templates`. */
  assignments: Int32Array;
}

export const WILDCARD = '<*>';

/** FNV-1a, 32 bits, as 8 hex digits: ids that stay the same across runs and machines. */
export function templateHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The template tokens of a group of messages: the token where all agree, else `<*>` (so
 * `<NUM>` beside `<STR>` is `<*>`, `<DUR>` beside `<DUR>` stays `<DUR>`). Only the first `upTo`
 * tokens when given (messages of different lengths).
 */
export function groupTemplate(members: readonly (readonly string[])[], upTo = members[0].length): string[] {
  const t = members[0].slice(0, upTo);
  for (let k = 1; k < members.length; k++) {
    const m = members[k];
    for (let p = 0; p < t.length; p++) if (t[p] !== m[p]) t[p] = WILDCARD;
  }
  return t;
}

/** Runs of one placeholder ("<ID> <ID> <ID>") as one: an unbracketed list of values. */
function collapseRuns(tokens: string[]): string[] {
  return tokens.filter((t, i) => i === 0 || t !== tokens[i - 1] || t.charCodeAt(0) !== 60 || t.charCodeAt(t.length - 1) !== 62);
}

/**
 * An incremental miner: `add` each message (it returns a message number), then `finish` once
 * for the final templates and the number → template mapping. Grouping needs every message's
 * counts, so all of it happens in `finish`; `add` only masks and counts repeats.
 */
export class TemplateMiner {
  private readonly opts: MinerOptions;
  private readonly index = new Map<string, number>();
  private readonly entries: Entry[] = [];

  constructor(options: MinerOptions = {}) {
    this.opts = options;
  }

  /** Adds one message; returns its number (resolve it with `finish().templateOf`). */
  add(message: string): number {
    const masked = maskMessage(message);
    let e = this.index.get(masked);
    if (e === undefined) {
      e = this.entries.length;
      this.index.set(masked, e);
      this.entries.push({ tokens: collapseRuns(tokenize(masked)), count: 0 });
    }
    this.entries[e].count++;
    return e;
  }

  /**
   * The final templates, in order of first appearance, and a function from a number `add`
   * returned to the template's index. Groups whose templates come out identical are one template.
   */
  finish(): { templates: MinedTemplate[]; templateOf: (n: number) => number } {
    const groupOf = groupByRoots(this.entries, this.opts);
    const members: (readonly string[])[][] = [];
    const counts: number[] = [];
    this.entries.forEach((e, i) => {
      const g = groupOf[i];
      (members[g] ??= []).push(e.tokens);
      counts[g] = (counts[g] ?? 0) + e.count;
    });
    const shapes = members.map((m) => groupTemplate(m));
    const o = { ...BRAIN_DEFAULTS, ...this.opts };
    const { joins, head } = mergeVariableTails(shapes, { minDistinct: o.splitBelow, minWords: o.minWords });
    const family: (readonly string[])[][] = members.map(() => []);
    for (let g = 0; g < members.length; g++) family[joins[g]].push(...members[g]);
    const indexByText = new Map<string, number>();
    const templates: MinedTemplate[] = [];
    const indexOfGroup = new Int32Array(members.length);
    for (let g = 0; g < members.length; g++) {
      if (joins[g] !== g) continue;
      const text = head[g] ? [...groupTemplate(family[g], head[g]), WILDCARD].join(' ') : shapes[g].join(' ');
      let idx = indexByText.get(text);
      if (idx === undefined) {
        idx = templates.length;
        templates.push({ id: `t${templateHash(text)}`, template: text, count: 0 });
        indexByText.set(text, idx);
      }
      indexOfGroup[g] = idx;
    }
    for (let g = 0; g < members.length; g++) {
      indexOfGroup[g] = indexOfGroup[joins[g]];
      templates[indexOfGroup[g]].count += counts[g];
    }
    // Two texts with one 32-bit hash: the later template's id gets a suffix, so ids stay unique.
    const usedIds = new Set<string>();
    for (const t of templates) {
      let id = t.id;
      for (let k = 2; usedIds.has(id); k++) id = `${t.id}-${k}`;
      usedIds.add((t.id = id));
    }
    return { templates, templateOf: (n) => indexOfGroup[groupOf[n]] };
  }
}

/** Mines templates from all messages at once; the same messages give the same templates and ids in any order. */
export function mineTemplates(messages: readonly string[], options: MinerOptions = {}): MiningResult {
  const miner = new TemplateMiner(options);
  const numbers = new Int32Array(messages.length);
  for (let i = 0; i < messages.length; i++) numbers[i] = miner.add(messages[i]);
  const { templates, templateOf } = miner.finish();
  const assignments = new Int32Array(messages.length);
  for (let i = 0; i < messages.length; i++) assignments[i] = templateOf(numbers[i]);
  return { templates, assignments };
}
