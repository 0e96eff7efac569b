/** A database from before the full JSONL fingerprint: its head-only hashes still hold (no re-read of every log after an upgrade). */
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import type { SqliteStore } from './store';

let fx: Fixture;
beforeEach(() => (fx = fixture()));
afterEach(() => fx.cleanup());
const ingest = () => ingestFolder(fx.store, fx.root, { now: NOW });
const db = () => (fx.store as SqliteStore).db;

describe('fingerprints stored by an earlier version', () => {
  it('a head-only hash still lets an appended file resume from its offset, and is replaced by the full fingerprint', async () => {
    const f = fx.write('p/log.jsonl', Array.from({ length: 60 }, (_, i) => runLine({ run_id: `a${i}` })).join('\n') + '\n');
    await ingest();
    const head = createHash('sha1').update(readFileSync(f).subarray(0, 4096)).digest('hex');
    db().prepare('UPDATE sources SET head_hash = ?').run(head); // as the earlier version stored it
    const pk = () => db().prepare("SELECT id FROM runs WHERE run_id = 'a0'").pluck().get();
    const before = pk();
    appendFileSync(f, runLine({ run_id: 'new' }) + '\n');
    expect((await ingest()).counts.runs).toBe(61);
    expect(pk()).toBe(before); // resumed, not re-read from the start
    expect(db().prepare('SELECT head_hash FROM sources').pluck().get()).toMatch(/^p2-[0-9a-f]{40}$/);
  });
});
