import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate-demo';
import { runCli } from './index';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'rb-cli-'));
  dirs.push(d);
  return d;
}

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

describe('runbrain CLI', () => {
  it('analyze --json prints the versioned document with profiles and recommendations', async () => {
    const logs = join(tmp(), 'run_logs');
    generateDemo(logs, { seed: 3, now: Date.parse('2026-11-20T12:00:00Z') });
    const { code, out, err } = await run(['analyze', logs, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.schema_version).toBe(1);
    expect(doc.ingest.runs).toBeGreaterThan(1000);
    expect(doc.ingest.quarantined).toBeGreaterThan(0);
    expect(doc.quarantine[0]).toEqual(expect.objectContaining({ file: expect.any(String), reason: expect.any(String) }));
    expect(doc.projects.length).toBeGreaterThanOrEqual(4);
    const p = doc.projects[0];
    expect(p.profile.runs_count).toBe(p.runs_count);
    expect(p.profile).toHaveProperty('preferred_mode');
    expect(doc.projects.flatMap((x: { recommendations: unknown[] }) => x.recommendations).length).toBeGreaterThan(0);
  });

  it('ingest prints counts and quarantine reasons, and is idempotent with --db', async () => {
    const base = tmp();
    const logs = join(base, 'logs', 'proj');
    mkdirSync(logs, { recursive: true });
    writeFileSync(
      join(logs, 'runs.jsonl'),
      [
        JSON.stringify({ run_id: 'a', started_at: '2026-01-01T00:00:00Z', total_cost_usd: 1 }),
        '{"run_id": "b", "started_at": "2026-01-02T00:00:00Z", "total_cost_usd": "lots"}',
        JSON.stringify({ run_id: 'c', started_at: '2026-01-03T00:00:00Z', total_cost_usd: 2 }),
      ].join('\n') + '\n',
    );
    const db = join(base, 'rb.db');
    const first = await run(['ingest', join(base, 'logs'), '--db', db]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/runs: 2\b/);
    expect(first.out).toMatch(/quarantined: 1\b/);
    expect(first.out).toMatch(/line 2.*total_cost_usd/);
    const second = await run(['ingest', join(base, 'logs'), '--db', db]);
    expect(second.out).toMatch(/runs: 2\b/);
  });

  it('exits 2 with one sentence on stderr for usage errors', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    const missing = await run(['analyze', join(tmp(), 'nope'), '--json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^runbrain: .+ is not a folder\.\n$/);
    expect((await run(['analyze', '--bogus-flag'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });
});
