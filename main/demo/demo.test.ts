import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecordSchema } from '../../shared/run-record';
import { runDemoCommand } from '../cli/demo';
import { runCli } from '../cli/index';
import { generateDemo } from './generate-demo';

const NOW = Date.parse('2025-11-20T12:00:00Z');
const DAY = 86_400_000;
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'rb-demo-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const f = join(dir, e);
    if (statSync(f).isDirectory()) out.push(...listFiles(root, f));
    else out.push(relative(root, f).split(sep).join('/'));
  }
  return out.sort();
}

type Rec = Record<string, unknown>;
interface ReadBack { runs: Rec[]; events: Rec[]; bad: string[] }

/** A deliberately simple reader (not the real importer): canonical and aliased runs, events, failures. */
function readBack(dir: string): ReadBack {
  const res: ReadBack = { runs: [], events: [], bad: [] };
  const add = (r: Rec, file: string): void => {
    if ('event' in r || ('gate_id' in r && !('mode' in r))) return void res.events.push(r);
    const run: Rec = { ...r };
    if ('cost' in r) {
      Object.assign(run, { total_cost_usd: r.cost, prompt_strategy: r.strategy, model: r.agent_model, rounds_completed: r.rounds_used, project_id: r.project });
      run.qa_status = ({ pass: 'passed', warn: 'warning', fail: 'failed' } as Rec)[r.outcome as string];
      run.started_at = new Date((r.timestamp as number) * 1000).toISOString();
    }
    run.project_id ??= file.split('/')[0];
    if (typeof run.total_cost_usd !== 'number' || run.total_cost_usd < 0) return void res.bad.push(`${file}: ${JSON.stringify(run.total_cost_usd)}`);
    res.runs.push(run);
  };
  for (const file of listFiles(dir)) {
    if (!/\.(json|jsonl|ndjson)$/.test(file) || file === 'project_config.json') continue;
    const text = readFileSync(join(dir, file), 'utf8');
    if (/\.(jsonl|ndjson)$/.test(file)) {
      for (const line of text.split('\n')) if (line) add(JSON.parse(line) as Rec, file);
      continue;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      res.bad.push(file);
      continue;
    }
    const items = Array.isArray(v) ? v : Array.isArray((v as Rec).runs) ? ((v as Rec).runs as Rec[]) : [v];
    for (const r of items as Rec[]) add(r, file);
  }
  return res;
}

