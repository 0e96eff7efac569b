// Health through the real store: `npx tsx bench/health-store-bench.ts [--runs 200000]` writes a
// JSONL project (two steps per run), ingests it into a temporary SQLite file, then times
// projectHealth cold (folds the history into daily buckets) and warm (HealthCache: buckets kept
// per project version; reads the last 2 000 runs and runs the engine). Prints; asserts nothing.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HealthCache, projectHealth } from '../main/core/health';
import { STABLE, seededRng, simulateRuns } from '../main/engine/health/simulate';
import { ingestFolder } from '../main/ingest';
import { openStore } from '../main/store';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '200000' } } });
const N = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'rb-health-bench-'));
try {
  const logs = join(dir, 'run_logs', 'big');
  mkdirSync(logs, { recursive: true });
  const rng = seededRng(1);
  const step = Math.floor((400 * 86_400_000) / N);
  const lines: string[] = [];
  const runs = simulateRuns(rng, {
    n: N, startMs: Date.parse('2025-01-01T00:00:00Z'), stepMs: step,
    regime: (i) => (i > N - 500 ? { ...STABLE, passRate: 0.55 } : STABLE), promptVersion: (i) => (i > N - 500 ? 'v2' : 'v1'),
  });
  for (const r of runs) {
    lines.push(JSON.stringify({
      run_id: r.run_id, project_id: 'big', started_at: new Date(r.started_ms).toISOString(), model: r.model, prompt_version: r.prompt_version,
      total_cost_usd: Math.round(r.cost_usd! * 10000) / 10000, duration_s: Math.round(r.duration_s!), tokens_in: r.tokens, qa_status: r.qa_status, status: r.status,
      steps: r.step_list.map((s) => ({ agent: s.agent, task_type: s.task_type, duration_s: Math.round(s.duration_s!), cost_usd: Math.round(s.cost_usd! * 10000) / 10000, retries: s.retries, success: s.success })),
    }));
  }
  writeFileSync(join(logs, 'runs.jsonl'), `${lines.join('\n')}\n`);
  const store = openStore(join(dir, 'bench.db'));
  let t = performance.now();
  await ingestFolder(store, join(dir, 'run_logs'), { now: Date.now() });
  console.log(`ingested ${N.toLocaleString('en')} runs in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const cold = await projectHealth(store, 'big', Date.now());
  console.log(`projectHealth cold (folds all runs into daily buckets): ${(performance.now() - t).toFixed(0)} ms`);
  const cache = new HealthCache(store);
  await cache.get('big', Date.now());
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    await cache.get('big', Date.now());
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`projectHealth warm (HealthCache): median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)})`);
  console.log(`grade ${cold.grade}; alerts: ${cold.alerts.map((a) => `${a.metric}/${a.series}/${a.status}/${a.linked.map((l) => l.value).join(',')}`).join('; ')}`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
