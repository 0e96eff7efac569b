// Health of a 1 000 000-run project, warm: `npx tsx bench/health-bench.ts [--runs 1000000]`.
// Builds the inputs the store would hand in — the last 2 000 runs (with two agents' steps) and
// daily buckets of the whole history for the project, each agent and task type — then times
// computeHealth (median of 5 after one warm-up). Setup is not timed. Prints; asserts nothing.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { bucketsFromRuns } from '../main/engine/health/bucket-fold';
import { mergeBuckets } from '../main/engine/health/daily-buckets';
import { computeHealth } from '../main/engine/health/compute-health';
import { STABLE, seededRng, simulateRuns } from '../main/engine/health/simulate';
import type { HealthRun } from '../main/engine/health/types';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000000' } } });
const TOTAL = Number(values.runs);
const DAYS = 1000;
const step = Math.floor((DAYS * 86_400_000) / TOTAL);
const t0 = performance.now();
const rng = seededRng(1);
// The history in chunks (bucketsFromRuns folds each chunk; chunks merge by day).
const chunk = 100_000;
const byKey = new Map<string, ReturnType<typeof bucketsFromRuns>[number]>();
let recent: HealthRun[] = [];
for (let start = 0; start < TOTAL; start += chunk) {
  const n = Math.min(chunk, TOTAL - start);
  const runs = simulateRuns(rng, {
    n, startMs: Date.parse('2024-01-01T00:00:00Z') + start * step, stepMs: step,
    regime: (i) => (start + i > TOTAL - 800 ? { ...STABLE, passRate: 0.6 } : STABLE),
    promptVersion: (i) => (start + i > TOTAL - 800 ? 'v9' : 'v8'),
  });
  for (const s of bucketsFromRuns(runs)) {
    const key = `${s.scope}:${s.value}`;
    const have = byKey.get(key);
    if (!have) { byKey.set(key, s); continue; }
    // A day split across chunks merges by addition (the same fold the core does over the store's batches).
    const last = have.buckets[have.buckets.length - 1];
    for (const b of s.buckets) {
      if (last && last.day === b.day) have.buckets[have.buckets.length - 1] = mergeBuckets(b.day, [last, b]);
      else have.buckets.push(b);
    }
    have.total = mergeBuckets('all', [have.total!, s.total!]);
  }
  recent = recent.concat(runs.slice(-2000)).slice(-2000);
}
const buckets = [...byKey.values()];
const setup = performance.now() - t0;
const input = { project_id: 'big', runs: recent, buckets, now_ms: Date.now() };
computeHealth(input);
const times: number[] = [];
let h = computeHealth(input);
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  h = computeHealth(input);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const dayRows = buckets.reduce((s, b) => s + b.buckets.length, 0);
console.log(`health bench: ${TOTAL.toLocaleString('en')} runs over ${DAYS} days, ${dayRows} bucket rows in ${buckets.length} scopes (setup ${(setup / 1000).toFixed(1)} s)`);
console.log(`computeHealth warm: median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)}) — target < 1000 ms: ${times[2] < 1000 ? 'PASS' : 'MISS'}`);
console.log(`alerts: ${h.alerts.map((a) => `${a.metric}/${a.series}/${a.severity}/${a.status} linked ${a.linked.map((l) => l.value).join(',')}`).join('; ')}`);
console.log(`proposals: ${JSON.stringify(h.recovery_proposals.map((p) => [p.field, p.from, p.to]))}; grade ${h.grade}`);
