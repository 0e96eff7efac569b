/**
 * Drain-style template mining (He, Zhu, Zheng, Lyu, "Drain: an online log parsing approach with
 * fixed depth tree", ICWS 2017), deterministic and offline: masked messages descend a tree keyed
 * by token count and then by their first `depth` tokens; at the leaf a message joins the most
 * similar group whose share of equal tokens reaches `similarity`, and that group's template gets
 * `<*>` wherever the two differ. One addition: when all messages have been seen, groups that
 * ended in different branches only because a leading token varies ("locator.click: …" beside
 * "locator.fill: …") are merged if the rest of their templates agree.
 */
import { maskMessage, tokenize } from './mask';

export interface MinerOptions {
  /** Leading tokens that key the tree (Drain's depth − 2). */
  depth?: number;
  /** Share of equal token positions needed to join a group (Drain's st). */
  similarity?: number;
  /** Children per tree node before new tokens go to the `<*>` branch. */
  maxChildren?: number;
}

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
const DEFAULTS: Required<MinerOptions> = { depth: 2, similarity: 0.5, maxChildren: 100 };
/** Masked texts remembered to skip the tree on exact repeats; cleared when full (memory bound). */
const CACHE_LIMIT = 200_000;

interface Node {
  children: Map<string, Node>;
  groups: number[];
}

interface Group {
  tokens: string[];
  count: number;
}

const newNode = (): Node => ({ children: new Map(), groups: [] });
const HAS_DIGIT = /\d/;

/** A key in the tree: tokens carrying digits or placeholders all go down the `<*>` branch. */
function treeKey(token: string): string {
  return token.charCodeAt(0) === 60 /* < */ || HAS_DIGIT.test(token) ? WILDCARD : token;
}

// errno-like codes (ECONNRESET, ETIMEDOUT, ENOENT) name the error: never a variable.
const ERRNO = /^E[A-Z0-9_]{3,}:?$/;
const isErrno = (t: string): boolean => t.charCodeAt(0) === 69 /* E */ && ERRNO.test(t);
/** A whole-token placeholder: `<NUM>`, `<STR>`, `<*>`, … (not `<NUM>%`). */
const isSlot = (t: string): boolean => t.charCodeAt(0) === 60 /* < */ && t.charCodeAt(t.length - 1) === 62 /* > */;

/**
 * Share of positions where template and message agree: the same constant token, or a variable
 * slot on both sides (`<NUM>` beside `<STR>` or `<*>`: both are data). A `<*>` facing a
 * constant does not count, as in Drain. 0 when the two differ on an errno-like code; messages of one or two
 * tokens must agree everywhere ("Connection refused" and "Connection reset" are not half the same).
 */
function similarity(template: readonly string[], tokens: readonly string[]): number {
  let same = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = template[i];
    const m = tokens[i];
    if (t === m || (isSlot(t) && isSlot(m))) same++;
    else if (isErrno(t) || isErrno(m)) return 0;
  }
  if (tokens.length === 0) return 1;
  if (tokens.length <= 2) return same === tokens.length ? 1 : 0;
  return same / tokens.length;
}

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
 * An incremental miner: `add` each message (it returns a group number), then `finish` once for
 * the final templates and the group → template mapping.
 */
export class TemplateMiner {
  private readonly opts: Required<MinerOptions>;
  private readonly roots = new Map<number, Node>();
  private readonly groups: Group[] = [];
  private cache = new Map<string, number>();

  constructor(options: MinerOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
  }

