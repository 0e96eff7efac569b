import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, schemaVersion } from './db';
import { MIGRATIONS } from './migrations';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openDb', () => {
  it('creates a WAL database on disk at the latest schema version, and reopening keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-db-'));
    dirs.push(dir);
    const file = join(dir, 'nested', 'runbrain.db');
    const db = openDb(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.prepare("INSERT INTO settings(key, value) VALUES ('k', '1')").run();
    db.close();
    const again = openDb(file);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' });
    again.close();
  });
});
