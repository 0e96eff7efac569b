import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate-demo';
import type { ProjectHealth } from '../engine/health';
import { runCli } from './index';

let dir: string;
let logs: string;
beforeAll(() => {
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
