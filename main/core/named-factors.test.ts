/**
 * User-named experiment factors end to end: runs carry a field RunBrain does not know
 * (`harness`, kept in `extra`); naming it in the settings makes it an experiment from the next
 * scan on (which re-reads every file), with the sums kept at ingest equal to a scan of the runs,
 * after incremental adds and removals too. Real files, real SQLite, the real settings op.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCustomFactors, customFactorValues } from '../../shared/custom-factors';
import { foldersNeedingRescan } from '../ingest';
import { ingestFolder } from '../ingest/ingest-folder';
import { rebuildAggregates } from '../ingest/rebuild-aggregates';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { buildAnalyzeDocument } from '../cli/analyze';
import { runCli } from '../cli/index';
import { appHandlers } from './handlers/app';
import type { CoreContext } from './context';
import { projectExperiments } from './experiments';
import { readSettings, writeSettings } from './settings-store';
import { UserError } from './types';
import { expectClose as close } from '../test-helpers/expect-close';

/** Numbers to 1e-9 relative (the sums were added in another order), everything else exactly, keys in order. */
const expectClose = (a: unknown, b: unknown, path = ''): void => close(a, b, path, { orderedKeys: true });

let fx: Fixture;

/** 30 tasks run under harness h1 and h2 (h2 15 % cheaper), models alternating; h3 only in the second file. */
function runs(file: string, from: number, to: number, harnesses: string[]): void {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    for (const [k, h] of harnesses.entries()) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const cost = Math.round((h === 'h2' ? 0.85 : h === 'h3' ? 1.1 + (i % 3) * 0.05 : 1) * (i % 2 === 0 ? 1.2 : 1) * (0.8 + (i % 5) * 0.1) * 100) / 100;
      lines.push(runLine({
        run_id: `${file}-${h}-${i}`, project_id: 'p', started_at: `2025-10-${day}T1${k}:00:00Z`, task_id: `t${i % 30}`,
        model: i % 2 === 0 ? 'big' : 'mini', total_cost_usd: cost, duration_s: 100 + (i % 7) * 3 + k, qa_status: i % 9 === 0 ? 'failed' : 'passed', harness: h,
      }));
    }
  }
  fx.write(`p/${file}.jsonl`, lines.join('\n') + '\n');
}

