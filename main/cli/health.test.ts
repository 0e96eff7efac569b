import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate-demo';
import type { ProjectHealth } from '../engine/health';
import { projectHealth } from '../core/health';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture } from '../ingest/test-helpers';
import { healthReport, recoveryChecks } from './health';
import { runCli } from './index';

let dir: string;
let logs: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rb-health-'));
  logs = join(dir, 'run_logs');
  generateDemo(logs, { seed: 3, now: Date.parse('2026-11-20T12:00:00Z') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

describe('runbrain health', () => {
  it('--json: the demo analytics_api v1.2-rc1 episode is found, linked, resolved, with no revert', async () => {
    const db = join(dir, 'h.db');
    const { code, out, err } = await run(['health', logs, '--json', '--db', db]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const { projects } = JSON.parse(out) as { projects: ProjectHealth[] };
    const api = projects.find((p) => p.project_id === 'analytics_api')!;
    const pass = api.alerts.find((a) => a.metric === 'qa_pass_rate' && a.series === 'project' && a.method.startsWith('cusum'))!;
    expect(pass).toMatchObject({ kind: 'degradation', status: 'resolved', severity: 'critical' });
    expect(pass.linked.map((l) => l.value)).toContain('v1.2-rc1');
    expect(pass.before.value! - pass.after.value!).toBeGreaterThan(0.2);
    expect(pass.change_at < pass.detected_at).toBe(true);
    expect(api.recovery_proposals.filter((p) => p.from === 'v1.2-rc1')).toEqual([]);
    expect(api.baselines.rows.find((r) => r.scope === 'project' && r.window === 'all')!.metrics.cost_usd!.n).toBe(api.runs_analysed);
    for (const p of projects) expect(['excellent', 'good', 'fair', 'poor']).toContain(p.grade);

    // The readable report names the grade, the change and its cause.
    const text = await run(['health', logs, '--db', db]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^analytics_api: health (excellent|good|fair|poor)/m);
    expect(text.out).toMatch(/\[critical\] qa_pass_rate on project: .* — resolved since /);
    expect(text.out).toMatch(/linked: prompt_version v1\.2-rc1 at /);
  });

  it('analyze --json carries each project\'s health', async () => {
    const { code, out } = await run(['analyze', logs, '--json', '--db', join(dir, 'h.db')]);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { projects: { project_id: string; health: ProjectHealth }[] };
    const api = doc.projects.find((p) => p.project_id === 'analytics_api')!;
    expect(api.health.alerts.some((a) => a.linked.some((l) => l.value === 'v1.2-rc1'))).toBe(true);
    expect(api.health).toHaveProperty('error_patterns');
  });

  it('refuses a missing folder with a usage error', async () => {
    const r = await run(['health', join(dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a folder/);
  });
});

describe('runbrain health: revert proposals checked against the experiment', () => {
  it("support_bot's v3.1 revert is recommended; on real runs a revert to the model that resolves fewer of the same tasks is held back", async () => {
    const { out } = await run(['health', logs, '--json', '--db', join(dir, 'h.db')]);
    type Checked = ProjectHealth & { recovery_checks: Array<{ field: string; to: string; status: string; reason: string | null }> };
    const bot = (JSON.parse(out) as { projects: Checked[] }).projects.find((p) => p.project_id === 'support_bot')!;
    expect(bot.recovery_checks).toContainEqual(expect.objectContaining({ field: 'prompt_version', to: 'v3.0', status: 'recommended' }));

    // Real OpenHands runs (main/core/fixtures/README.md), with the proposal health makes on the full
    // data planted: revert django's model to MiniMax-M2.1 (cost rose when the opus batch followed).
    // Its experiment, which sees the other factors, holds it back.
    const fx = fixture();
    try {
      writeFileSync(join(fx.root, 'runs.jsonl'), gunzipSync(readFileSync(join(import.meta.dirname, '..', 'core', 'fixtures', 'openhands-swebench-slice.jsonl.gz'))));
      await ingestFolder(fx.store, fx.root, { now: Date.parse('2026-06-01T00:00:00Z') });
      const h = await projectHealth(fx.store, 'django/django', Date.parse('2026-06-01T00:00:00Z'));
      const est = (value: number, n: number) => ({ value, ci95: null, n });
      const alert = {
        kind: 'degradation', metric: 'cost_per_run', series: 'project', change_at: '2026-01-27T01:24:15.000Z', change_interval: ['2026-01-27T01:24:15.000Z', '2026-01-27T01:24:15.000Z'],
        detected_at: '2026-01-27T01:24:15.000Z', before: est(0.64, 231), after: est(1.82, 231), relative_change: 1.83, certainty: 1,
        severity: 'critical', method: 'cusum', status: 'ongoing', resolved_at: null, linked: [], also_in: [],
      } as unknown as ProjectHealth['alerts'][number];
      const planted: ProjectHealth = {
        ...h, alerts: [alert],
        recovery_proposals: [{
          field: 'model', from: 'claude-opus-4-5', to: 'MiniMax-M2.1', alert_index: 0, alert_indices: [0],
          evidence: { metric: 'cost_per_run', change_at: alert.change_at, before: est(0.64, 231), after: est(1.82, 231), with_from: est(1.82, 231), with_to: est(0.64, 231), runs_with_from_recent: 20, recent_runs: 20 },
        }],
      };
      const [check] = await recoveryChecks(fx.store, planted);
      // (No config is linked, so the current model is the latest run's, which MiniMax never ran beside.)
      expect(check).toMatchObject({ field: 'model', to: 'MiniMax-M2.1', status: 'held', reason: expect.stringMatching(/MiniMax-M2\.1.*held back/) });
      expect(healthReport(planted, [check])).toMatch(/proposal: set model back from claude-opus-4-5 to MiniMax-M2\.1 .* — held back\. /);
    } finally {
      fx.cleanup();
    }
  });
});
