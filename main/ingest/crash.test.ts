import { collect } from '../test-helpers/collect';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore } from '../store';
import { AGGREGATE_FOLD_VERSION, aggregateRuns } from '../engine/aggregates';
import { loadExperimentSums } from './experiment-fold';
import { ingestFolder } from './ingest-folder';
import { fixture, NOW, runLine, type Fixture } from './test-helpers';

let fx: Fixture;
beforeEach(() => (fx = fixture()));
afterEach(() => fx.cleanup());

const BIG_FILES = 3;
const BIG_LINES = 40_000;
const SMALL_FILES = 3_000;

function generate(root: string): void {
  for (let f = 0; f < BIG_FILES; f++) {
    const lines: string[] = [];
    for (let i = 0; i < BIG_LINES; i++) {
      lines.push(i === 7 ? '{"broken": ' : runLine({ run_id: `b${f}-${i}`, total_cost_usd: (i % 97) / 10, model: `m${i % 3}`, started_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString() }));
    }
    mkdirSync(join(root, `big${f}`), { recursive: true });
    writeFileSync(join(root, `big${f}`, 'runs.jsonl'), lines.join('\n') + '\n');
  }
  mkdirSync(join(root, 'small'), { recursive: true });
  for (let i = 0; i < SMALL_FILES; i++) writeFileSync(join(root, 'small', `run-${i}.json`), runLine({ run_id: `s${i}`, total_cost_usd: i % 13 }));
}

it('kill -9 mid-ingest leaves a consistent database; the next ingest completes it with exact counts', async () => {
  generate(fx.root);
  await fx.store.close();
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'crash-child.ts'), fx.dbFile, fx.root], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, sig) => res(sig)));
  await new Promise<void>((res) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('progress')) {
        child.kill('SIGKILL');
        res();
      }
    });
    child.on('exit', () => res());
  });
  expect(await exited).toBe('SIGKILL');
  expect(out).not.toContain('done');

  const db = openStore(fx.dbFile);
  try {
    expect(await db.checkIntegrity()).toBe('ok');
    const partial = (await db.counts()).runs;
    const total = BIG_FILES * (BIG_LINES - 1) + SMALL_FILES;
    expect(partial).toBeLessThan(total);
    const res = await ingestFolder(db, fx.root, { now: NOW });
    expect(res.counts).toEqual({ files: BIG_FILES + SMALL_FILES, runs: total, events: 0, quarantined: BIG_FILES });
    expect(await db.checkIntegrity()).toBe('ok');
    for (const p of ['big0', 'big1', 'big2', 'small']) {
      const stored = await db.aggregates.load(p);
      const full = aggregateRuns(p, (await collect(db.runs.factsOfProject(p))));
      expect(stored?.overall.n).toBe(full.overall.n);
      expect(stored?.overall.sum_cost).toBeCloseTo(full.overall.sum_cost, 6);
      expect(stored?.factors.model.get('m1')?.n).toBe(full.factors.model.get('m1')?.n);
      expect(stored?.overall.max_cost).toBe(full.overall.max_cost);
    }
    // The experiments' sums (deferred to the end of a bulk load, so rebuilt after the kill) count every run.
    expect(await db.aggregates.foldVersion()).toBe(AGGREGATE_FOLD_VERSION);
    for (const p of ['big0', 'big1', 'big2', 'small']) expect((await loadExperimentSums(db.experiments, p)).overall[0], p).toBe((await db.aggregates.load(p))?.overall.n);
    // And a third pass is a no-op.
    expect((await ingestFolder(db, fx.root, { now: NOW })).changedProjects).toEqual([]);
  } finally {
    await db.close();
  }
}, 60_000);
