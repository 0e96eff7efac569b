// getLearning on a demo-like project: `npx tsx bench/learning-bench.ts [--runs 5000] [--repeat 5]`
// writes the demo's checkout_service with N runs (steps, gates with reasons, decisions, quality
// inputs), ingests it into a temporary SQLite file, then times the core's learning analysis cold
// (a fresh LearningCache, i.e. after the project's runs changed): with the health the app's
// HealthCache already holds (the Health page, the after-ingest look), and with health computed
// too. Prints; asserts nothing. Profile with `node --cpu-prof --import tsx bench/learning-bench.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HealthCache, projectHealth } from '../main/core/health';
import { LearningCache } from '../main/core/learning-cache';
import { loadLearningRuns } from '../main/core/learning-runs';
import { learnProjectFromStore } from '../main/core/project-learning';
import { generateDemo } from '../main/demo/generate-demo';
import { ingestFolder } from '../main/ingest';
import { openStore } from '../main/store';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5000' }, repeat: { type: 'string', default: '5' } } });
const N = Number(values.runs);
const REPEAT = Number(values.repeat);
const NOW = Date.parse('2026-11-20T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'rb-learning-bench-'));
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
try {
  const logs = join(dir, 'run_logs');
  generateDemo(logs, { seed: 3, projects: 1, runsPerProject: N, now: NOW });
  const store = openStore(join(dir, 'bench.db'));
  const t = performance.now();
  await ingestFolder(store, logs, { now: NOW });
  console.log(`ingested ${(await store.counts()).runs.toLocaleString('en')} runs in ${ms(t)}`);
  const id = (await store.learning.projectIds())[0];
  // Wall time and this process's CPU time (user + system): on a shared machine the CPU time is the steadier figure.
  const time = async (label: string, f: () => Promise<unknown>) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await f();
      const c = process.cpuUsage(c0);
      wall.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
    console.log(`${label}: wall median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}), cpu median ${median(cpu).toFixed(0)} ms (min ${Math.min(...cpu).toFixed(0)})`);
  };
  await time('loadLearningRuns', () => loadLearningRuns(store, id));
  await time('projectHealth', () => projectHealth(store, id, NOW));
  await time('learnProjectFromStore', () => learnProjectFromStore(store, id, new Date(NOW)));
  const health = new HealthCache(store);
  await health.get(id, NOW);
  await time('getLearning cold, health cached (as in the app)', () => new LearningCache(store, () => NOW, health).get(id));
  await time('getLearning cold, health computed too', () => new LearningCache(store, () => NOW).get(id));
  const cache = new LearningCache(store, () => NOW, health);
  await cache.get(id);
  await time('getLearning warm (cached per version)', () => cache.get(id));
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
