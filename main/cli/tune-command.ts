/** `runbrain tune`: wires the tune command to ingest + analysis (the seed runner's pre-run step). */
import { analyzeProject } from '../core/analysis';
import { projectHealth } from '../core/health';
import { predictRun } from '../engine/learning';
import { ingestFolder } from '../ingest';
import type { CliCommand } from './command';
import type { CliIo } from './io';
import { learnProjectFromStore } from './learning-common';
import { openCliStore } from './open-store';
import { runTune, TUNE_USAGE, type TuneAnalyzeOptions, type TuneAnalyzeResult } from './tune';

async function analyze(opts: TuneAnalyzeOptions): Promise<TuneAnalyzeResult> {
  const { store, dispose } = openCliStore(opts.dbPath ?? undefined);
  // runTune keeps using the ledger with --write, so the store is released at exit.
  process.once('exit', dispose);
  if (opts.logsDir) await ingestFolder(store, opts.logsDir, { now: Date.now() });
  // Recovery reverts are recommendations too, so `runbrain tune --write` can apply them.
  const analysis = await analyzeProject(store, opts.projectId, opts.configPath, opts.tuning, undefined, (id) => projectHealth(store, id, Date.now()));
  const { predictor } = await learnProjectFromStore(store, opts.projectId, new Date());
  const predictPass = (settings: Record<string, string | number | undefined>): string | null => {
    const str = (v: string | number | undefined) => (v == null ? undefined : String(v));
    const p = predictRun(predictor, { mode: str(settings.mode), prompt_strategy: str(settings.prompt_strategy), model: str(settings.model) });
    if (p.p_pass == null || !p.p_pass_ci95) return null;
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    return `predicted P(pass) ${pct(p.p_pass)} (95 % interval ${pct(p.p_pass_ci95[0])}–${pct(p.p_pass_ci95[1])}, ${p.method}, ${p.based_on_runs} runs)`;
  };
  return { recommendations: analysis.recommendations.recommendations, ledger: store.ledger, predictPass };
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

Prints the tuned config as JSON on stdout; on stderr one line per change and the predicted
P(pass) of a run with the tuned settings (docs/learning.md). Only changes that
auto_tune allows (enabled, confidence threshold, apply_safely) are made. A tuning failure prints
the original config and exits 0, so it never stops a run; only usage errors exit 2.`,
  run: runTuneCommand,
};
