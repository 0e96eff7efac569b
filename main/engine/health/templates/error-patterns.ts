/**
 * Error patterns of a project: every error message, failed gate reason and step error of its runs,
 * mined into templates (miner.ts) and categorised (categories.ts), with who and when for each.
 * Pure: runs and the times of the last config change / prompt version come in as data.
 */
import type { PatternCounts } from '../../../../shared/error-pattern-runs';
import type { RunRecord } from '../../../../shared/run-record';
import { CATEGORY_RULES, categorize, type CategoryRule } from './categories';
import { mineTemplates, type MinerOptions } from './miner';

/** Where a message came from in the run record. */
export type ErrorSource = 'error' | 'gate' | 'step';

/** One error message with its context. */
export interface ErrorOccurrence {
  message: string;
  source: ErrorSource;
  run_id: string;
  /** Epoch ms (step start, else run start, else run end); null when the run has no time. */
  at: number | null;
  agent: string | null;
  model: string | null;
  prompt_version: string | null;
}

/** A mined error pattern, as `health.error_patterns[]` (issue 11 §5). */
export interface ErrorPattern {
  id: string;
  template: string;
  category: string;
  /** Occurrences (messages). */
  count: number;
  /** Distinct runs affected. */
  runs: number;
  agents: string[];
  models: string[];
  prompt_versions: string[];
  sources: Record<ErrorSource, number>;
  first_seen: string | null;
  last_seen: string | null;
  /** The earliest message of the pattern, verbatim. */
  example: string;
  /** First seen at or after the later of the last config change and the current prompt version's start. */
  new: boolean;
  /** Messages per day / week over the runs' window (countsWindow). */
  counts: PatternCounts;
}

/** The events a pattern is "new" against (ISO 8601); either may be missing. */
export interface NewSince {
  config_change_at?: string | null;
  prompt_version_at?: string | null;
}

export interface ErrorPatternOptions {
  since?: NewSince;
  miner?: MinerOptions;
  /** Category rules, tried in order (default: the built-in table). */
  rules?: readonly CategoryRule[];
}

