/**
 * Health's part of the ingest fold: each dated run a unit inserts is folded into its project's
 * daily buckets (project, each agent and task type: engine/health/bucket-fold.ts) from its record;
 * a removed run marks its day, which is refolded from the runs left when the unit flushes (a
 * histogram bucket cannot give back which run it held, and removals are rare). Only the buckets a
 * unit touched are written (agg_health). Driven by AggregateFold, like the experiments' sums.
 */
import type { RunFacts } from '../../shared/aggregates';
import type { RunRecord } from '../../shared/run-record';
import { bucketsFromRuns, runBucketFacts, stepBucketFacts } from '../engine/health/bucket-fold';
import { ERROR_STATUSES } from '../engine/health/series';
import { addToBucket, dayOf, dayStartMs, emptyBucket, mergeBuckets, type BucketFacts, type DailyBucket } from '../engine/health/daily-buckets';
import type { HealthRun, HealthStep, ScopedBuckets } from '../engine/health/types';
import type { HealthStore } from '../store';

type Scope = ScopedBuckets['scope'];

interface ScopeDays {
  scope: Scope;
  value: string | null;
  days: Map<string, DailyBucket>;
  /** Days the current unit touched. */
  touched: Set<string>;
}

/** One project's buckets with what the current unit changed. */
export interface HealthEntry {
  scopes: Map<string, ScopeDays>;
  /** Scopes with touched days. */
  dirty: Set<ScopeDays>;
  /** Days a removal touched: refolded from the runs at flush. */
  refold: Set<string>;
  /** The project scope, once it exists (the hot path: every dated run lands there). */
  project: ScopeDays | null;
}

const DAY_MS = 86_400_000;

function scopeKey(scope: Scope, value: string | null): string {
  return `${scope}\u0000${value ?? ''}`;
}

/** An empty entry. */
export function emptyHealthEntry(): HealthEntry {
  return { scopes: new Map(), dirty: new Set(), refold: new Set(), project: null };
}

function scopeOf(e: HealthEntry, scope: Scope, value: string | null): ScopeDays {
  if (scope === 'project' && e.project !== null) return e.project;
  const k = scopeKey(scope, value);
  let s = e.scopes.get(k);
  if (!s) {
    s = { scope, value, days: new Map(), touched: new Set() };
    e.scopes.set(k, s);
  }
  if (scope === 'project') e.project = s;
  return s;
}

/** A project's stored buckets. */
export async function loadHealthEntry(store: HealthStore, projectId: string): Promise<HealthEntry> {
  const e = emptyHealthEntry();
  for (const r of await store.buckets(projectId)) {
    const scope = r.scope as Scope;
    const value = scope === 'project' ? null : r.value;
    scopeOf(e, scope, value).days.set(r.day, JSON.parse(r.bucket) as DailyBucket);
  }
  return e;
}

/** The stored buckets as health reads them: days in order, the all-time total merged; project first. */
export function scopedBucketsOf(e: HealthEntry): ScopedBuckets[] {
  const out: ScopedBuckets[] = [];
  for (const s of e.scopes.values()) {
    const days = [...s.days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
    if (days.length > 0) out.push({ scope: s.scope, value: s.value, buckets: days, total: mergeBuckets('all', days) });
  }
  const rank = (s: ScopedBuckets) => (s.scope === 'project' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0) || ((a.value ?? '') < (b.value ?? '') ? -1 : 1));
}

/** The health view of a record, as the store would read it back (health-store.ts). */
export function healthRunOf(r: RunRecord, startedMs: number): HealthRun {
  let retries: number | null = null;
  const stepList: HealthStep[] = (r.steps ?? []).map((s) => {
    if (s.retries != null) retries = (retries ?? 0) + s.retries;
    return {
      agent: s.agent ?? null, task_type: s.task_type ?? null, duration_s: s.duration_s ?? null, cost_usd: s.cost_usd ?? null,
      tokens: s.tokens ?? null, retries: s.retries ?? null, success: s.success ?? null, has_error: s.error?.type != null || s.error?.message != null,
    };
  });
  const rating = r.feedback?.overall_rating;
  return {
    run_id: r.run_id, started_ms: startedMs, qa_status: r.qa_status ?? null, status: r.status ?? null, error_count: r.errors?.length ?? 0,
    cost_usd: r.total_cost_usd ?? null, duration_s: r.duration_s ?? null,
    tokens: r.tokens_in == null && r.tokens_out == null ? null : (r.tokens_in ?? 0) + (r.tokens_out ?? 0),
    retries, steps: stepList.length > 0 ? stepList.length : null, rating: typeof rating === 'number' ? rating : null,
    model: r.model ?? null, prompt_version: r.prompt_version ?? null, prompt_strategy: r.prompt_strategy ?? null, mode: r.mode ?? null,
    recipe: r.recipe ?? null, step_list: stepList,
  };
}

