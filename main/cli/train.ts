/**
 * `runbrain train <dir> [--last N] [--out DIR] [--project ID] [--db FILE] [--map FILE]`: runs
 * the learning patterns and the suggestion engine and writes `training_<date>.md` (seed 002
 * §8.3) to --out or the app data folder, never into the run-logs folder.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/data-dir';
import { renderLearningMarkdown } from '../engine/learning';
import type { CliCommand } from './command';
import { EXIT, UsageError, type CliIo } from './io';
import { folderArgs, isInside, learnFolder } from './learning-common';

const ARGS = '<dir> [--last N] [--out DIR] [--project ID] [--db FILE] [--map FILE]';

export interface TrainOptions {
  now?: Date;
  env?: NodeJS.ProcessEnv;
}

/** Runs `runbrain train` with the arguments after `train`; resolves to the exit code. */
export async function runTrainCommand(argv: string[], io: CliIo, opts: TrainOptions = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { last: { type: 'string' }, out: { type: 'string' }, project: { type: 'string' }, db: { type: 'string' }, map: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'train needs the run_logs folder' : `train takes one folder, got ${positionals.length}`, { showUsage: true });
  const args = folderArgs('train', positionals[0], values);
  const outDir = resolve(values.out ?? join(defaultDataDir(opts.env), 'reports'));
  if (isInside(outDir, args.dir)) throw new UsageError(`--out ${outDir} is inside the run-logs folder ${args.dir}: reports never go there (it would be ingested). Pick another folder.`);
  const now = opts.now ?? new Date();
  const projects = await learnFolder(args, now);
  const md = renderLearningMarkdown(projects.map((p) => p.result), { title: `RunBrain training report ${now.toISOString().slice(0, 10)}` });
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `training_${now.toISOString().slice(0, 10)}.md`);
  // Write then rename: a reader never sees half a report.
  writeFileSync(`${file}.tmp`, md);
  renameSync(`${file}.tmp`, file);
  const suggestions = projects.reduce((a, p) => a + p.result.suggestions.length, 0);
  io.stdout.write(`${file}\n`);
  io.stderr.write(`${projects.length} project(s), ${projects.reduce((a, p) => a + p.result.runs, 0)} runs, ${suggestions} suggestion(s)\n`);
  return EXIT.ok;
}

export const trainCommand: CliCommand = {
  name: 'train',
  args: ARGS,
  summary: 'learning patterns and prompt-improvement suggestions → training_<date>.md (docs/learning.md)',
  details: `  <dir>          the run_logs folder (read recursively; nothing in it is changed)
  --last N       only each project's latest N runs
  --out DIR      where training_<YYYY-MM-DD>.md goes (default: <data folder>/reports; never
                 inside <dir>)
  --project ID   one project (default: all)
  --db FILE      the SQLite database to ingest into and keep (default: a temporary one)
  --map FILE     a mapping file for field names RunBrain does not know`,
  run: (argv, io) => runTrainCommand(argv, io),
};
