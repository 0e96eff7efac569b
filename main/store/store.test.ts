import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type IngestWriter, type Store } from './index';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rb-store-'));
  store = openStore(join(dir, 'runbrain.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const bad = (w: IngestWriter, reason: string) => w.quarantine({ sourceId: null, file: '/x.json', line: 1, field: null, reason, excerpt: '' });

describe('Store units of work', () => {
  it('a unit commits what its writer wrote, stamped by its clock; a throw keeps nothing', () => {
    store.ingestUnit((w) => bad(w, 'kept'), () => '2025-01-02T03:04:05.000Z');
    expect(store.quarantine.list().items).toMatchObject([{ reason: 'kept', at: '2025-01-02T03:04:05.000Z' }]);
    expect(() => store.ingestUnit((w) => {
      bad(w, 'dropped');
      throw new Error('boom');
    })).toThrow('boom');
    expect(store.counts()).toEqual({ files: 0, runs: 0, events: 0, quarantined: 1 });
  });

  it("a unit's writer refuses every write once the unit is over", () => {
    let kept: IngestWriter | null = null;
    store.ingestUnit((w) => void (kept = w));
    const w = kept as unknown as IngestWriter;
    expect(() => bad(w, 'late')).toThrow(/outside Store.ingestUnit/);
    expect(() => w.insertEvent(1, 1, { run_id: null, project_id: null, type: 'note', at: null }, '{}')).toThrow(/outside Store.ingestUnit/);
    expect(() => w.clearSource(1, () => {})).toThrow(/outside Store.ingestUnit/);
    expect(store.counts().quarantined).toBe(0);
  });

  it('opens at the latest schema with the fold version unset until the ingest records one', () => {
    expect(store.schemaVersion()).toBe(4);
    expect(store.aggregates.foldVersion()).toBeNull();
    expect(store.checkIntegrity()).toBe('ok');
  });
});