  /** Adds one message; returns its group number (resolve it with `finish().templateOf`). */
  add(message: string): number {
    const masked = maskMessage(message);
    const cached = this.cache.get(masked);
    if (cached !== undefined) {
      this.groups[cached].count++;
      return cached;
    }
    const tokens = tokenize(masked);
    const leaf = this.leafFor(tokens);
    let best = -1;
    let bestSim = -1;
    let bestWild = -1;
    for (const g of leaf.groups) {
      const t = this.groups[g].tokens;
      const sim = similarity(t, tokens);
      // Ties go to the more general template (more <*>), as in Drain.
      const wild = sim === bestSim ? t.reduce((k, x) => k + (x === WILDCARD ? 1 : 0), 0) : 0;
      if (sim > bestSim || (sim === bestSim && wild > bestWild)) {
        best = g;
        bestSim = sim;
        bestWild = wild;
      }
    }
    let id: number;
    if (best >= 0 && bestSim >= this.opts.similarity) {
      const t = this.groups[best].tokens;
      for (let i = 0; i < t.length; i++) if (t[i] !== tokens[i]) t[i] = WILDCARD;
      this.groups[best].count++;
      id = best;
    } else {
      id = this.groups.length;
      this.groups.push({ tokens: tokens.slice(), count: 1 });
      leaf.groups.push(id);
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache = new Map();
    this.cache.set(masked, id);
    return id;
  }

  private leafFor(tokens: readonly string[]): Node {
    let node = this.roots.get(tokens.length);
    if (!node) this.roots.set(tokens.length, (node = newNode()));
    const d = Math.min(this.opts.depth, tokens.length);
    for (let i = 0; i < d; i++) {
      let key = treeKey(tokens[i]);
      if (!node.children.has(key) && node.children.size >= this.opts.maxChildren) key = WILDCARD;
      let child = node.children.get(key);
      if (!child) node.children.set(key, (child = newNode()));
      node = child;
    }
    return node;
  }

  /**
   * The final templates, in order of first appearance, and a function from group number to
   * template index. Groups of one token count whose templates agree past the tree-key tokens
   * (any placeholder matching any other) and reach the similarity threshold are merged first.
   */
  finish(): { templates: MinedTemplate[]; templateOf: (group: number) => number } {
    const depth = this.opts.depth;
    const rep = this.groups.map((_, i) => i);
    const bySuffix = new Map<string, number[]>();
    for (let g = 0; g < this.groups.length; g++) {
      const t = this.groups[g].tokens;
      if (t.length <= depth) continue;
      // Slots of any kind are one key: similarity already counts `<DUR>` beside `<*>` as agreeing.
      const key = `${t.length}\u0000${t.slice(depth).map((x) => (isSlot(x) ? WILDCARD : x)).join('\u0000')}`;
      const list = bySuffix.get(key);
      if (list) list.push(g);
      else bySuffix.set(key, [g]);
    }
    for (const list of bySuffix.values()) {
      const heads: number[] = [];
      for (const g of list) {
        const t = this.groups[g].tokens;
        const head = heads.find((h) => similarity(this.groups[h].tokens, t) >= this.opts.similarity);
        if (head === undefined) {
          heads.push(g);
          continue;
        }
        const ht = this.groups[head].tokens;
        for (let i = 0; i < ht.length; i++) if (ht[i] !== t[i]) ht[i] = WILDCARD;
        this.groups[head].count += this.groups[g].count;
        rep[g] = head;
      }
    }
    // Identical final templates are one template, whatever branch they grew in.
    const indexByText = new Map<string, number>();
    const templates: MinedTemplate[] = [];
    const indexOfGroup = new Int32Array(this.groups.length);
    const usedIds = new Set<string>();
    for (let g = 0; g < this.groups.length; g++) {
      if (rep[g] !== g) continue;
      const text = this.groups[g].tokens.join(' ');
      let idx = indexByText.get(text);
      if (idx === undefined) {
        idx = templates.length;
        let id = `t${templateHash(text)}`;
        for (let k = 2; usedIds.has(id); k++) id = `t${templateHash(text)}-${k}`;
        usedIds.add(id);
        templates.push({ id, template: text, count: 0 });
        indexByText.set(text, idx);
      }
      templates[idx].count += this.groups[g].count;
      indexOfGroup[g] = idx;
    }
    for (let g = 0; g < this.groups.length; g++) if (rep[g] !== g) indexOfGroup[g] = indexOfGroup[rep[g]];
    return { templates, templateOf: (group) => indexOfGroup[group] };
  }
}

/** Mines templates from all messages at once; deterministic for a given input order. */
export function mineTemplates(messages: readonly string[], options: MinerOptions = {}): MiningResult {
  const miner = new TemplateMiner(options);
  const groups = new Int32Array(messages.length);
  for (let i = 0; i < messages.length; i++) groups[i] = miner.add(messages[i]);
  const { templates, templateOf } = miner.finish();
  const assignments = new Int32Array(messages.length);
  for (let i = 0; i < messages.length; i++) assignments[i] = templateOf(groups[i]);
  return { templates, assignments };
}
