import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
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

  it('every command answers --help, -h and `help <command>` with its usage on stdout, exit 0', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    const names = [...top.out.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((n) => n !== 'help');
    expect(names).toEqual(['ingest', 'analyze', 'health', 'templates', 'demo', 'tune', 'serve', 'train', 'metrics', 'report', 'predict', 'allocate']);
    expect((await run(['help'])).out).toBe(top.out);
    for (const name of names) {
      const byFlag = await run([name, '--help']);
      expect(byFlag, name).toMatchObject({ code: 0, err: '' });
      expect(byFlag.out, name).toMatch(new RegExp(`^usage: runbrain ${name} `));
      expect(byFlag.out, name).toMatch(/^ {2}(<dir>|--[a-z]+)/m);
      expect(await run(['help', name]), name).toEqual(byFlag);
      // --help wins wherever it stands, even beside arguments that would be wrong.
      expect(await run([name, 'x', '--bogus', '-h']), name).toEqual(byFlag);
    }
    expect((await run(['help', 'nope'])).code).toBe(2);
  });

  it('the README lists every command with the usage line its --help prints', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const top = await run(['--help']);
    const names = [...top.out.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((n) => n !== 'help');
    for (const name of names) {
      const usage = (await run([name, '--help'])).out.split('\n')[0].replace(/^usage: /, '');
      expect(readme, name).toContain(`npx ${usage}`);
    }
    const demoDoc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'demo-data.md'), 'utf8');
    expect(demoDoc).toContain(`\`${(await run(['demo', '--help'])).out.split('\n')[0].replace(/^usage: /, '')}\``);
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v', 'version']) expect(await run([flag])).toEqual({ code: 0, out: `runbrain ${version}\n`, err: '' });
  });

  it('ingest says which database it used, temporary or --db', async () => {
    const logs = join(tmp(), 'logs');
    mkdirSync(join(logs, 'p'), { recursive: true });
    writeFileSync(join(logs, 'p', 'runs.jsonl'), JSON.stringify({ run_id: 'a', started_at: '2026-01-01T00:00:00Z', total_cost_usd: 1 }) + '\n');
    const temporary = await run(['ingest', logs]);
    expect(temporary.out.split('\n')[0]).toBe('database: temporary, removed when ingest ends (--db FILE keeps it)');
    expect((await run(['ingest', '--help'])).out).toMatch(/without it a temporary database\s+is used and removed when the command ends/);
    const db = join(tmp(), 'kept.db');
    expect((await run(['ingest', logs, '--db', db])).out.split('\n')[0]).toBe(`database: ${db}`);
  });

  it('turns bad flags into one sentence with the usage line, never parseArgs\'s own wording', async () => {
    const cases: Array<[string[], string]> = [
      [['ingest', '--bogus'], 'runbrain ingest: unknown option --bogus.'],
      [['analyze', 'x', '--db'], 'runbrain analyze: --db needs a value.'],
      [['analyze', 'x', '--json=yes'], 'runbrain analyze: --json takes no value.'],
      [['ingest', 'x', '--db', '--map', 'm'], 'runbrain ingest: --db needs a value, not another option (write --db=VALUE for a value that starts with "-").'],
      [['ingest'], 'runbrain ingest: ingest needs the run_logs folder.'],
      [['ingest', 'a', 'b'], 'runbrain ingest: ingest takes one folder, got 2.'],
      [['serve', 'a', 'b'], 'runbrain serve: serve takes at most one folder, got 2.'],
      [['serve', '--port'], 'runbrain serve: --port needs a value.'],
    ];
    for (const [argv, sentence] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      const [first, usage, hint] = r.err.split('\n');
      expect(first, argv.join(' ')).toBe(sentence);
      expect(usage, argv.join(' ')).toMatch(new RegExp(`^usage: runbrain ${argv[0]} `));
      expect(hint).toBe(`(see "runbrain help ${argv[0]}" for the options)`);
      expect(r.err).not.toMatch(/To specify|argument missing|'/);
    }
    const tune = await run(['tune', '--bogus']);
    expect(tune.code).toBe(2);
    expect(tune.err).toBe('runbrain tune: unknown option --bogus (usage: runbrain tune --config FILE --project ID [--logs DIR] [--db FILE] [--write])\n');
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
