/** `analyze --json` experiments and `runbrain allocate`, on the demo's experiment projects (real files, real SQLite). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate-demo';
import { runCli } from './index';

let base = '';
let logs = '';
let db = '';
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'rb-alloc-'));
  logs = join(base, 'run_logs');
  db = join(base, 'rb.db');
  generateDemo(logs, { seed: 3, now: Date.parse('2026-11-20T12:00:00Z') });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

interface Exp {
  factor: string;
  control: string;
  status: string;
  variants: { value: string; paired_n: number | null; decision_basis: string | null; p_value_pass_paired: number | null; stratified: { by: string[] } | null }[];
  warnings: { kind: string; message: string }[];
  allocation: Record<string, number>;
}

describe('experiments on the surfaces', () => {
  it('analyze --json: every project gains experiments; pairing and confounding show on the demo projects', async () => {
    const { code, out, err } = await run(['analyze', logs, '--json', '--db', db]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { projects: { project_id: string; experiments: Exp[]; version_evolution: { factor: string }[] }[] };
    for (const p of doc.projects) expect(Array.isArray(p.experiments)).toBe(true);
    const bench = doc.projects.find((p) => p.project_id === 'regression_bench')!;
    const model = bench.experiments.find((e) => e.factor === 'model')!;
    const alt = model.variants[1];
    expect(alt.paired_n).toBeGreaterThanOrEqual(20);
    expect(alt.decision_basis).toBe('paired');
    expect(alt.p_value_pass_paired).not.toBeNull();
    expect(model.variants[0].paired_n).toBeNull();
    // Cheaper per passed run, but the paired comparison shows it passes fewer of the same tasks.
    expect(model.status).not.toBe('winner');
    const bot = doc.projects.find((p) => p.project_id === 'support_bot')!;
    const strategy = bot.experiments.find((e) => e.factor === 'prompt_strategy')!;
    expect(strategy.warnings.some((w) => w.kind === 'confounding' && /model/.test(w.message))).toBe(true);
    expect(strategy.variants[1].stratified?.by).toContain('model');
    expect(strategy.status).not.toBe('winner');
    expect(bot.version_evolution.map((v) => v.factor)).toContain('prompt_version');
  });

  it('analyze without --json names each experiment’s status and reason', async () => {
    const { code, out } = await run(['analyze', logs, '--db', db]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}experiment model \(control claude-3-5-sonnet\): \w+ — .+$/m);
  });

  it('allocate --json prints the shares for a runner', async () => {
    const { code, out, err } = await run(['allocate', logs, '--project', 'regression_bench', '--factor', 'model', '--json', '--db', db]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { factor: string; allocation: Record<string, number>; allocation_epsilon_greedy: Record<string, number>; runs: Record<string, number> };
    expect(doc.factor).toBe('model');
    expect(Object.keys(doc.allocation).sort()).toEqual(Object.keys(doc.runs).sort());
    expect(Object.values(doc.allocation).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    expect(Object.values(doc.allocation_epsilon_greedy).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    const text = await run(['allocate', logs, '--project', 'regression_bench', '--factor', 'model', '--db', db]);
    expect(text.out).toMatch(/thompson/);
  });

  it('allocate explains bad input in one sentence', async () => {
    const noProject = await run(['allocate', logs, '--project', 'nope', '--factor', 'model', '--db', db]);
    expect(noProject.code).toBe(2);
    expect(noProject.err).toMatch(/^runbrain: project "nope" has no runs in .+ \(projects: .+\)\.\n$/);
    const noFactor = await run(['allocate', logs, '--project', 'regression_bench', '--factor', 'colour', '--db', db]);
    expect(noFactor.code).toBe(2);
    expect(noFactor.err).toMatch(/factor "colour" has fewer than 2 values/);
    expect((await run(['allocate', logs])).code).toBe(2);
  });
});
