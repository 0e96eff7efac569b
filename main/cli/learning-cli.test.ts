import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { day, plantedRuns } from '../engine/learning/test-runs';
import { runCli } from './index';
import { runTrainCommand } from './train';

let dir: string;
let logs: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rb-learn-cli-'));
  logs = join(dir, 'run_logs');
  mkdirSync(join(logs, 'p'), { recursive: true });
  // The planted project: every loop has something to find. Tokens and versions added for pattern 5.
  const runs = plantedRuns().map((r, i) => ({ ...r, prompt_version: i < 35 ? 'v1' : 'v2', tokens_in: i < 35 ? 1000 : 1600, model: i % 2 ? 'a' : 'b' }));
  writeFileSync(join(logs, 'p', 'runs.jsonl'), runs.map((r) => JSON.stringify(r)).join('\n') + '\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

describe('runbrain train / metrics / report / predict', () => {
  it('train writes training_<date>.md to --out, never into the run-logs folder', async () => {
    const out = join(dir, 'reports');
    let stdout = '';
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => 0 } };
    expect(await runTrainCommand([logs, '--out', out], io, { now: new Date(day(28)) })).toBe(0);
    const file = join(out, 'training_2026-02-02.md');
    expect(stdout.trim()).toBe(file);
    const md = readFileSync(file, 'utf8');
    expect(md).toContain('## Executive summary');
    expect(md).toContain('SUG-35168aee'); // the planted gate root cause, grouped by the template miner
    const bad = await run(['train', logs, '--out', join(logs, 'reports')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/inside the run-logs folder/);
    expect(existsSync(join(logs, 'reports'))).toBe(false);
  });

  it('train writes to the app data folder without --out', async () => {
    const data = join(dir, 'data');
    const io = { stdout: { write: () => 0 }, stderr: { write: () => 0 } };
    expect(await runTrainCommand([logs, '--last', '20'], io, { now: new Date(day(28)), env: { RUNBRAIN_DATA_DIR: data } })).toBe(0);
    expect(existsSync(join(data, 'reports', 'training_2026-02-02.md'))).toBe(true);
  });

  it('metrics --list and metrics show --metric NAME --json', async () => {
    const list = await run(['metrics', '--list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^gate_failure_rate +share of gate checks that failed$/m);
    const show = await run(['metrics', logs, 'show', '--metric', 'gate_failure_rate', '--json']);
    expect(show.code).toBe(0);
    const [m] = JSON.parse(show.out);
    expect(m).toMatchObject({ project_id: 'p', metric: 'gate_failure_rate', n: 49 });
    expect(m.value).toBeCloseTo(19 / 49, 12);
    const text = await run(['metrics', logs, 'show', '--metric', 'override_rate', '--project', 'p']);
    expect(text.out).toMatch(/^p: override_rate = 66\.7 % \(95 % CI 39\.1 %–86\.2 %\), n = 12$/m);
    const unknown = await run(['metrics', logs, 'show', '--metric', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown metric "nope"; known: agent_success_rate/);
  });

  it('report --format html --out FILE writes the page with its charts', async () => {
    const file = join(dir, 'out', 'learning.html');
    const r = await run(['report', logs, '--format', 'html', '--out', file]);
    expect(r.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('aria-label="Tokens per successful run by prompt version"');
    expect(html).toContain('<h2>Project p</h2>');
    const md = await run(['report', logs]);
    expect(md.out).toContain('# RunBrain learning report');
    expect((await run(['report', logs, '--format', 'pdf'])).err).toMatch(/--format must be md or html/);
  });

  it('predict prints P(pass) and cost with intervals; --json; clear errors', async () => {
    const r = await run(['predict', logs, '--project', 'p', '--model', 'a', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.settings).toEqual({ model: 'a' });
    expect(doc.calibration.holdout_n).toBe(14);
    expect(doc.prediction.p_pass).toBeGreaterThan(0.9); // every planted run passed
    const text = await run(['predict', logs, '--project', 'p', '--model', 'zzz']);
    expect(text.out).toMatch(/^P\(pass\) = \d+\.\d % \(95 % interval/m);
    expect((await run(['predict', logs])).err).toMatch(/--project ID is required.\nusage: runbrain predict <dir> --project ID/);
    const missing = await run(['predict', logs, '--project', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/project "nope" has no runs/);
  });
});

describe('runbrain analyze --json', () => {
  it('gives each project its learning block', async () => {
    const r = await run(['analyze', logs, '--json']);
    expect(r.code).toBe(0);
    const [p] = JSON.parse(r.out).projects;
    const l = p.learning;
    expect(Object.keys(l)).toEqual(expect.arrayContaining(['labels', 'gate_root_causes', 'handoffs', 'overrides', 'token_efficiency', 'recipes', 'calibration', 'suggestions', 'prediction']));
    expect(l.gate_root_causes[0]).toMatchObject({ gate_id: 'api_contract_present', checks: 49, failures: 19 });
    expect(l.gate_root_causes[0].reasons[0]).toMatchObject({ template: 'missing error codes for endpoint <NUM>', count: 12 });
    expect(l.prediction).toMatchObject({ holdout_n: 14, train_n: 56 });
    // Patterns 2 and 8 are the health block's tables, carried in the learning block's slots.
    expect(l.retry_hotspots).toEqual({ source: 'health', table: 'retry_hotspots', rows: p.health.retry_hotspots });
    expect(l.error_recovery).toEqual({ source: 'health', table: 'error_recovery', rows: p.health.recovery_strategies });
  });
});

describe('success prediction on real runs (OpenHands Index, commit0: see fixtures/README.md)', () => {
  it('beats the training pass rate on the time-ordered hold-out', async () => {
    const real = join(dir, 'real');
    mkdirSync(join(real, 'commit0'), { recursive: true });
    writeFileSync(join(real, 'commit0', 'runs.jsonl'), gunzipSync(readFileSync(join(import.meta.dirname, 'fixtures', 'openhands-commit0.jsonl.gz'))));
    const r = await run(['predict', real, '--project', 'commit0', '--model', 'claude-opus-4-6', '--task-key', 'babel', '--json']);
    expect(r.err).toBe('');
    const { calibration: c, prediction: p } = JSON.parse(r.out);
    console.log(`commit0 (real): hold-out Brier ${c.brier.toFixed(4)} vs ${c.baseline_brier.toFixed(4)} for the base rate, n = ${c.holdout_n}`);
    expect(c.holdout_n).toBe(138);
    expect(c.method).toBe('shrinkage');
    expect(c.brier).toBeLessThan(c.baseline_brier);
    expect(c.factors.map((f: { factor: string }) => f.factor)).toContain('task_key');
    expect(p.p_pass_ci95[0]).toBeLessThan(p.p_pass);
    expect(p.cost.median_usd).toBeGreaterThan(0);
  });
});

describe('runbrain tune', () => {
  it('prints the predicted pass probability on stderr; stdout stays the config', async () => {
    const config = join(dir, 'project_config.json');
    writeFileSync(config, JSON.stringify({ mode: '2loop', max_rounds: 5, model: 'a', auto_tune: { enabled: true } }, null, 2));
    const r = await run(['tune', '--config', config, '--project', 'p', '--logs', logs]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ mode: '2loop', model: 'a' });
    expect(r.err).toMatch(/^\[runbrain\] predicted P\(pass\) \d+\.\d % \(95 % interval \d+\.\d %–\d+\.\d %, (shrinkage|baseline), 70 runs\)$/m);
  });
});
