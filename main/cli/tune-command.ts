/** `runbrain tune`: wires the tune command to ingest + analysis (the seed runner's pre-run step). */
import { analyzeProject } from '../core/analysis';
import { ingestFolder } from '../ingest';
import type { CliCommand } from './command';
import type { CliIo } from './io';
import { openCliDb } from './open-store';
import { runTune, TUNE_USAGE, type TuneAnalyzeOptions, type TuneAnalyzeResult } from './tune';

async function analyze(opts: TuneAnalyzeOptions): Promise<TuneAnalyzeResult> {
  const store = openCliDb(opts.dbPath ?? undefined);
  // runTune keeps using the db for ledger rows with --write, so it is released at exit.
  process.once('exit', () => store.dispose());
  if (opts.logsDir) await ingestFolder(store.db, opts.logsDir, { now: Date.now() });
  const analysis = analyzeProject(store.db, opts.projectId, opts.configPath, opts.tuning);
  return { recommendations: analysis.recommendations.recommendations, db: store.db };
}

export function runTuneCommand(argv: string[], io: CliIo): Promise<number> {
  return runTune(argv, { stdout: io.stdout, stderr: io.stderr, analyze });
}

export const tuneCommand: CliCommand = {
  name: 'tune',
  args: TUNE_USAGE.replace(/^runbrain tune /, ''),
  summary: "print the project's config with the eligible recommendations applied (the runner's pre-run step)",
  details: `  --config FILE   the project_config.json to tune (JSONC; comments are kept with --write)
  --project ID    the project whose section and runs are used
  --logs DIR      run_logs folder to ingest first
  --db FILE       the database with the project's runs (and the ledger, with --write); without
                  it a temporary database is used, so pass --logs
  --write         also save the tuned config (atomic, with a backup and a ledger entry)

Prints the tuned config as JSON on stdout and one line per change on stderr. Only changes that
auto_tune allows (enabled, confidence threshold, apply_safely) are made. A tuning failure prints
the original config and exits 0, so it never stops a run; only usage errors exit 2.`,
  run: runTuneCommand,
};
