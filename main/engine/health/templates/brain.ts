/**
 * Brain-style grouping of masked messages (Yu, He, Chen, Wu, "Brain: Log Parsing with
 * Bidirectional Parallel Tree", IEEE TSC 2023), written here from the paper's description.
 * Messages of one token count are compared column by column. A message's "root" is the set of
 * its tokens that share the frequency most of its tokens have: the words one logging statement
 * always writes appear together, so equally often. Messages with the same root start as one
 * group. In each group, a column that still varies is split into constants when it looks like a
 * handful of words naming different events (few distinct values, one of them repeated), and is
 * a variable otherwise. Every count is over the whole input, so the grouping does not depend on
 * the order the messages come in (Drain's does).
 */

/** Tuning shared by every input: one configuration, no per-source parameters. */
export interface BrainOptions {
  /** A varying column with fewer distinct values than this may be split into constants. */
  splitBelow?: number;
  /** …when at least one of its values is seen this many times (a one-off pair is two variables). */
  minRepeat?: number;
  /** A varying word is split off when fewer other constant words than this remain. */
  minWords?: number;
}

/** One distinct masked message: its tokens and how many input messages it stands for. */
export interface Entry {
  tokens: readonly string[];
  count: number;
}

// Chosen on seven loghub samples and the synthetic corpus (docs/health.md, "How good, how
// fast"), average 0.981: splitBelow 3 gives 0.924 and 5 0.973; minRepeat 3 0.981; minWords 1
// 0.924, and 3 0.983 but the corpus of agent errors falls from 1.000 to 0.977.
export const BRAIN_DEFAULTS: Required<BrainOptions> = { splitBelow: 4, minRepeat: 2, minWords: 2 };
const SLOT = '<*>';
/** Distinct values from which a varying word is a variable even in a message of few words. */
const SHORT_SPLIT_LIMIT = 16;

/** A whole-token placeholder (`<NUM>`, `<STR>`, `<*>`): data, whatever its kind. */
export const isSlot = (t: string): boolean => t.length > 2 && t.charCodeAt(0) === 60 && t.charCodeAt(t.length - 1) === 62;
// errno-like codes (ECONNRESET, ETIMEDOUT, ENOENT) name the error: never a variable.
const ERRNO = /^E[A-Z0-9_]{3,}:?$/;
const PLACEHOLDER = /<[A-Z]+>|<\*>/g;
const LETTER = /[A-Za-z]/;

/**
 * The token as grouping sees it. Placeholders of any kind are one value, alone or inside a token:
 * "id <HEX>" and "id <NUM>" are one id whose value happened to have no letters.
 */
export function groupingKey(t: string): string {
  if (isSlot(t)) return SLOT;
  // "()" where others have "(<ID>)" is the same slot, empty ("connection from <IP> ()").
  if (t === '()') return '(<*>)';
  return t.indexOf('<') >= 0 ? t.replace(PLACEHOLDER, SLOT) : t;
}

/** A constant word (a grouping key with letters and no placeholder). */
export const isWord = (key: string): boolean => key.indexOf(SLOT) < 0 && LETTER.test(key);

/**
 * Group number per entry; groups are numbered from 0 in the order of their first entry, and
 * entries in one group have the same token count.
 */
export function groupByRoots(entries: readonly Entry[], options: BrainOptions = {}): Int32Array {
  const opts = { ...BRAIN_DEFAULTS, ...options };
  const keys = entries.map((e) => e.tokens.map(groupingKey));
  const byLength = new Map<number, number[]>();
  keys.forEach((k, i) => {
    const list = byLength.get(k.length);
    if (list) list.push(i);
    else byLength.set(k.length, [i]);
  });
  const finals: number[][] = [];
  const ctx: Context = { keys, count: entries.map((e) => e.count), opts, out: finals };
  for (const members of byLength.values()) {
    for (const initial of rootGroups(members, ctx)) splitGroup(initial, new Uint8Array(keys[initial[0]].length), ctx);
  }
  // Members are in input order, so a group's first member is its first entry.
  finals.sort((a, b) => a[0] - b[0]);
  const groupOf = new Int32Array(entries.length);
  finals.forEach((g, n) => g.forEach((i) => (groupOf[i] = n)));
  return groupOf;
}