beforeEach(async () => {
  fx = fixture();
  runs('a', 0, 60, ['h1', 'h2']);
  await ingestFolder(fx.store, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

/** A minimal core context over the fixture's store: what the settings handlers use. */
function context(): CoreContext {
  return {
    store: fx.store,
    settings: async () => await readSettings(fx.store.settings),
    saveSettings: async (patch: object) => await writeSettings(fx.store.settings, patch),
    analysis: { invalidate: () => undefined },
    bus: { emit: () => undefined },
  } as unknown as CoreContext;
}

/** Variants sorted by value (the control, first in the output, is the latest run's value). */
const byValue = <T extends { value: string }>(vs: T[]) => [...vs].sort((a, b) => (a.value < b.value ? -1 : 1));
const harnessOf = async (id: string) => (await projectExperiments(fx.store, id, null)).experiments.find((e) => e.factor === 'harness');

async function sameBothWays(): Promise<void> {
  const stored = await projectExperiments(fx.store, 'p', null);
  const scan = await projectExperiments(fx.store, 'p', null, undefined, { source: 'scan', medians: false });
  expect(stored.source).toBe('stored');
  expect(stored.experiments.some((e) => e.factor === 'harness')).toBe(true);
  // Cents-rounded costs below $10: one cost per histogram bin, so the stored cost medians are the scan's (to the
  // rounding of a bin's sum / count), the named factor's from the experiments' fold's own histograms.
  const full = await projectExperiments(fx.store, 'p', null, undefined, { source: 'scan' });
  stored.experiments.forEach((e, i) => e.variants.forEach((v, j) => {
    const want = full.experiments[i].variants[j].cost_median!;
    expect(Math.abs(v.cost_median! - want), `${e.factor}=${v.value}: ${v.cost_median} vs ${want}`).toBeLessThan(1e-12 * want);
    // Whole seconds near 100 s: one duration per bin too.
    const d = full.experiments[i].variants[j].other.duration!.median!;
    expect(Math.abs(v.other.duration!.median! - d), `${e.factor}=${v.value} duration`).toBeLessThan(1e-12 * d);
  }));
  const blank = { ...stored, experiments: stored.experiments.map((e) => ({ ...e, variants: e.variants.map((v) => ({
    ...v, cost_median: null, other: Object.fromEntries(Object.entries(v.other).map(([k, m]) => [k, m && { ...m, median: null }])) as typeof v.other,
  })) })) };
  expectClose(blank, { ...scan, source: 'stored' });
}

describe('user-named factors', () => {
  it('a named field becomes an experiment from the next scan on, the same from the kept sums as from a scan', async () => {
    const app = appHandlers(context());
    await app.updateSettings({ folders: undefined, experiment_factors: ['harness'] } as never);
    await writeSettings(fx.store.settings, { folders: [fx.root] });
    // The runs were read before the setting: no values yet, and the settings say a re-scan is needed.
    expect(await harnessOf('p')).toBeUndefined();
    expect((await app.getSettings({})).experiment_factors_rescan).toEqual([fx.root]);
    expect(await foldersNeedingRescan(fx.store, [fx.root])).toEqual([fx.root]);

    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(await foldersNeedingRescan(fx.store, [fx.root])).toEqual([]);
    const e = (await harnessOf('p'))!;
    expect(e).toBeDefined();
    expect(byValue(e.variants).map((v) => [v.value, v.n, v.passes])).toEqual([['h1', 60, 53], ['h2', 60, 53]]);
    expect(e.control).toBe('h2');
    expect(e.control_source).toBe('latest_run');
    // Same tasks on both sides: the paired comparison (30 tasks, two runs each per arm).
    expect(e.variants.find((v) => v.value === 'h1')!.paired_n).toBe(30);
    // Balanced against the built-in factors: the model mix is identical in both arms, so no confounding warning.
    expect(e.warnings.filter((w) => w.kind === 'confounding')).toEqual([]);
    await sameBothWays();

    // analyze --json lists it too.
    const doc = await buildAnalyzeDocument(fx.store, { runs: 0, events: 0, quarantined: 0 } as never, fx.root, NOW);
    const p = doc.projects.find((x) => x.project_id === 'p') as unknown as { experiments: { factor: string; variants: { value: string; n: number }[] }[] };
    expect(p.experiments.find((x) => x.factor === 'harness')!.variants.map((v) => [v.value, v.n]).sort()).toEqual([['h1', 60], ['h2', 60]]);

    // Incremental: a new file adds an arm, deleting the first file removes runs; the kept sums follow.
    runs('b', 60, 70, ['h1', 'h3']);
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(byValue((await harnessOf('p'))!.variants).map((v) => [v.value, v.n])).toEqual([['h1', 70], ['h2', 60], ['h3', 10]]);
    await sameBothWays();
    rmSync(join(fx.root, 'p', 'a.jsonl'));
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(byValue((await harnessOf('p'))!.variants).map((v) => [v.value, v.n])).toEqual([['h1', 10], ['h3', 10]]);
    await sameBothWays();
    // The rebuild from the runs gives what the incremental fold kept.
    const before = await projectExperiments(fx.store, 'p', null);
    await rebuildAggregates(fx.store);
    expectClose(await projectExperiments(fx.store, 'p', null), before);
  });

  it('runbrain analyze --factor FIELD --json lists the experiment; a built-in name is a usage error', async () => {
    let out = '';
    let err = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
    expect(await runCli(['analyze', fx.root, '--factor', 'harness', '--json'], io)).toBe(0);
    const doc = JSON.parse(out) as { projects: { project_id: string; experiments: { factor: string; variants: { value: string; n: number }[] }[] }[] };
    const e = doc.projects.find((p) => p.project_id === 'p')!.experiments.find((x) => x.factor === 'harness');
    expect(e?.variants.map((v) => [v.value, v.n]).sort()).toEqual([['h1', 60], ['h2', 60]]);
    out = '';
    expect(await runCli(['analyze', fx.root, '--factor', 'model'], io)).not.toBe(0);
    expect(err).toContain('--factor: experiment factor "model" is a built-in factor');
  });

  it('a bulk first load (cells written once at its end) keeps the named factor like run-by-run units', async () => {
    const big = fixture();
    try {
      await writeSettings(big.store.settings, { experiment_factors: ['harness'] });
      // ≥ 8 MiB of JSONL: the load defers indexes and cell writes to its end.
      const lines: string[] = [];
      for (let i = 0; i < 26_000; i++) {
        const h = `h${i % 3}`;
        lines.push(runLine({
          run_id: `r${i}`, project_id: 'bulk', started_at: `2025-10-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, task_id: `t${i % 40}`,
          model: i % 4 === 0 ? 'big' : 'mini', total_cost_usd: Math.round((1 + (i % 7) * 0.1 + (h === 'h1' ? 0.2 : 0)) * 100) / 100,
          duration_s: 60 + (i % 11), qa_status: i % 8 === 0 ? 'failed' : 'passed', harness: h, note: 'x'.repeat(120),
        }));
      }
      big.write('bulk/runs.jsonl', lines.join('\n') + '\n');
      await ingestFolder(big.store, big.root, { now: NOW });
      const stored = await projectExperiments(big.store, 'bulk', null);
      const scan = await projectExperiments(big.store, 'bulk', null, undefined, { source: 'scan' });
      expect(stored.source).toBe('stored');
      const e = stored.experiments.find((x) => x.factor === 'harness')!;
      expect(byValue(e.variants).map((v) => [v.value, v.n])).toEqual([['h0', 8667], ['h1', 8667], ['h2', 8666]]);
      expectClose(stored, { ...scan, source: 'stored' });
    } finally {
      big.cleanup();
    }
  });

  it('a factor no longer named is no longer reported', async () => {
    await writeSettings(fx.store.settings, { experiment_factors: ['harness'] });
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(await harnessOf('p')).toBeDefined();
    await writeSettings(fx.store.settings, { experiment_factors: [] });
    expect(await harnessOf('p')).toBeUndefined();
  });

  it('refuses built-in factors, bad names, duplicates and too many, with a sentence', async () => {
    const app = appHandlers(context());
    await expect(app.updateSettings({ experiment_factors: ['model'] })).rejects.toThrow(UserError);
    await expect(app.updateSettings({ experiment_factors: ['model'] })).rejects.toThrow('experiment factor "model" is a built-in factor: it is already an experiment');
    await expect(app.updateSettings({ experiment_factors: ['my field'] })).rejects.toThrow('"my field" is not a field name');
    await expect(app.updateSettings({ experiment_factors: ['h', 'h'] })).rejects.toThrow('experiment factor "h" is named twice');
    expect(checkCustomFactors(Array.from({ length: 9 }, (_, i) => `f${i}`))).toEqual({ ok: false, message: 'at most 8 experiment factors can be named (got 9)' });
    expect((await readSettings(fx.store.settings)).experiment_factors).toEqual([]);
    expect((await app.updateSettings({ experiment_factors: [' harness ', 'meta.tier'] })).experiment_factors).toEqual(['harness', 'meta.tier']);
  });

  it('reads a record field, else the same path in extra; numbers and booleans as text', async () => {
    const r = { run_id: 'x', status: 'done', extra: { harness: 'v2', meta: { tier: 3, beta: true }, empty: '' } };
    expect(customFactorValues(r, ['status', 'harness', 'meta.tier', 'meta.beta', 'empty', 'missing'])).toEqual({ status: 'done', harness: 'v2', 'meta.tier': '3', 'meta.beta': 'true' });
    expect(customFactorValues(r, ['missing'])).toBeNull();
  });
});