const timeOf = (iso: string | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

/** Every error message of the runs: errors[].message, gates[].reason of failed gates, steps[].error.message. */
export function errorOccurrences(runs: readonly RunRecord[]): ErrorOccurrence[] {
  const out: ErrorOccurrence[] = [];
  for (const run of runs) {
    const runAt = timeOf(run.started_at) ?? timeOf(run.ended_at);
    const base = { run_id: run.run_id, model: run.model ?? null, prompt_version: run.prompt_version ?? null };
    for (const e of run.errors ?? []) {
      if (e.message?.trim()) out.push({ ...base, message: e.message, source: 'error', at: runAt, agent: e.agent ?? null });
    }
    for (const g of run.gates ?? []) {
      if (g.result === 'fail' && g.reason?.trim()) out.push({ ...base, message: g.reason, source: 'gate', at: runAt, agent: null });
    }
    for (const s of run.steps ?? []) {
      const message = s.error?.message;
      if (!message?.trim()) continue;
      out.push({ ...base, message, source: 'step', at: timeOf(s.started_at) ?? runAt, agent: s.agent ?? null, model: s.model ?? base.model });
    }
  }
  return out;
}

/**
 * The start of the prompt version the latest run uses: the first run of the last unbroken
 * stretch of that version (runs in time order). Null without times or prompt versions.
 */
export function currentPromptVersionSince(runs: readonly RunRecord[]): { prompt_version: string; at: string } | null {
  const timed = runs
    .map((r) => ({ t: timeOf(r.started_at) ?? timeOf(r.ended_at), v: r.prompt_version }))
    .filter((r): r is { t: number; v: string | undefined } => r.t !== null)
    .sort((a, b) => a.t - b.t);
  const last = timed[timed.length - 1];
  if (!last?.v) return null;
  let i = timed.length - 1;
  while (i > 0 && timed[i - 1].v === last.v) i--;
  return { prompt_version: last.v, at: new Date(timed[i].t).toISOString() };
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const sorted = (s: Set<string>): string[] => [...s].sort();

/** The messages of the runs in mining order (time, then run id, then position) and the template of each. */
export function mineOccurrences(runs: readonly RunRecord[], miner?: MinerOptions): { occ: ErrorOccurrence[] } & ReturnType<typeof mineTemplates> {
  const occ = errorOccurrences(runs)
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (a.o.at ?? -Infinity) - (b.o.at ?? -Infinity) || (a.o.run_id < b.o.run_id ? -1 : a.o.run_id > b.o.run_id ? 1 : a.i - b.i))
    .map((x) => x.o);
  return { occ, ...mineTemplates(occ.map((o) => o.message), miner) };
}

const DAY_MS = 86_400_000;
/** Windows up to this many days are counted per day, longer ones per 7-day bucket. */
export const DAILY_COUNTS_MAX_DAYS = 62;

/** The counting window: UTC days from the earliest to the latest run time; null without times. */
export function countsWindow(runs: readonly RunRecord[]): { from: number; bucket: 'day' | 'week'; size: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of runs) {
    const t = timeOf(r.started_at) ?? timeOf(r.ended_at);
    if (t === null) continue;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  if (lo === Infinity) return null;
  const from = Math.floor(lo / DAY_MS) * DAY_MS;
  const days = Math.floor(hi / DAY_MS) - from / DAY_MS + 1;
  const bucket = days <= DAILY_COUNTS_MAX_DAYS ? 'day' : 'week';
  return { from, bucket, size: bucket === 'day' ? days : Math.ceil(days / 7) };
}

/**
 * Mines the runs' error messages into patterns, most frequent first. Messages are mined in time
 * order (then run id, then position), so the result does not depend on the order runs came in.
 */
export function mineErrorPatterns(runs: readonly RunRecord[], options: ErrorPatternOptions = {}): ErrorPattern[] {
  const { occ, templates, assignments } = mineOccurrences(runs, options.miner);
  const pivots = [timeOf(options.since?.config_change_at ?? undefined), timeOf(options.since?.prompt_version_at ?? undefined)].filter((t): t is number => t !== null);
  const pivot = pivots.length ? Math.max(...pivots) : null;
  const window = countsWindow(runs);
  const bucketMs = window?.bucket === 'week' ? 7 * DAY_MS : DAY_MS;
  const acc = templates.map(() => ({
    runs: new Set<string>(), agents: new Set<string>(), models: new Set<string>(), versions: new Set<string>(),
    sources: { error: 0, gate: 0, step: 0 } as Record<ErrorSource, number>, first: null as number | null, last: null as number | null, example: null as string | null,
    counts: new Array<number>(window?.size ?? 0).fill(0),
  }));
  occ.forEach((o, i) => {
    const a = acc[assignments[i]];
    a.runs.add(o.run_id);
    if (o.agent) a.agents.add(o.agent);
    if (o.model) a.models.add(o.model);
    if (o.prompt_version) a.versions.add(o.prompt_version);
    a.sources[o.source]++;
    a.example ??= o.message;
    if (o.at !== null) {
      a.first = a.first === null ? o.at : Math.min(a.first, o.at);
      a.last = a.last === null ? o.at : Math.max(a.last, o.at);
      // A step may start after its run's last start time: it counts in the last bucket.
      if (window) a.counts[Math.max(0, Math.min(window.size - 1, Math.floor((o.at - window.from) / bucketMs)))]++;
    }
  });
  const rules = options.rules ?? CATEGORY_RULES;
  const countsFrom = window ? new Date(window.from).toISOString().slice(0, 10) : '';
  return templates
    .map((t, k): ErrorPattern => {
      const a = acc[k];
      const example = a.example ?? '';
      // The example keeps what masking hides ("HTTP 429", "TS2304"); the template is the fallback.
      let category = categorize(example, rules);
      if (category === 'unknown') category = categorize(t.template, rules);
      return {
        id: t.id, template: t.template, category, count: t.count, runs: a.runs.size,
        agents: sorted(a.agents), models: sorted(a.models), prompt_versions: sorted(a.versions), sources: a.sources,
        first_seen: iso(a.first), last_seen: iso(a.last), example,
        new: pivot !== null && a.first !== null && a.first >= pivot,
        counts: { bucket: window?.bucket ?? 'day', from: countsFrom, counts: a.counts },
      };
    })
    .sort((x, y) => y.count - x.count || (x.first_seen ?? '').localeCompare(y.first_seen ?? '') || x.id.localeCompare(y.id));
}

/** A pattern's first appearance as a change an alert can link to (shape of health's ChangeEvent). */
export interface PatternChangeEvent {
  kind: 'error_pattern';
  /** The template. */
  value: string;
  at_ms: number;
  /** The template id. */
  ref: string;
}

/** The first appearance of every pattern with a time, oldest first: causes a degradation may link to. */
export function patternChangeEvents(patterns: readonly ErrorPattern[]): PatternChangeEvent[] {
  return patterns
    .filter((p) => p.first_seen !== null)
    .map((p) => ({ kind: 'error_pattern' as const, value: p.template, at_ms: Date.parse(p.first_seen!), ref: p.id }))
    .sort((a, b) => a.at_ms - b.at_ms || a.ref.localeCompare(b.ref));
}
