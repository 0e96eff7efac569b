/** After new runs arrive, a new ongoing degradation is announced once as `health-alert-new` (real folder, real store). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunBrainEvent } from '../../shared/events';
import { createCore } from './create-core';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const T0 = Date.parse('2026-11-01T00:00:00Z');
const runLine = (i: number, passed: boolean) =>
  JSON.stringify({
    run_id: `r${String(i).padStart(4, '0')}`, project_id: 'p', started_at: new Date(T0 + i * 3_600_000).toISOString(),
    mode: '2loop', prompt_version: i < 150 ? 'v1' : 'v2', total_cost_usd: 1, qa_status: passed ? 'passed' : 'failed', status: 'completed',
  });

describe('health-alert-new', () => {
  it('announces a degradation that appears with new runs, not the state at the first look', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rb-health-event-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    const logs = join(base, 'run_logs', 'p');
    mkdirSync(logs, { recursive: true });
    // 150 stable runs (9 in 10 pass), then a pass rate of 1 in 10 under v2.
    writeFileSync(join(logs, 'runs.jsonl'), Array.from({ length: 150 }, (_, i) => runLine(i, i % 10 !== 0)).join('\n') + '\n');
    const core = await createCore({ dbPath: join(base, 'data', 'rb.db'), dataDir: join(base, 'data'), host: 'test', folders: [join(base, 'run_logs')] });
    cleanups.push(() => core.close());
    const events: RunBrainEvent[] = [];
    core.subscribe((e) => events.push(e));
    await core.ready;
    const quiet = events.filter((e) => e.type === 'health-alert-new');
    expect(quiet).toEqual([]);

    const announced = new Promise<Extract<RunBrainEvent, { type: 'health-alert-new' }>>((resolve) =>
      core.subscribe((e) => {
        if (e.type === 'health-alert-new') resolve(e);
      }),
    );
    writeFileSync(join(logs, 'later.jsonl'), Array.from({ length: 80 }, (_, j) => runLine(150 + j, j % 10 === 0)).join('\n') + '\n');
    const e = await announced;
    expect(e.project_id).toBe('p');
    expect(e.alert).toMatchObject({ kind: 'degradation', status: 'ongoing' });
    expect(e.alert.linked.map((l) => l.value)).toContain('v2');
    expect(events.filter((x) => x.type === 'health-alert-new' && x.alert.metric === e.alert.metric && x.alert.series === e.alert.series)).toHaveLength(1);
  }, 60_000);
});
