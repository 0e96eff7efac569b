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
import { EXIT, UsageError, type CliIo } from './io';
import { folderArgs, isInside, learnFolder } from './learning-common';

const USAGE = 'usage: runbrain train <dir> [--last N] [--out DIR] [--project ID] [--db FILE] [--map FILE]';

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
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const args = folderArgs(USAGE, positionals[0], values);
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
