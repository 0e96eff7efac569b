import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type IngestWriter, type LedgerInsert, type Store } from './index';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rb-store-'));
  store = openStore(join(dir, 'runbrain.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const bad = async (w: IngestWriter, reason: string) => await w.quarantine({ sourceId: null, file: '/x.json', line: 1, field: null, reason, excerpt: '' });

describe('Store units of work', () => {
  it('a unit commits what its writer wrote, stamped by its clock; a throw keeps nothing', async () => {
    await store.ingestUnit(async (w) => await bad(w, 'kept'), () => '2025-01-02T03:04:05.000Z');
    expect((await store.quarantine.list()).items).toMatchObject([{ reason: 'kept', at: '2025-01-02T03:04:05.000Z' }]);
    await (expect(store.ingestUnit(async (w) => {
      await bad(w, 'dropped');
      throw new Error('boom');
    }))).rejects.toThrow('boom');
    expect(await store.counts()).toEqual({ files: 0, runs: 0, events: 0, quarantined: 1 });
  });

  it("a unit's writer refuses every write once the unit is over", async () => {
    let kept: IngestWriter | null = null;
    await store.ingestUnit((w) => void (kept = w));
    const w = kept as unknown as IngestWriter;
    await expect(bad(w, 'late')).rejects.toThrow(/outside Store.ingestUnit/);
    await expect(w.insertEvent(1, 1, { run_id: null, project_id: null, type: 'note', at: null }, '{}')).rejects.toThrow(/outside Store.ingestUnit/);
    await expect(w.clearSource(1, () => {})).rejects.toThrow(/outside Store.ingestUnit/);
    expect((await store.counts()).quarantined).toBe(0);
  });

  it('a ledger change is one unit with its file write: kept when the write succeeds, gone (with its undo mark) when it throws', async () => {
    const change = (over: Partial<LedgerInsert> = {}): LedgerInsert => ({
      project_id: 'p', config_path: '/c.json', key_path: 'model', field: 'model', before_value: 'a', after_value: 'b', now: new Date('2025-09-10T00:00:00Z'),
      applied_by: 'user', recommendation: null, backup_path: null, before_hash: 'h0', after_hash: 'h1', undo_of: null, created_keys: [], removed_keys: [], ...over,
    });
    let wrote = 0;
    const first = await store.ledger.recordChange(change(), null, () => void wrote++);
    expect(wrote).toBe(1);
    expect(await store.ledger.list()).toMatchObject([{ id: first.id, status: 'applied', after_value: 'b' }]);
    await (expect(store.ledger.recordChange(change({ undo_of: first.id, before_value: 'b', after_value: 'a' }), first.id, () => {
      throw new Error('disk full');
    }))).rejects.toThrow('disk full');
    expect(await store.ledger.list()).toMatchObject([{ id: first.id, status: 'applied' }]); // no undo row, not marked undone
    const undo = await store.ledger.recordChange(change({ undo_of: first.id, before_value: 'b', after_value: 'a' }), first.id, () => {});
    expect(await store.ledger.get(first.id)).toMatchObject({ status: 'undone', undone_at: '2025-09-10T00:00:00.000Z' });
    expect(undo.undo_of).toBe(first.id);
  });

  it('opens at the latest schema with the fold version unset until the ingest records one', async () => {
    expect(await store.schemaVersion()).toBe(10);
    expect(await store.aggregates.foldVersion()).toBeNull();
    expect(await store.checkIntegrity()).toBe('ok');
  });
});
