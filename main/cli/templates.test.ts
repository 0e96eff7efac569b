import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { groupingAccuracy } from '../engine/health/templates/accuracy';
import { mineTemplates } from '../engine/health/templates/miner';
import { CORPUS_SIZE, CORPUS_TEMPLATES, generateCorpus } from '../engine/health/templates/fixtures/generate-corpus.mjs';
import { runCli } from './index';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tmpFile(name: string, content: string | Buffer): string {
  const d = mkdtempSync(join(tmpdir(), 'rb-templates-'));
  dirs.push(d);
  const f = join(d, name);
  writeFileSync(f, content);
  return f;
}
async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

const MESSAGES = [
  "locator.click: Timeout 30000ms exceeded. waiting for locator('#submit')",
  'connect ECONNREFUSED 127.0.0.1:5432',
  "locator.fill: Timeout 5000ms exceeded. waiting for locator('.email')",
  '',
  'connect ECONNREFUSED 10.0.0.7:443',
];

describe('runbrain templates', () => {
  it('prints one line per input line: template id, tab, template (CRLF input too)', async () => {
    const file = tmpFile('errors.log', MESSAGES.join('\r\n') + '\r\n');
    const { code, out, err } = await run(['templates', file]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => l[1])).toEqual([
      '<*> Timeout <DUR> exceeded. waiting for locator(<STR>)',
      'connect ECONNREFUSED <IP>',
      '<*> Timeout <DUR> exceeded. waiting for locator(<STR>)',
      '',
      'connect ECONNREFUSED <IP>',
    ]);
    expect(lines[0][0]).toMatch(/^t[0-9a-f]{8}$/);
    expect(lines[2][0]).toBe(lines[0][0]);
    expect(lines[1][0]).not.toBe(lines[0][0]);
  });

  it('--json prints JSONL; on the committed corpus its groups reach accuracy ≥ 0.95', async () => {
    // The committed fixture is exactly what its seeded script generates.
    const lines = readFileSync(join(__dirname, '../engine/health/templates/fixtures/corpus.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const truth = lines.map((l) => Number(l.split('\t')[0]));
    const corpus = lines.map((l) => l.split('\t').slice(2).join('\t'));
    const generated = generateCorpus(CORPUS_SIZE);
    expect(corpus).toEqual(generated.messages);
    expect(truth).toEqual(Array.from(generated.truth));
    expect(lines.every((l, i) => l.split('\t')[1] === CORPUS_TEMPLATES[truth[i]])).toBe(true);
    // Its message column as a plain log file, through the CLI.
    const file = tmpFile('corpus.log', corpus.join('\n') + '\n');
    const { code, out } = await run(['templates', file, '--json']);
    expect(code).toBe(0);
    const rows = out.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(corpus.length);
    const ids = new Map<string, number>();
    const accuracy = groupingAccuracy(rows.map((r) => ids.get(r.id) ?? ids.set(r.id, ids.size).get(r.id)!), truth);
    console.log(`runbrain templates on corpus.tsv: grouping accuracy ${accuracy.toFixed(4)} (${ids.size} templates)`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(rows[0]).toEqual({ line: 1, id: expect.stringMatching(/^t[0-9a-f]{8}$/), template: expect.any(String) });
    expect(rows[rows.length - 1].line).toBe(corpus.length);
    const mined = mineTemplates(corpus);
    expect(rows.map((r) => r.id)).toEqual(Array.from(mined.assignments, (a) => mined.templates[a].id));
  });

  it('exits 2 with one sentence for a missing file, a folder, a binary file or bad arguments', async () => {
    const missing = await run(['templates', join(tmpdir(), 'no-such-file.log')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^runbrain: .*no-such-file\.log is not a file\.\n$/);
    expect((await run(['templates', tmpdir()])).err).toMatch(/is not a file\./);
    const bin = await run(['templates', tmpFile('x.bin', Buffer.from([1, 0, 2]))]);
    expect(bin.code).toBe(2);
    expect(bin.err).toMatch(/does not look like a text file/);
    expect((await run(['templates'])).err).toBe(
      'runbrain templates: templates needs the text file to read.\nusage: runbrain templates <file> [--json]\n(see "runbrain help templates" for the options)\n',
    );
    expect((await run(['templates', 'a', '--bogus'])).code).toBe(2);
  });
});
