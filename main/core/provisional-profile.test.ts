/**
 * Issue 7 §6 through the core: a first scan's profile is served marked provisional (N of M runs
 * stored) as soon as the parallel fold has it, then the stored profile replaces it, unmarked and
 * with the same numbers on data without duplicates. Real folder, real worker threads, real SQLite.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectProfile } from '../../shared/domain';
import { parseRequest } from '../../shared/operations';
import { createCore } from './create-core';
import type { CoreConnection } from './types';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function getProfile(core: CoreConnection, project_id: string): Promise<ProjectProfile> {
  return core.handlers.getProfile(parseRequest('getProfile', { project_id }) as { project_id: string });
}

describe('provisional profile in the core', () => {
  it.each([false, true])('is marked provisional while the rows are stored, then final with the same numbers (watching: %s)', async (watch) => {
    const base = mkdtempSync(join(tmpdir(), 'rb-prov-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    const logs = join(base, 'run_logs');
    mkdirSync(join(logs, 'shop'), { recursive: true });
    const line = (i: number) => JSON.stringify({
      run_id: `r${i}`, project_id: 'shop', started_at: new Date(Date.parse('2026-10-01T00:00:00Z') + i * 60_000).toISOString(),
      mode: i % 3 ? '2loop' : '3loop', model: i % 2 ? 'a' : 'b', total_cost_usd: ((i * 13) % 90) / 10 + 0.5, qa_status: i % 5 ? 'passed' : 'failed',
      rounds_completed: 1 + (i % 4), max_rounds: 4,
    });
    for (let f = 0; f < 3; f++) writeFileSync(join(logs, 'shop', `runs-${f}.jsonl`), Array.from({ length: 1200 }, (_, k) => line(f * 1200 + k)).join('\n') + '\n');
    const dataDir = join(base, 'data');
    const core = await createCore({
      dbPath: join(dataDir, 'runbrain.db'), dataDir, host: 'test', folders: [logs], watch,
      now: () => Date.parse('2026-11-20T12:00:00Z'), provisional: { workers: 2, minBytes: 0, wait: true },
    });
    cleanups.push(() => core.close());
    const marked: Promise<ProjectProfile>[] = [];
    core.subscribe((e) => {
      if (e.type === 'runs-changed' && e.project_ids.includes('shop')) marked.push(getProfile(core, 'shop'));
    });
    await core.ready;
    const seen = await Promise.all(marked);
    const provisional = seen.find((p) => p.provisional);
    expect(provisional, 'a provisional profile was served').toBeDefined();
    expect(provisional!.provisional!.runs_total).toBe(3600);
    expect(provisional!.provisional!.runs_stored).toBeLessThanOrEqual(3600);
    const final = await getProfile(core, 'shop');
    expect(final.provisional).toBeUndefined();
    expect(final.runs_count).toBe(3600);
    expect(provisional!.runs_count).toBe(final.runs_count);
    expect(provisional!.qa_passed).toBe(final.qa_passed);
    expect(Object.keys(provisional!.modes).sort()).toEqual(Object.keys(final.modes).sort());
    for (const m of Object.keys(final.modes)) {
      expect(provisional!.modes[m].runs_count).toBe(final.modes[m].runs_count);
      expect(provisional!.modes[m].median_cost).toBeCloseTo(final.modes[m].median_cost!, 9);
    }
    expect(provisional!.avg_cost).toBeCloseTo(final.avg_cost!, 9);
    expect(provisional!.median_cost).toBeCloseTo(final.median_cost!, 9);
    expect(provisional!.max_cost).toBe(final.max_cost);
  });
});
