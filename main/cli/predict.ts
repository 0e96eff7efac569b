/**
 * `runbrain predict <dir> --project ID [--mode M] [--strategy S] [--prompt-version V] [--model M]
 * [--recipe R] [--task-type T] [--task-key K] [--json]`: P(pass) and expected cost of a planned
 * run, with intervals and the model's hold-out calibration.
 */
import { parseArgs } from 'node:util';
import { predictRun, type PlannedSettings } from '../engine/learning';
import type { CliCommand } from './command';
import { EXIT, UsageError, type CliIo } from './io';
import { folderArgs, learnFolder } from './learning-common';

const ARGS = '<dir> --project ID [--mode M] [--strategy S] [--prompt-version V] [--model M] [--recipe R] [--task-type T] [--task-key K] [--json]';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const usd = (x: number): string => `$${x.toFixed(x < 1 ? 3 : 2)}`;

/** Runs `runbrain predict` with the arguments after `predict`; resolves to the exit code. */
export async function runPredictCommand(argv: string[], io: CliIo, opts: { now?: Date } = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      project: { type: 'string' }, mode: { type: 'string' }, strategy: { type: 'string' }, 'prompt-version': { type: 'string' },
      model: { type: 'string' }, recipe: { type: 'string' }, 'task-type': { type: 'string' }, 'task-key': { type: 'string' },
      json: { type: 'boolean', default: false }, last: { type: 'string' }, db: { type: 'string' }, map: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'predict needs the run_logs folder' : `predict takes one folder, got ${positionals.length}`, { showUsage: true });
  if (!values.project) throw new UsageError('--project ID is required', { showUsage: true });
  const [p] = await learnFolder(folderArgs('predict', positionals[0], values), opts.now ?? new Date());
  const settings: PlannedSettings = {
    mode: values.mode, prompt_strategy: values.strategy, prompt_version: values['prompt-version'], model: values.model,
    recipe: values.recipe, task_type: values['task-type'], task_key: values['task-key'],
  };
  for (const k of Object.keys(settings) as (keyof PlannedSettings)[]) if (settings[k] === undefined) delete settings[k];
  const prediction = predictRun(p.predictor, settings);
  const doc = { project_id: p.project_id, settings, prediction, calibration: p.result.prediction };
  if (values.json) {
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = p.result.prediction;
  if (prediction.p_pass == null) io.stdout.write(`P(pass): not predicted (${c.reason})\n`);
  else io.stdout.write(`P(pass) = ${pct(prediction.p_pass)} (95 % interval ${pct(prediction.p_pass_ci95![0])}–${pct(prediction.p_pass_ci95![1])}), ${prediction.method}, from ${prediction.based_on_runs} runs\n`);
  if (prediction.cost) {
    const k = prediction.cost;
    io.stdout.write(`cost: median ${usd(k.median_usd)} (95 % CI ${usd(k.median_ci95[0])}–${usd(k.median_ci95[1])}), expected ${usd(k.expected_usd)} per run, one run within ${usd(k.run_pi95[0])}–${usd(k.run_pi95[1])} (95 %)\n`);
  }
  if (prediction.unseen.length) io.stdout.write(`never seen in the logs: ${prediction.unseen.join(', ')} (wider interval)\n`);
  if (c.method !== 'none') io.stdout.write(`calibration: hold-out Brier ${c.brier!.toFixed(4)} vs ${c.baseline_brier!.toFixed(4)} for the base rate, ${c.holdout_n} latest runs\n`);
  return EXIT.ok;
}

export const predictCommand: CliCommand = {
  name: 'predict',
  args: ARGS,
  summary: 'P(pass) and expected cost of a planned run, with intervals and hold-out calibration',
  details: `  <dir>              the run_logs folder (read recursively; nothing in it is changed)
  --project ID       the project (required)
  --mode, --strategy, --prompt-version, --model, --recipe, --task-type, --task-key
                     the planned settings; any left out are unknown
  --json             print { settings, prediction, calibration } as JSON
  --last N           fit on the project's latest N runs only
  --db FILE, --map FILE   as for ingest`,
  run: (argv, io) => runPredictCommand(argv, io),
};
