/** `runbrain tune`: wires the tune command to ingest + analysis (the seed runner's pre-run step). */
import { analyzeProject } from '../core/analysis';
import { projectHealth } from '../core/health';
import { ingestFolder } from '../ingest';
import type { CliIo } from './io';
import { openCliDb } from './open-store';
import { runTune, type TuneAnalyzeOptions, type TuneAnalyzeResult } from './tune';

async function analyze(opts: TuneAnalyzeOptions): Promise<TuneAnalyzeResult> {
  const store = openCliDb(opts.dbPath ?? undefined);
  // runTune keeps using the db for ledger rows with --write, so it is released at exit.
  process.once('exit', () => store.dispose());
  if (opts.logsDir) await ingestFolder(store.db, opts.logsDir, { now: Date.now() });
  // Recovery reverts are recommendations too, so `runbrain tune --write` can apply them.
  const analysis = analyzeProject(store.db, opts.projectId, opts.configPath, opts.tuning, (id) => projectHealth(store.db, id, Date.now()));
  return { recommendations: analysis.recommendations.recommendations, db: store.db };
}

export function runTuneCommand(argv: string[], io: CliIo): Promise<number> {
  return runTune(argv, { stdout: io.stdout, stderr: io.stderr, analyze });
}
