/** `runbrain report <dir> [--format md|html] [--out FILE] [--project ID] [--last N]`: the learning report. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderLearningHtml, renderLearningMarkdown } from '../engine/learning';
import type { CliCommand } from './command';
import { EXIT, UsageError, type CliIo } from './io';
import { folderArgs, isInside, learnFolder } from './learning-common';

const ARGS = '<dir> [--format md|html] [--out FILE] [--project ID] [--last N] [--db FILE] [--map FILE]';

/** Runs `runbrain report` with the arguments after `report`; resolves to the exit code. */
export async function runReportCommand(argv: string[], io: CliIo, opts: { now?: Date } = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      format: { type: 'string', default: 'md' }, out: { type: 'string' }, project: { type: 'string' }, last: { type: 'string' },
      db: { type: 'string' }, map: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'report needs the run_logs folder' : `report takes one folder, got ${positionals.length}`, { showUsage: true });
  if (values.format !== 'md' && values.format !== 'html') throw new UsageError(`--format must be md or html, not "${values.format}".`);
  const args = folderArgs('report', positionals[0], values);
  const out = values.out ? resolve(values.out) : null;
  if (out && isInside(out, args.dir)) throw new UsageError(`--out ${out} is inside the run-logs folder ${args.dir}: reports never go there. Pick another file.`);
  const projects = await learnFolder(args, opts.now ?? new Date());
  const results = projects.map((p) => p.result);
  const text = values.format === 'html' ? renderLearningHtml(results) : renderLearningMarkdown(results);
  if (!out) {
    io.stdout.write(text);
    return EXIT.ok;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, text);
  renameSync(`${out}.tmp`, out);
  io.stdout.write(`${out}\n`);
  return EXIT.ok;
}

export const reportCommand: CliCommand = {
  name: 'report',
  args: ARGS,
  summary: 'the learning report: summary, findings, next actions, trends (HTML with SVG charts)',
  details: `  <dir>            the run_logs folder (read recursively; nothing in it is changed)
  --format md|html markdown (default) or one self-contained HTML page
  --out FILE       write the report there (never inside <dir>); default: stdout
  --project ID     one project (default: all)
  --last N         only each project's latest N runs
  --db FILE, --map FILE   as for ingest`,
  run: (argv, io) => runReportCommand(argv, io),
};
