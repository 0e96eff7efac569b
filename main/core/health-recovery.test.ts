/**
 * Health through the core on the demo data: `getHealth`, and a recovery proposal as an applyable
 * recommendation (kind "recovery") through preview → apply → undo, the config restored byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../../shared/operations';
import { generateDemo } from '../demo/generate-demo';
import { createCore } from './create-core';
import type { CoreConnection } from './types';

let base: string;
let core: CoreConnection;

function call<K extends keyof CoreConnection['handlers']>(name: K, req: unknown) {
  const handler = core.handlers[name] as (r: unknown) => Promise<unknown>;
  return handler(parseRequest(name, req)) as ReturnType<CoreConnection['handlers'][K]>;
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'rb-health-core-'));
  const logs = join(base, 'run_logs');
  generateDemo(logs, { seed: 42, now: Date.parse('2026-12-01T12:00:00Z') });
  core = await createCore({ dbPath: join(base, 'data', 'rb.db'), dataDir: join(base, 'data'), host: 'test', folders: [logs], watch: false });
  await core.ready;
}, 120_000);

afterAll(async () => {
  await core?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('getHealth on the demo', () => {
  it('support_bot: an ongoing degradation linked to v3.1 with a revert to v3.0', async () => {
    const { health: h, timelines } = await call('getHealth', { project_id: 'support_bot' });
    const ongoing = h.alerts.filter((a) => a.kind === 'degradation' && a.status === 'ongoing' && a.linked.some((l) => l.value === 'v3.1'));
    expect(ongoing.length).toBeGreaterThan(0);
    expect(h.recovery_proposals).toEqual([expect.objectContaining({ field: 'prompt_version', from: 'v3.1', to: 'v3.0' })]);
    expect(h.grade).toBe('poor');
    // One timeline per alert: bins cover the alert's series over the window, in time order.
    expect(timelines).toHaveLength(h.alerts.length);
    const t = timelines[h.alerts.indexOf(ongoing[0])]!;
    expect(t.points.reduce((s, p) => s + p.n, 0)).toBeGreaterThanOrEqual(ongoing[0].before.n + ongoing[0].after.n);
    expect(t.points.every((p, i) => i === 0 || p.from >= t.points[i - 1].to)).toBe(true);
  });

  it('analytics_api: the v1.2-rc1 episode is resolved and nothing is proposed', async () => {
    const { health: h } = await call('getHealth', { project_id: 'analytics_api' });
    const qa = h.alerts.find((a) => a.metric === 'qa_pass_rate' && a.series === 'project' && a.linked.some((l) => l.value === 'v1.2-rc1'));
    expect(qa?.status).toBe('resolved');
    expect(h.recovery_proposals).toEqual([]);
    const recs = await call('getRecommendations', { project_id: 'analytics_api' });
    expect(recs.recommendations.filter((r) => r.kind === 'recovery')).toEqual([]);
  });

  it('an unknown project is not found', async () => {
    await expect(call('getHealth', { project_id: 'nope' })).rejects.toThrow('No runs for project "nope"');
  });
});

describe('recovery recommendation', () => {
  it('goes preview → apply → undo and the config comes back byte for byte', async () => {
    const recs = await call('getRecommendations', { project_id: 'support_bot' });
    const rec = recs.recommendations.find((r) => r.kind === 'recovery');
    expect(rec).toMatchObject({ field: 'prompt_version', current_value: 'v3.1', recommended_value: 'v3.0', confidence: 'high', category: 'prompt_version' });
    // Every other rule says what it is for.
    expect(recs.recommendations.every((r) => r.kind != null)).toBe(true);
    const path = recs.config_path!;
    const original = readFileSync(path);

    const preview = await call('previewApply', { project_id: 'support_bot', recommendation_id: rec!.id });
    expect(preview.key_path).toBe('projects.support_bot.prompt_version');
    expect(preview.diff).toContain('"prompt_version": "v3.0"');
    const entry = await call('applyRecommendation', { project_id: 'support_bot', recommendation_id: rec!.id, base_hash: preview.base_hash });
    expect(entry).toMatchObject({ field: 'prompt_version', before_value: 'v3.1', after_value: 'v3.0' });
    expect(readFileSync(path, 'utf8')).toContain('"prompt_version": "v3.0"');
    // Applied: the config holds v3.0 now, so the revert is no longer proposed.
    const after = await call('getRecommendations', { project_id: 'support_bot' });
    expect(after.recommendations.some((r) => r.kind === 'recovery')).toBe(false);

    const undo = await call('previewUndo', { change_id: entry.id });
    await call('undoChange', { change_id: entry.id, base_hash: undo.base_hash });
    expect(readFileSync(path).equals(original)).toBe(true);
    const ledger = await call('listLedger', { project_id: 'support_bot' });
    expect(ledger.find((e) => e.id === entry.id)?.recommendation?.kind).toBe('recovery');
  });
});

describe('getTrends on the demo', () => {
  it('all time by week matches the profile; a breakdown sums to the totals', async () => {
    const profile = await call('getProfile', { project_id: 'analytics_api' });
    const t = await call('getTrends', { project_id: 'analytics_api', range: 'all', bucket: 'week' });
    expect(t.points.map((p) => [p.start, p.runs])).toEqual(profile.weekly_trend.map((w) => [w.week_start, w.runs]));
    for (const [i, w] of profile.weekly_trend.entries()) {
      expect(t.points[i].avg_cost).toBeCloseTo(w.avg_cost!, 9);
      expect(t.points[i].qa_pass_rate).toBeCloseTo(w.qa_pass_rate!, 12);
    }
    expect(t.totals.runs).toBe(profile.runs_count);
    for (const f of ['model', 'prompt_version', 'prompt_strategy'] as const) {
      expect(t.breakdown[f].reduce((s, r) => s + r.runs, 0)).toBe(t.totals.runs);
      expect(t.breakdown[f].reduce((s, r) => s + r.total_cost, 0)).toBeCloseTo(t.totals.total_cost, 6);
    }
    expect(t.breakdown.prompt_version.map((r) => r.value)).toContain('v1.2-rc1');
  });

  it('7 days by day: the latest run’s day and the 6 before, every point inside', async () => {
    const t = await call('getTrends', { project_id: 'support_bot', range: '7d', bucket: 'day' });
    expect(t.to).toBe(t.latest_run_at!.slice(0, 10));
    expect(Date.parse(t.to!) - Date.parse(t.from!)).toBe(6 * 86_400_000);
    expect(t.points.length).toBeGreaterThan(0);
    expect(t.points.every((p) => p.start >= t.from! && p.start <= t.to!)).toBe(true);
    expect(t.points.reduce((s, p) => s + p.runs, 0)).toBe(t.totals.runs);
    await expect(call('getTrends', { project_id: 'support_bot', range: 'custom', from: '2026-11-10' })).rejects.toThrow('a custom range needs both from and to');
  });
});
