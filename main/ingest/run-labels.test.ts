/**
 * Run labels derived at ingest (issue 12 §1) on a real store and a real ingest: stored with the
 * run, read back by the run detail and the learning counts, and derived again when the label
 * rules change. A database migrated from schema 7: main/store/run-labels-store.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRequest, type OperationName, type RunBrainHandlers } from '../../shared/operations';
import { createCore } from '../core/create-core';
import { learnProjectFromStore } from '../core/project-learning';
import type { CoreConnection } from '../core/types';
import { ingestFolder } from './ingest-folder';
import { LABEL_RULES_SETTING } from './run-labels';
import { EXPECTED, labelFixture, storedLabelsOf } from './label-fixture';
import { NOW, runLine, type Fixture } from './test-helpers';

const stored = storedLabelsOf;

let fx: Fixture;
beforeEach(() => {
  fx = labelFixture();
});
afterEach(() => fx.cleanup());

describe('labels derived at ingest', () => {
  it('are stored with each run and counted from the store', async () => {
    await ingestFolder(fx.store, fx.root, { now: NOW });
    for (const [id, want] of Object.entries(EXPECTED)) expect(await stored(fx, id)).toEqual(want);
    expect((await fx.store.runLabels.meta())?.since).toBe(new Date(NOW).toISOString());
    const { result } = await learnProjectFromStore(fx.store, 'p', new Date(NOW));
    expect(result.labels).toMatchObject({
      gates: { excellent: 1, good: 1, acceptable: 1, poor: 1 },
      decisions: { correct: 1, reasonable: 1, incorrect: 1 },
      output_quality: { production_ready: 1, needs_minor_fixes: 1, needs_rework: 0 },
      unlabelled: { gates: 0, decisions: 0, runs: 1 },
      derived: { at_ingest: 3, on_read: 0, rules_since: new Date(NOW).toISOString() },
    });
  });
});

describe('label rules from the settings', () => {
  it('label new runs at ingest under the stored thresholds', async () => {
    await fx.store.settings.put({ [LABEL_RULES_SETTING]: JSON.stringify({ maxRetries: 5, productionReady: 96 }) });
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(await stored(fx, 'c')).toMatchObject({ gates: ['good'] }); // attempt 3 < 5
    expect(await stored(fx, 'a')).toMatchObject({ output_quality: 'needs_minor_fixes' }); // 95 < 96
  });
});

describe('a rule change another writer saved', () => {
  it('is picked up by the next unit of an open ingest, which labels everything again', async () => {
    await ingestFolder(fx.store, fx.root, { now: NOW });
    await fx.store.settings.put({ [LABEL_RULES_SETTING]: JSON.stringify({ maxRetries: 4 }) });
    fx.write('p/more.jsonl', `${runLine({ run_id: 'd', project_id: 'p', gates: [{ gate_id: 'g', result: 'fail', retry_attempt: 3, auto_fix_success: true }] })}\n`);
    await ingestFolder(fx.store, fx.root, { now: NOW + 1000 });
    expect(await stored(fx, 'c')).toMatchObject({ gates: ['good'] });
    expect(await stored(fx, 'd')).toMatchObject({ gates: ['good'] });
    expect((await fx.store.runLabels.meta())?.since).toBe(new Date(NOW + 1000).toISOString());
  });
});

describe('changing the label rules in the app', () => {
  let base: string;
  let core: CoreConnection;
  const call = <K extends OperationName>(op: K, payload: unknown) =>
    (core.handlers[op] as (r: unknown) => ReturnType<RunBrainHandlers[K]>)(parseRequest(op, payload));
  afterEach(async () => {
    await core?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('re-derives every stored label, and the run detail and getLearning follow', async () => {
    base = mkdtempSync(join(tmpdir(), 'rb-labels-'));
    core = await createCore({ dbPath: join(base, 'runbrain.db'), dataDir: base, host: 'test', folders: [fx.root], watch: false, now: () => NOW });
    await core.ready;
    const run = await call('getRun', { project_id: 'p', run_id: 'c' });
    expect(run).toMatchObject({ labels: { gates: ['poor'] }, labels_source: 'ingest' });
    expect((await call('getLearning', { project_id: 'p' })).labels.gates.poor).toBe(1);

    const settings = await call('updateSettings', { learning_labels: { maxRetries: 4, weights: { rework: 0.5 } } });
    expect(settings.learning_labels).toEqual({ maxRetries: 4, weights: { rework: 0.5 } });
    expect(await call('getRun', { project_id: 'p', run_id: 'c' })).toMatchObject({ labels: { gates: ['good'] }, labels_source: 'ingest' });
    // b: weights 0.25·80 + 0.3·100 + 0.2·100 + 0.5·0 over 1.25 = 56 → needs_rework.
    expect(await call('getRun', { project_id: 'p', run_id: 'b' })).toMatchObject({ labels: { output_quality: 'needs_rework', quality_score: 56 } });
    const l = await call('getLearning', { project_id: 'p' });
    expect(l.labels.gates).toEqual({ excellent: 1, good: 2, acceptable: 1, poor: 0 });
    expect(l.labels.derived).toEqual({ at_ingest: 3, on_read: 0, rules_since: new Date(NOW).toISOString() });

    await call('updateSettings', { learning_labels: null });
    expect(await call('getRun', { project_id: 'p', run_id: 'c' })).toMatchObject({ labels: { gates: ['poor'] } });
    expect(() => call('updateSettings', { learning_labels: { maxRetries: -1 } })).toThrow(/learning_labels\.maxRetries/);
  }, 30_000);
});
