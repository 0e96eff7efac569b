import { appendFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { generateDemo } from '../demo/generate-demo';
import { HealthCache, projectHealth } from './health';

let fx: Fixture;
const T0 = Date.UTC(2025, 8, 1);
const line = (i: number): string => runLine({ project_id: 'p', run_id: `r${i}`, started_at: new Date(T0 + i * 3_600_000).toISOString(), total_cost_usd: 1 + (i % 7) / 10 });

beforeEach(async () => {
  fx = fixture();
  fx.write('p/runs.jsonl', `${Array.from({ length: 40 }, (_, i) => line(i)).join('\n')}\n`);
  await ingestFolder(fx.store, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

describe('project health from the store', () => {
  it('the cache keeps buckets per project version and refreshes them when runs change', async () => {
    const cache = new HealthCache(fx.store);
    const all = (h: Awaited<ReturnType<typeof projectHealth>>) => h.baselines.rows.find((r) => r.scope === 'project' && r.window === 'all')!;
    const first = await cache.get('p', NOW);
    expect(first.runs_analysed).toBe(40);
    expect(all(first).metrics.cost_usd!.n).toBe(40);
    expect(first.seed_rule).toEqual([]); // 40 runs in under two days: no 30-day baseline
    appendFileSync(`${fx.root}/p/runs.jsonl`, `${Array.from({ length: 10 }, (_, i) => line(40 + i)).join('\n')}\n`);
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const second = await cache.get('p', NOW);
    expect(second.runs_analysed).toBe(50);
    expect(all(second).metrics.cost_usd!.n).toBe(50);
    expect(second).toEqual(await projectHealth(fx.store, 'p', NOW));
    expect(second.latest_run_at).toBe(new Date(T0 + 49 * 3_600_000).toISOString());
  });

  it('for recommendations, a project that fits in the recent window is computed from its runs alone, with the same episodes and reverts', async () => {
    generateDemo(`${fx.root}/demo`, { seed: 42, now: NOW });
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const ids = await fx.store.aggregates.projectIds();
    expect(ids).toContain('support_bot');
    for (const id of ids) {
      const cache = new HealthCache(fx.store);
      const light = await cache.forRecommendations(id, NOW);
      const full = await projectHealth(fx.store, id, NOW);
      // The same change points, statuses and reverts; the mined sections are getHealth's alone.
      const episodes = (h: typeof full) => h.alerts.filter((a) => a.kind === 'degradation').map(({ linked, ...a }) => ({ ...a, linked: linked.filter((l) => l.kind !== 'error_pattern') }));
      expect(episodes(light), id).toEqual(episodes(full));
      const reverts = (h: typeof full) => h.recovery_proposals.map((p) => [p.field, p.from, p.to, p.evidence]);
      expect(reverts(light), id).toEqual(reverts(full));
      expect(light.baselines, id).toEqual(full.baselines);
    }
  }, 60_000);

  it('while runs keep arriving, the recommendation-layer health is recomputed at most every throttleMs, then once more', async () => {
    const refreshed: string[] = [];
    let notify: () => void = () => undefined;
    const done = new Promise<void>((r) => (notify = r));
    const cache = new HealthCache(fx.store, { throttleMs: 300, onRefreshed: (id) => (refreshed.push(id), notify()) });
    await cache.forRecommendations('p', NOW);
    // 60 failing runs: the pass rate collapses (the fixture's runs all pass).
    appendFileSync(`${fx.root}/p/runs.jsonl`, `${Array.from({ length: 60 }, (_, i) => runLine({ project_id: 'p', run_id: `bad${i}`, started_at: new Date(T0 + (40 + i) * 3_600_000).toISOString(), total_cost_usd: 9 + (i % 5), qa_status: 'failed', status: 'failed' })).join('\n')}\n`);
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const stale = await cache.forRecommendations('p', NOW);
    expect(stale.runs_analysed).toBe(40);
    await done;
    expect(refreshed).toEqual(['p']);
    expect((await cache.forRecommendations('p', NOW)).runs_analysed).toBe(100);
    cache.dispose();
  });
});

describe('error patterns and agents in project health', () => {
  it('mines the stored records: a message new since the prompt version is a pattern, an alert and a linked change', async () => {
    const at = (i: number) => new Date(T0 + i * 3_600_000).toISOString();
    const lines = Array.from({ length: 120 }, (_, i) => {
      const late = i >= 80;
      const failed = late && i % 3 === 0;
      return runLine({
        project_id: 'q', run_id: `q${i}`, started_at: at(i), total_cost_usd: 1, prompt_version: late ? 'v2' : 'v1',
        qa_status: failed ? 'failed' : 'passed',
        steps: [{ agent: 'coder', task_type: 'feature', success: true, retries: 0 }, { agent: 'tester', task_type: 'testing', success: !failed, retries: failed ? 1 : 0 }],
        ...(failed ? { errors: [{ type: 'timeout', message: `Timeout ${15000 + i}ms exceeded waiting for selector "#reply-${i}"`, agent: 'tester' }] } : {}),
      });
    });
    fx.write('q/runs.jsonl', `${lines.join('\n')}\n`);
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const h = await projectHealth(fx.store, 'q', NOW);
    const pattern = h.error_patterns.find((p) => /waiting for selector/.test(p.template));
    expect(pattern, JSON.stringify(h.error_patterns)).toBeDefined();
    expect(pattern!.new).toBe(true);
    expect(pattern!.count).toBe(13);
    expect(h.agents.map((a) => a.agent).sort()).toEqual(['coder', 'tester']);
    const alert = h.alerts.find((a) => a.kind === 'new_error_pattern');
    expect(alert).toBeDefined();
  });
});
