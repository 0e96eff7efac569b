/** `runbrain demo <dir> [--seed N] [--runs N] [--force]`: writes realistic demo run_logs. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '../demo/generate-demo';
import { EXIT, UsageError, reportError, type CliIo } from './io';

const USAGE = 'usage: runbrain demo <dir> [--seed N] [--runs N] [--force]';

function parseCount(raw: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}".`);
  return n;
}

/** Runs the demo command; `argv` is what follows `demo`. Exit 0 ok, 1 failure, 2 usage error. */
export async function runDemoCommand(argv: string[], io: CliIo): Promise<number> {
  let args;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { seed: { type: 'string' }, runs: { type: 'string' }, force: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new UsageError(`${USAGE}.`);
    args = {
      dir: resolve(positionals[0]),
      seed: parseCount(values.seed, '--seed', 0, 2 ** 32 - 1),
      runs: parseCount(values.runs, '--runs', 1, 100_000),
      force: values.force ?? false,
    };
  } catch (err) {
    const usage = err instanceof UsageError ? err : new UsageError(`${(err as Error).message.replace(/\.?$/, '')}; ${USAGE}.`);
    return reportError(io, usage);
  }

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
