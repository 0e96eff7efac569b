/**
 * The stored run labels (migration 8) on a real database: what the learning counts read, and a
 * database written at schema 7 (no labels) filled by the ingest's ensureRunLabels.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { learnProjectFromStore } from '../core/project-learning';
import { ingestFolder } from '../ingest/ingest-folder';
import { EXPECTED, labelFixture, storedLabelsOf } from '../ingest/label-fixture';
import { ensureRunLabels } from '../ingest/run-labels';
import { NOW, type Fixture } from '../ingest/test-helpers';
import { openStore } from './store';

const stored = storedLabelsOf;

let fx: Fixture;
beforeEach(() => {
  fx = labelFixture();
});
afterEach(() => fx.cleanup());

describe('stored labels', () => {
  it('are what the counts read: a stored label wins over the record (proof the store is read)', async () => {
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const db = new Database(fx.dbFile);
    db.prepare("UPDATE run_labels SET labels = ? WHERE run_pk = (SELECT id FROM runs WHERE run_id = 'c')").run(JSON.stringify({ gates: ['excellent'], decisions: [null], output_quality: 'needs_rework', quality_score: 10 }));
    db.close();
    const { result } = await learnProjectFromStore(fx.store, 'p', new Date(NOW));
    expect(result.labels.gates).toEqual({ excellent: 2, good: 1, acceptable: 1, poor: 0 });
    expect(result.labels.output_quality.needs_rework).toBe(1);
    expect(result.labels.unlabelled).toEqual({ gates: 0, decisions: 1, runs: 0 });
  });
});

describe('a database from schema 7', () => {
  it('gets its labels filled: counted from the record until then, from the store after', async () => {
    await ingestFolder(fx.store, fx.root, { now: NOW });
    await fx.store.close();
    // Back to schema 7 as an older RunBrain wrote it: no run_labels, no label_meta (and none of migrations 9 and 10's columns).
    const db = new Database(fx.dbFile);
    db.exec('DROP TABLE run_labels; DROP TABLE label_meta; ALTER TABLE runs DROP COLUMN custom_factors; ALTER TABLE declared_experiments DROP COLUMN spec; ALTER TABLE agg_rounds DROP COLUMN outcomes; PRAGMA user_version = 7');
    db.close();
    fx.store = openStore(fx.dbFile);
    expect(await fx.store.schemaVersion()).toBe(10);
    expect(await fx.store.runLabels.unlabelledCount()).toBe(3);
    const before = (await learnProjectFromStore(fx.store, 'p', new Date(NOW))).result.labels;
    expect(before.derived).toEqual({ at_ingest: 0, on_read: 3, rules_since: null });
    const done = await ensureRunLabels(fx.store, '2025-11-02T00:00:00.000Z');
    expect(done).toEqual({ rules_changed: true, derived: 3, rules_since: '2025-11-02T00:00:00.000Z' });
    // Run a is stored by reference (its raw text is canonical): its labels come from the file's bytes.
    for (const [id, want] of Object.entries(EXPECTED)) expect(await stored(fx, id)).toEqual(want);
    const after = (await learnProjectFromStore(fx.store, 'p', new Date(NOW))).result.labels;
    expect(after.derived).toEqual({ at_ingest: 3, on_read: 0, rules_since: '2025-11-02T00:00:00.000Z' });
    expect({ ...after, derived: null }).toEqual({ ...before, derived: null });
    expect(await ensureRunLabels(fx.store)).toMatchObject({ rules_changed: false, derived: 0 });
  });
});
