/**
 * `runbrain allocate <dir> --project ID --factor F [--json]`: the split for the next runs of one
 * experiment — Thompson sampling on the primary metric's posterior, top-two Thompson and the seed's
 * ε-greedy beside it — for a runner to read.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TUNING } from '../../shared/domain';
import { analyzeProject } from '../core/analysis';
import { resolveConfigPath } from '../core/config-link';
import { projectExperiments } from '../core/experiments';
import { ingestFolder } from '../ingest';
import type { CliCommand } from './command';
import { EXIT, UsageError, type CliIo } from './io';
import { openCliStore } from './open-store';

const ARGS = '<dir> --project ID --factor F [--json] [--db FILE] [--map FILE]';
const USAGE = `usage: runbrain allocate ${ARGS}`;

export interface AllocationDocument {
  project_id: string;
  factor: string;
  control: string;
  primary_metric: string;
  status: string;
  /** value → share of the next runs (Thompson sampling). */
  allocation: Record<string, number>;
  allocation_top_two: Record<string, number>;
  allocation_epsilon_greedy: Record<string, number>;
  runs: Record<string, number>;
  warnings: string[];
}

export async function runAllocateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      project: { type: 'string' }, factor: { type: 'string' }, json: { type: 'boolean', default: false },
      db: { type: 'string' }, map: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || !values.project || !values.factor) throw new UsageError(USAGE);
  const dir = resolve(positionals[0]);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder.`);
  if (values.map && !existsSync(values.map)) throw new UsageError(`mapping file ${values.map} does not exist.`);
  const { store, dispose } = openCliStore(values.db);
  try {
    await ingestFolder(store, dir, { mapFile: values.map ? resolve(values.map) : undefined, now: Date.now() });
    const projects = await store.aggregates.projectIds();
    if (!projects.includes(values.project)) {
      throw new UsageError(`project "${values.project}" has no runs in ${dir} (projects: ${projects.join(', ') || 'none'}).`);
    }
    const analysis = await analyzeProject(store, values.project, await resolveConfigPath(store.configLinks, values.project, {}), DEFAULT_TUNING);
    const e = (await projectExperiments(store, values.project, analysis, [values.factor])).experiments[0];
    if (!e) throw new UsageError(`factor "${values.factor}" has fewer than 2 values in project "${values.project}": nothing to allocate.`);
    const doc: AllocationDocument = {
      project_id: values.project, factor: e.factor, control: e.control, primary_metric: e.primary_metric, status: e.status,
      allocation: e.allocation, allocation_top_two: e.allocation_top_two, allocation_epsilon_greedy: e.allocation_epsilon_greedy,
      runs: Object.fromEntries(e.variants.map((v) => [v.value, v.n])), warnings: e.warnings.map((w) => w.message),
    };
    if (values.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    else {
      const pct = (x: number | undefined): string => `${((x ?? 0) * 100).toFixed(1)} %`.padStart(7);
      io.stdout.write(`${doc.project_id} · ${doc.factor} (control ${doc.control}, ${doc.primary_metric}, ${doc.status})\n`);
      io.stdout.write(`${'value'.padEnd(24)} ${'runs'.padStart(6)} ${'thompson'.padStart(8)} ${'top-two'.padStart(8)} ${'ε-greedy'.padStart(8)}\n`);
      for (const v of Object.keys(doc.allocation)) {
        io.stdout.write(`${v.padEnd(24)} ${String(doc.runs[v]).padStart(6)} ${pct(doc.allocation[v])}  ${pct(doc.allocation_top_two[v])}  ${pct(doc.allocation_epsilon_greedy[v])}\n`);
      }
      for (const w of doc.warnings) io.stdout.write(`  warning: ${w}\n`);
    }
    return EXIT.ok;
  } finally {
    await dispose();
  }
}

export const allocateCommand: CliCommand = {
  name: 'allocate',
  args: ARGS,
  summary: 'ingest, then print the split for the next runs of one experiment (Thompson sampling, top-two, ε-greedy)',
  details: `  <dir>         the run_logs folder (read recursively; nothing in it is changed)
  --project ID  the project
  --factor F    the experiment's factor: mode, prompt_strategy, model, prompt_version or recipe
  --json        print { project_id, factor, control, primary_metric, status, allocation,
                allocation_top_two, allocation_epsilon_greedy, runs, warnings } (docs/analyze-json.md)
  --db FILE     the SQLite database to ingest into and keep; without it a temporary one is used
  --map FILE    a mapping file for field names RunBrain does not know (docs/run-log-format.md)`,
  run: runAllocateCommand,
};
