/**
 * Variable-length tails. Brain, like Drain, compares only messages of one token count, so an
 * unquoted value of several words ("Command failed: npm run build" beside "Command failed:
 * pytest -x tests/") ends up as one template per length and value. Here, after grouping, groups
 * that share their leading words and then go on in many different ways, in more than one length,
 * are one template ending in `<*>`: the same test the column split uses (many distinct values at
 * one position are a variable), applied where the lengths differ.
 */
import { groupingKey, isWord } from './brain';

/** How tails are recognised; the defaults follow the column split (brain.ts). */
export interface TailOptions {
  /** Distinct continuations right after the shared head needed to call the tail a variable. */
  minDistinct: number;
  /** Constant words the shared head needs (a one-word head says too little). */
  minWords: number;
}

/** Longest head looked at, in tokens: messages differing only after that are rare. */
const MAX_HEAD = 16;

/**
 * For each group (given by its template tokens), the group it joins (itself when none) and, for
 * a group others join, the number of head tokens its merged template keeps before `<*>`.
 */
export function mergeVariableTails(templates: readonly (readonly string[])[], opts: TailOptions): { joins: Int32Array; head: Int32Array } {
  const n = templates.length;
  const joins = Int32Array.from({ length: n }, (_, i) => i);
  const head = new Int32Array(n);
  const keys = templates.map((t) => t.map(groupingKey));
  const merged = new Uint8Array(n);
  const longest = keys.reduce((m, k) => Math.max(m, k.length), 0);
  // Longest heads first: the most specific family a group belongs to wins.
  for (let a = Math.min(MAX_HEAD, longest - 1); a >= 1; a--) {
    const families = new Map<string, number[]>();
    for (let g = 0; g < n; g++) {
      if (merged[g] || keys[g].length <= a) continue;
      const k = keys[g].slice(0, a).join('\u0000');
      const list = families.get(k);
      if (list) list.push(g);
      else families.set(k, [g]);
    }
    for (const family of families.values()) {
      if (family.length < opts.minDistinct) continue;
      if (new Set(family.map((g) => keys[g].length)).size < 2) continue;
      if (new Set(family.map((g) => keys[g][a])).size < opts.minDistinct) continue;
      if (keys[family[0]].slice(0, a).filter(isWord).length < opts.minWords) continue;
      for (const g of family) {
        merged[g] = 1;
        joins[g] = family[0];
      }
      head[family[0]] = a;
    }
  }
  return { joins, head };
}
