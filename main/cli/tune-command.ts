/** `runbrain tune`: wires the tune command to ingest + analysis (the seed runner's pre-run step). */
import { analyzeProject } from '../core/analysis';
import { ingestFolder } from '../ingest';
import type { CliIo } from './io';
import { openCliStore } from './open-store';
import { runTune, type TuneAnalyzeOptions, type TuneAnalyzeResult } from './tune';

async function analyze(opts: TuneAnalyzeOptions): Promise<TuneAnalyzeResult> {
  const { store, dispose } = openCliStore(opts.dbPath ?? undefined);
  // runTune keeps using the ledger with --write, so the store is released at exit.
  process.once('exit', dispose);
  if (opts.logsDir) await ingestFolder(store, opts.logsDir, { now: Date.now() });
  const analysis = analyzeProject(store, opts.projectId, opts.configPath, opts.tuning);
  return { recommendations: analysis.recommendations.recommendations, ledger: store.ledger };
}

export function runTuneCommand(argv: string[], io: CliIo): Promise<number> {
  return runTune(argv, { stdout: io.stdout, stderr: io.stderr, analyze });
}