function touchedBucket(e: HealthEntry, s: ScopeDays, day: string): DailyBucket {
  let b = s.days.get(day);
  if (!b) {
    b = emptyBucket(day);
    s.days.set(day, b);
  }
  if (s.touched.size === 0) e.dirty.add(s);
  s.touched.add(day);
  return b;
}

function bucketOf(e: HealthEntry, scope: Scope, value: string | null, day: string): DailyBucket {
  return touchedBucket(e, scopeOf(e, scope, value), day);
}

function add(e: HealthEntry, scope: Scope, value: string | null, day: string, f: BucketFacts): void {
  addToBucket(bucketOf(e, scope, value, day), f);
}

/** Day number → YYYY-MM-DD, built once per day seen. */
const dayText = new Map<number, string>();

function dayTextOf(ms: number): string {
  const d = Math.floor(ms / DAY_MS);
  let t = dayText.get(d);
  if (t === undefined) {
    t = dayOf(ms);
    if (dayText.size >= 100_000) dayText.clear();
    dayText.set(d, t);
  }
  return t;
}

/** Reused by the step-less path: addToBucket reads it and keeps nothing. */
const runFacts: BucketFacts = { passed: null, error: false, cost: null, duration: null, tokens: null, steps: null, retries: null, rating: null };

/** Folds an inserted dated run (from its record) or marks a removed one's day. */
export function foldHealth(e: HealthEntry, facts: RunFacts, record: RunRecord | null, sign: 1 | -1): void {
  if (facts.started_ms == null) return;
  const day = dayTextOf(facts.started_ms);
  if (sign < 0 || record == null) {
    e.refold.add(day);
    return;
  }
  if (record.steps == null || record.steps.length === 0) {
    // No steps: runBucketFacts(healthRunOf(record)) without building the run view.
    const f = runFacts;
    const rating = record.feedback?.overall_rating;
    f.passed = record.qa_status == null ? null : record.qa_status === 'passed';
    f.error = (record.status != null && ERROR_STATUSES.has(record.status)) || (record.errors?.length ?? 0) > 0;
    f.cost = record.total_cost_usd ?? null;
    f.duration = record.duration_s ?? null;
    f.tokens = record.tokens_in == null && record.tokens_out == null ? null : (record.tokens_in ?? 0) + (record.tokens_out ?? 0);
    f.rating = typeof rating === 'number' ? rating : null;
    addToBucket(project(e, day), f);
    return;
  }
  const r = healthRunOf(record, facts.started_ms);
  addToBucket(project(e, day), runBucketFacts(r));
  for (const s of r.step_list) {
    const f = stepBucketFacts(s);
    if (s.agent != null) add(e, 'agent', s.agent, day, f);
    if (s.task_type != null) add(e, 'task_type', s.task_type, day, f);
  }
}

function project(e: HealthEntry, day: string): DailyBucket {
  return touchedBucket(e, e.project ?? scopeOf(e, 'project', null), day);
}

/** Refolds the marked days from the runs, then writes the touched buckets; inside the unit. */
export async function flushHealth(store: HealthStore, projectId: string, e: HealthEntry): Promise<void> {
  for (const day of e.refold) {
    for (const s of e.scopes.values()) {
      if (s.days.delete(day)) {
        if (s.touched.size === 0) e.dirty.add(s);
        s.touched.add(day);
      }
    }
    const start = dayStartMs(day);
    for (const sb of bucketsFromRuns(await store.runsBetween(projectId, start, start + DAY_MS))) {
      for (const b of sb.buckets) {
        const s = scopeOf(e, sb.scope, sb.value);
        touchedBucket(e, s, b.day);
        s.days.set(b.day, b);
      }
    }
  }
  for (const s of e.dirty) {
    const value = s.value ?? '';
    for (const day of s.touched) {
      const b = s.days.get(day);
      if (b && b.n !== 0) await store.writeBucket(projectId, { scope: s.scope, value, day, bucket: JSON.stringify(b) });
      else {
        s.days.delete(day);
        await store.deleteBucket(projectId, s.scope, value, day);
      }
    }
    s.touched.clear();
  }
  e.dirty = new Set();
  e.refold = new Set();
}

/** Replaces a project's stored buckets (the rebuild). */
export async function replaceHealthBuckets(store: HealthStore, projectId: string, buckets: readonly ScopedBuckets[]): Promise<void> {
  await store.deleteBuckets(projectId);
  for (const s of buckets) {
    for (const b of s.buckets) await store.writeBucket(projectId, { scope: s.scope, value: s.value ?? '', day: b.day, bucket: JSON.stringify(b) });
  }
}
