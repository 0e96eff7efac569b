import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunBrainEvent } from '../../shared/events';
import { generateDemo } from '../demo/generate-demo';
import { startCoreWorker } from './worker-client';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('startCoreWorker', () => {
  it('runs the core in a worker thread: ingest progress arrives as events, calls answer, bad payloads are refused', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rb-worker-'));
    dirs.push(base);
    const logs = join(base, 'logs');
    generateDemo(logs, { seed: 5, now: Date.parse('2026-11-20T12:00:00Z') });
    const dbPath = join(base, 'data', 'rb.db');
    const warn = vi.spyOn(console, 'warn');
    const core = await startCoreWorker({ dbPath, dataDir: join(base, 'data'), host: 'test', folders: [logs] });
    try {
      const events: RunBrainEvent[] = [];
      const watching = new Promise<void>((resolve) =>
        core.subscribe((e) => {
          events.push(e);
          if (e.type === 'ingest-progress' && e.progress.phase === 'watching') resolve();
        }),
      );
      await watching;
      const projects = await core.handlers.listProjects({});
      expect(projects.length).toBeGreaterThanOrEqual(4);
      expect(events.some((e) => e.type === 'ingest-progress' && e.progress.runs_done > 0)).toBe(true);
      // The worker validates again: a transport bug cannot hand the core an unchecked payload.
      await expect(core.handlers.getProfile({ project_id: 42 } as never)).rejects.toThrow(/Invalid request for getProfile: project_id/);
      await expect(core.handlers.getProfile({ project_id: 'no-such-project' })).rejects.toThrow(/No runs for project "no-such-project"/);
      // A config conflict crosses the thread boundary as a UserError with its code (HTTP 409).
      await expect(core.handlers.undoChange({ change_id: 999 })).rejects.toMatchObject({ name: 'UserError', code: 'not-found', message: 'there is no change #999 in the ledger' });
      const p = projects.find((x) => x.open_recommendations > 0 && x.config_path)!;
      const recs = await core.handlers.getRecommendations({ project_id: p.project_id });
      const stale = core.handlers.applyRecommendation({ project_id: p.project_id, recommendation_id: recs.recommendations[0].id, base_hash: 'stale' });
      await expect(stale).rejects.toMatchObject({ name: 'UserError', code: 'conflict', message: 'project_config.json changed on disk since the preview; preview again' });
      expect(existsSync(`${dbPath}-wal`)).toBe(true);
    } finally {
      await core.close();
    }
    // The core closed itself (database, watchers) instead of being terminated after the grace
    // period; how long closing takes is measured by the bench, not asserted here.
    expect(warn).not.toHaveBeenCalled();
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    await expect(core.handlers.listProjects({})).rejects.toThrow(/core has stopped/);
  });
});
