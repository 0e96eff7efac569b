/**
 * `runbrain templates <file> [--json]`: mines error templates from any text file, one message a
 * line, and prints per line its template id and template (tab-separated), or JSONL with --json:
 * {"line", "id", "template"}. Lets anyone check the miner on their own logs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TemplateMiner } from '../engine/health/templates/miner';
import type { CliCommand } from './command';
import { EXIT, UsageError, type CliIo } from './io';

/** Lines written per stdout call: big files without one giant string. */
const CHUNK = 10_000;

/** Reads the file as lines (LF or CRLF; a final newline does not add an empty line). */
function readLines(file: string): string[] {
  const buf = readFileSync(file);
  if (buf.subarray(0, 8192).includes(0)) throw new UsageError(`${file} does not look like a text file (it holds NUL bytes).`);
  const lines = buf.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  return lines;
}

export async function runTemplatesCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'templates needs the text file to read' : `templates takes one file, got ${positionals.length}`, { showUsage: true });
  }
  const file = resolve(positionals[0]);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file} is not a file.`);
  const lines = readLines(file);
  const miner = new TemplateMiner();
  const groups = lines.map((l) => miner.add(l));
  const { templates, templateOf } = miner.finish();
  let out: string[] = [];
  const flush = () => {
    if (out.length) io.stdout.write(out.join('\n') + '\n');
    out = [];
  };
  groups.forEach((g, i) => {
    const t = templates[templateOf(g)];
    out.push(values.json ? JSON.stringify({ line: i + 1, id: t.id, template: t.template }) : `${t.id}\t${t.template}`);
    if (out.length >= CHUNK) flush();
  });
  flush();
  return EXIT.ok;
}

export const templatesCommand: CliCommand = {
  name: 'templates',
  args: '<file> [--json]',
  summary: 'mine error templates from a text file, one message a line (to check the miner on your logs)',
  details: `  <file>       a text file, one message a line (LF or CRLF)
  --json       print JSONL, one {"line", "id", "template"} a line, instead of "id<TAB>template"`,
  run: runTemplatesCommand,
};