describe('generateDemo', () => {
  const dir = tempDir();
  const result = generateDemo(dir, { seed: 7, now: NOW });
  const files = listFiles(dir);
  const back = readBack(dir);
  const project = (id: string): Rec[] => back.runs.filter((r) => r.project_id === id);

  it('writes 4+ projects of several hundred runs, and reports what it wrote', () => {
    expect(result.projects.length).toBeGreaterThanOrEqual(4);
    expect(result.files).toBe(files.length);
    expect(result.runs).toBe(back.runs.length);
    for (const p of result.projects) expect(project(p).length).toBeGreaterThanOrEqual(300);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const again = tempDir();
    generateDemo(again, { seed: 7, now: NOW });
    expect(listFiles(again)).toEqual(files);
    for (const f of files) expect(readFileSync(join(again, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
    const other = tempDir();
    generateDemo(other, { seed: 8, now: NOW });
    expect(readFileSync(join(other, 'checkout_service/runs.jsonl'), 'utf8')).not.toBe(readFileSync(join(dir, 'checkout_service/runs.jsonl'), 'utf8'));
  });

  it('honours projects and runsPerProject', () => {
    const small = generateDemo(tempDir(), { seed: 1, now: NOW, projects: 4, runsPerProject: 40 });
    expect(small.projects).toHaveLength(4);
    expect(small.runs).toBe(160);
  });

  it('writes the broken files and lines an importer must quarantine', () => {
    expect(result.broken).toBe(4);
    expect(back.bad).toEqual(expect.arrayContaining([
      expect.stringMatching(/^checkout_service\/.*run_chk-truncated\.json$/),
      'mobile_app/run_corrupt.json',
      'marketing_site/runs.jsonl: "lots"',
      'data_pipeline/runs.jsonl: -0.42',
    ]));
    expect(readFileSync(join(dir, 'mobile_app/run_corrupt.json')).includes(0)).toBe(true);
  });

  it('mixes the file shapes real folders have', () => {
    for (const p of result.projects) {
      expect(files).toContain(`${p}/runs.jsonl`);
      expect(files.some((f) => f.startsWith(`${p}/`) && /\/run_[^/]+\.json$/.test(f))).toBe(true);
    }
    expect(Array.isArray(JSON.parse(readFileSync(join(dir, 'mobile_app/archive/runs_export.json'), 'utf8')).runs)).toBe(true);
    expect(Array.isArray(JSON.parse(readFileSync(join(dir, 'analytics_api/archive/runs_array.json'), 'utf8')))).toBe(true);
    expect(files).toContain('checkout_service/archive/older_runs.ndjson');
    // Aliased names in marketing_site's log.
    const aliasedLine = JSON.parse(readFileSync(join(dir, 'marketing_site/runs.jsonl'), 'utf8').split('\n')[0]) as Rec;
    for (const k of ['timestamp', 'cost', 'strategy', 'agent_model', 'outcome', 'project', 'rounds_used']) expect(aliasedLine).toHaveProperty(k);
    expect(aliasedLine).not.toHaveProperty('total_cost_usd');
    // Per-run files of data_pipeline rely on the folder for project_id.
    const etlFile = files.find((f) => /^data_pipeline\/\d{4}-\d{2}\/run_/.test(f))!;
    expect(JSON.parse(readFileSync(join(dir, etlFile), 'utf8'))).not.toHaveProperty('project_id');
    // Seed-002-style event file: gate records without run fields, and `event` lines.
    expect(back.events.some((e) => e.gate_id && e.gate_result && e.run_id)).toBe(true);
    expect(back.events.some((e) => e.event === 'orchestrator_restart' && !e.run_id)).toBe(true);
  });

  it('writes a commented project_config.json with defaults and per-project overrides', () => {
    const text = readFileSync(join(dir, 'project_config.json'), 'utf8');
    expect(text).toMatch(/^\s*\/\/ /m);
    const errors: ParseError[] = [];
    const cfg = parseJsonc(text, errors) as Rec & { prompts: Rec & { strategies: Rec }; auto_tune: Rec; projects: Record<string, Rec> };
    expect(errors).toEqual([]);
    expect(cfg).toMatchObject({ mode: '2loop', max_rounds: 8, max_cost_usd: 5, prompts: { default_strategy: 'baseline' }, auto_tune: { enabled: false } });
    expect(Object.keys(cfg.prompts.strategies).sort()).toEqual(['aggressive_refactor', 'baseline', 'fast_iter']);
    expect(Object.keys(cfg.projects).sort()).toEqual([...result.projects].sort());
  });

  it('writes canonical runs that pass the shared schema and cover every factor', () => {
    const canonical = back.runs.filter((r) => !('cost' in r));
    expect(canonical.length).toBeGreaterThan(1000);
    for (const r of canonical.slice(0, 400)) {
      const { task_type, branch, ...rest } = r;
      void task_type;
      void branch;
      const parsed = runRecordSchema.safeParse(rest);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    const values = (k: string): Set<unknown> => new Set(back.runs.map((r) => r[k]));
    expect(values('mode')).toEqual(new Set(['2loop', '3loop']));
    expect(values('prompt_strategy')).toEqual(new Set(['baseline', 'aggressive_refactor', 'fast_iter']));
    expect(values('model')).toEqual(new Set(['claude-3-5-sonnet', 'gpt-4o', 'gpt-4o-mini', 'claude-3-haiku']));
    expect([...values('prompt_version')]).toEqual(expect.arrayContaining(['v1.0', 'v1.1', 'v1.2']));
    expect(values('qa_status')).toEqual(new Set(['passed', 'warning', 'failed']));
    expect(values('status')).toEqual(new Set(['completed', 'failed', 'aborted', 'timeout']));
    const steps = canonical.flatMap((r) => r.steps as Rec[]);
    expect(new Set(steps.map((s) => s.agent))).toEqual(new Set(['planner', 'coder', 'tester', 'reviewer']));
    expect(steps.some((s) => s.error && s.recovery && (s.retries as number) > 0)).toBe(true);
    const gates = canonical.flatMap((r) => r.gates as Rec[]);
    expect(new Set(gates.map((g) => g.result))).toEqual(new Set(['pass', 'fail', 'ambiguous']));
    expect(canonical.some((r) => r.decisions && r.feedback)).toBe(true);
    const times = back.runs.map((r) => Date.parse(r.started_at as string));
    expect(Math.max(...times)).toBeLessThan(NOW);
    expect(Math.min(...times)).toBeGreaterThan(NOW - 85 * DAY);
  });

  describe('each project carries its finding', () => {
    const stats = (runs: Rec[]) => ({
      n: runs.length,
      cost: runs.reduce((s, r) => s + (r.total_cost_usd as number), 0) / runs.length,
      qa: runs.filter((r) => r.qa_status === 'passed').length / runs.length,
      max: Math.max(...runs.map((r) => r.total_cost_usd as number)),
    });
    const arm = (p: string, k: string, v: string) => stats(project(p).filter((r) => r[k] === v));

    it('checkout_service: 3loop ≥ 20 % cheaper with equal QA', () => {
      const two = arm('checkout_service', 'mode', '2loop');
      const three = arm('checkout_service', 'mode', '3loop');
      expect(three.cost / two.cost).toBeLessThan(0.8);
      expect(Math.abs(three.qa - two.qa)).toBeLessThan(0.05);
    });

    it('marketing_site: fast_iter cheaper but clearly worse QA', () => {
      const base = arm('marketing_site', 'prompt_strategy', 'baseline');
      const fast = arm('marketing_site', 'prompt_strategy', 'fast_iter');
      expect(fast.cost / base.cost).toBeLessThan(0.75);
      expect(base.qa - fast.qa).toBeGreaterThan(0.2);
    });

    it('data_pipeline: max_rounds 8 far above usage', () => {
      const runs = project('data_pipeline');
      expect(runs.every((r) => r.max_rounds === 8)).toBe(true);
      expect(runs.filter((r) => (r.rounds_completed as number) <= 4).length / runs.length).toBeGreaterThan(0.95);
    });

    it('mobile_app: cost limit far above the historical max; other limits are close to theirs', () => {
      expect(stats(project('mobile_app')).max * 1.3).toBeLessThan(5);
      for (const p of ['checkout_service', 'marketing_site', 'data_pipeline', 'analytics_api']) {
        const runs = project(p);
        expect(stats(runs).max * 1.3, p).toBeGreaterThan(runs[0].max_cost_usd as number);
      }
    });

    it('analytics_api: a two-week degradation of QA and cost', () => {
      const runs = project('analytics_api');
      const episode = stats(runs.filter((r) => r.prompt_version === 'v1.2-rc1'));
      const rest = stats(runs.filter((r) => r.prompt_version !== 'v1.2-rc1'));
      expect(episode.n).toBeGreaterThan(40);
      expect(rest.qa - episode.qa).toBeGreaterThan(0.2);
      expect(episode.cost / rest.cost).toBeGreaterThan(1.3);
    });

    it('regression_bench: every task under both models; the cheap model passes fewer of the same tasks', () => {
      const runs = project('regression_bench');
      const byTask = new Map<string, Rec[]>();
      for (const r of runs) byTask.set(r.task_id as string, [...(byTask.get(r.task_id as string) ?? []), r]);
      expect(byTask.size).toBe(80);
      for (const rs of byTask.values()) expect(new Set(rs.map((r) => r.model))).toEqual(new Set(['claude-3-5-sonnet', 'gpt-4o-mini']));
      const big = arm('regression_bench', 'model', 'claude-3-5-sonnet');
      const mini = arm('regression_bench', 'model', 'gpt-4o-mini');
      expect(mini.cost / big.cost).toBeLessThan(0.7);
      expect(big.qa - mini.qa).toBeGreaterThan(0.04);
    });

    it('support_bot: fast_iter is cheaper only through its model; v3.1 is a live degradation', () => {
      const runs = project('support_bot');
      const share = (strategy: string) => {
        const rs = runs.filter((r) => r.prompt_strategy === strategy);
        return rs.filter((r) => r.model === 'claude-3-haiku').length / rs.length;
      };
      expect(share('fast_iter')).toBeGreaterThan(0.8);
      expect(share('baseline')).toBeLessThan(0.2);
      expect(arm('support_bot', 'prompt_strategy', 'fast_iter').cost / arm('support_bot', 'prompt_strategy', 'baseline').cost).toBeLessThan(0.8);
      for (const model of ['claude-3-haiku', 'claude-3-5-sonnet']) {
        const within = (s: string) => stats(runs.filter((r) => r.model === model && r.prompt_strategy === s));
        expect(Math.abs(within('fast_iter').cost / within('baseline').cost - 1), model).toBeLessThan(0.15);
      }
      const latest = runs.map((r) => Date.parse(r.started_at as string)).sort((a, b) => b - a)[0];
      const v31 = runs.filter((r) => r.prompt_version === 'v3.1');
      expect(Math.min(...v31.map((r) => Date.parse(r.started_at as string)))).toBeGreaterThan(latest - 7 * DAY);
      expect(arm('support_bot', 'prompt_version', 'v3.0').qa - stats(v31).qa).toBeGreaterThan(0.15);
      expect(v31.some((r) => (r.errors as Rec[] | undefined)?.some((e) => /waiting for selector/.test(e.message as string)))).toBe(true);
    });
  });
});

describe('runbrain demo', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } } };
  };

  it('writes the demo and exits 0', async () => {
    const { out, io: cli } = io();
    const target = join(tempDir(), 'logs');
    expect(await runDemoCommand([target, '--seed', '3', '--runs', '30'], cli)).toBe(0);
    expect(out.stdout).toMatch(/wrote 210 runs for 7 projects/);
    expect(listFiles(target)).toContain('project_config.json');
  });

  it('exits 2 with one sentence on usage errors, plus the usage line where the arguments are wrong', async () => {
    const cases: Array<[string[], RegExp, boolean]> = [
      [[], /^runbrain demo: demo needs the folder to write to\.$/, true],
      [['a', 'b'], /^runbrain demo: demo takes one folder, got 2\.$/, true],
      [['x', '--seed', 'abc'], /^runbrain: --seed must be a whole number from 0 to 4294967295, got "abc"\.$/, false],
      [['x', '--runs', '0'], /^runbrain: --runs must be a whole number from 1 to 100000, got "0"\.$/, false],
      [['x', '--bogus'], /^runbrain demo: unknown option --bogus\.$/, true],
      [['x', '--seed'], /^runbrain demo: --seed needs a value\.$/, true],
    ];
    for (const [argv, first, withUsage] of cases) {
      const { out, io: cli } = io();
      expect(await runCli(['demo', ...argv], cli), argv.join(' ')).toBe(2);
      const lines = out.stderr.trim().split('\n');
      expect(lines[0], argv.join(' ')).toMatch(first);
      expect(lines.slice(1), argv.join(' ')).toEqual(
        withUsage ? ['usage: runbrain demo <dir> [--seed N] [--runs N] [--force]', '(see "runbrain help demo" for the options)'] : [],
      );
    }
  });

  it('refuses a non-empty folder (exit 1) unless --force', async () => {
    const target = tempDir();
    writeFileSync(join(target, 'mine.json'), '{}');
    const first = io();
    expect(await runDemoCommand([target], first.io)).toBe(1);
    expect(first.out.stderr).toMatch(/not empty/);
    expect(await runDemoCommand([target, '--force', '--runs', '5'], io().io)).toBe(0);
  });
});