interface Context {
  keys: readonly string[][];
  /** Input messages per entry: frequencies count every message, repeats included. */
  count: readonly number[];
  opts: Required<BrainOptions>;
  out: number[][];
}

/** Entries of one token count, grouped by their root (the largest set of equally frequent tokens). */
function rootGroups(members: readonly number[], { keys, count }: Context): number[][] {
  const len = keys[members[0]].length;
  const freq: Map<string, number>[] = Array.from({ length: len }, () => new Map());
  for (const i of members) for (let p = 0; p < len; p++) freq[p].set(keys[i][p], (freq[p].get(keys[i][p]) ?? 0) + count[i]);
  const groups = new Map<string, number[]>();
  const f = new Float64Array(len);
  for (const i of members) {
    const positions = new Map<number, number>();
    for (let p = 0; p < len; p++) {
      f[p] = freq[p].get(keys[i][p])!;
      positions.set(f[p], (positions.get(f[p]) ?? 0) + 1);
    }
    // The frequency most tokens share; on a tie the higher one (more messages agree on it).
    let best = -1;
    let bestN = 0;
    for (const [x, n] of positions) if (n > bestN || (n === bestN && x > best)) [best, bestN] = [x, n];
    let root = '';
    for (let p = 0; p < len; p++) root += (f[p] === best ? keys[i][p] : '\u0001') + '\u0000';
    const list = groups.get(root);
    if (list) list.push(i);
    else groups.set(root, [i]);
  }
  return [...groups.values()];
}

/**
 * Splits a group on the varying column with the fewest distinct values that looks like a set of
 * constants, then each part again; a group with no such column is final.
 */
function splitGroup(members: number[], fixed: Uint8Array, ctx: Context): void {
  const { keys } = ctx;
  const len = fixed.length;
  const columns: (Map<string, number[]> | null)[] = new Array(len).fill(null);
  let words = 0;
  for (let p = 0; p < len; p++) {
    if (!fixed[p]) {
      const values = new Map<string, number[]>();
      for (const i of members) {
        const list = values.get(keys[i][p]);
        if (list) list.push(i);
        else values.set(keys[i][p], [i]);
      }
      if (values.size > 1) {
        columns[p] = values;
        continue;
      }
    }
    if (isWord(keys[members[0]][p])) words++;
  }
  let bestCol = -1;
  let best: Map<string, number[]> | null = null;
  for (let p = 0; p < len; p++) {
    const values = columns[p];
    if (values && (!best || values.size < best.size) && splits(values, words, ctx)) [bestCol, best] = [p, values];
  }
  if (!best) {
    ctx.out.push(members);
    return;
  }
  const next = fixed.slice();
  next[bestCol] = 1;
  for (const part of best.values()) splitGroup(part, next, ctx);
}

/**
 * Whether a varying column holds constants that tell events apart (split) rather than a variable.
 * `words` is the number of constant words the group has besides it.
 */
export function splits(values: ReadonlyMap<string, readonly number[]>, words: number, { count, opts }: Pick<Context, 'count' | 'opts'>): boolean {
  let max = 0;
  let data = 0;
  let total = 0;
  for (const [t, members] of values) {
    // An errno-like code names the error: "connect ECONNREFUSED" is not "connect ETIMEDOUT".
    if (ERRNO.test(t)) return true;
    let c = 0;
    for (const i of members) c += count[i];
    max = Math.max(max, c);
    total += c;
    if (t.includes(SLOT)) data += c;
  }
  // Where masking found data in most messages, the position holds data: the words beside it are
  // values masking could not recognise ("for <ID> [<IP>]" beside "for ns.example.com [<IP>]").
  // Not where data is the exception: "HTTPS" beside "SOCKS5" (an <ID>) are two protocols.
  if (data * 2 >= total) return false;
  // With fewer than minWords other constant words the varying word is most of the message:
  // "Connection refused" and "Connection reset", "boot (command <n>)" and "halt (command <n>)".
  // Up to a point: dozens of different words there are a variable all the same.
  if (words < opts.minWords && values.size < SHORT_SPLIT_LIMIT) return true;
  // A handful of words, one of them repeated, names events ("Failed password" 383 times beside
  // "Accepted password" once); many words, or a pair seen once each, are a variable.
  return values.size < opts.splitBelow && max >= opts.minRepeat;
}
