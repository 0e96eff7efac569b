/** `runbrain demo <dir> [--seed N] [--runs N] [--force]`: writes realistic demo run_logs (docs/demo-data.md). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '../demo/generate-demo';
import type { CliCommand } from './command';
import { EXIT, UsageError, reportError, type CliIo } from './io';

function parseCount(raw: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}".`);
  return n;
}

/** Runs the demo command; `argv` is what follows `demo`. Exit 0 ok, 1 failure, 2 usage error. */
export async function runDemoCommand(argv: string[], io: CliIo): Promise<number> {
  // parseArgs errors reach runCli, which turns them into a sentence with the usage line.
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { seed: { type: 'string' }, runs: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'demo needs the folder to write to' : `demo takes one folder, got ${positionals.length}`, { showUsage: true });
  }
  const args = {
    dir: resolve(positionals[0]),
    seed: parseCount(values.seed, '--seed', 0, 2 ** 32 - 1),
    runs: parseCount(values.runs, '--runs', 1, 100_000),
    force: values.force ?? false,
  };

  try {
    if (existsSync(args.dir)) {
      if (!statSync(args.dir).isDirectory()) throw new Error(`${args.dir} exists and is not a folder.`);
      // Writing into someone's real run_logs would mix fake runs into their analysis.
      if (!args.force && readdirSync(args.dir).length > 0) throw new Error(`${args.dir} is not empty; choose a new or empty folder (or pass --force).`);
    }
    const t0 = performance.now();
    const res = generateDemo(args.dir, { seed: args.seed, runsPerProject: args.runs });
    const ms = Math.round(performance.now() - t0);
    io.stdout.write(
      `wrote ${res.runs} runs for ${res.projects.length} projects (${res.projects.join(', ')}) in ${res.files} files to ${args.dir} in ${ms} ms\n` +
        `${res.broken} records are broken on purpose and should be quarantined; see ${resolve(args.dir, 'README.md')}\n`,
    );
    return EXIT.ok;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return reportError(io, e.code ? new Error(`cannot write the demo to ${args.dir}: ${e.message}.`) : err);
  }
}

export const demoCommand: CliCommand = {
  name: 'demo',
  args: '<dir> [--seed N] [--runs N] [--force]',
  summary: 'write realistic demo run_logs whose findings are known, with a few broken records (docs/demo-data.md)',
  details: `  <dir>        a new or empty folder to write the demo into
  --seed N     random seed, 0 to 4294967295 (default 42); the same seed and day give the same files
  --runs N     runs per project, 1 to 100000 (default: 320 to 540, depending on the project)
  --force      write into a folder that is not empty`,
  run: runDemoCommand,
};
