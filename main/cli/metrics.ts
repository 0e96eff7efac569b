/**
 * `runbrain metrics <dir> show --metric NAME [--project ID] [--last N] [--json]` and
 * `runbrain metrics [<dir>] --list`: one learning metric per project, overall, weekly and broken down.
 */
import { parseArgs } from 'node:util';
import { METRICS, metricSeries, type MetricName } from '../engine/learning';
import { isMetricName, type MetricReport } from '../engine/learning/metrics';
import type { CliCommand } from './command';
import { EXIT, UsageError, type CliIo } from './io';
import { folderArgs, learnFolder } from './learning-common';

const ARGS = '<dir> show --metric NAME [--project ID] [--last N] [--json] | --list';

function fmt(m: MetricReport, v: number | null): string {
  if (v == null) return '–';
  if (m.unit === 'rate') return `${(v * 100).toFixed(1)} %`;
  if (m.unit === 'tokens') return Math.round(v).toLocaleString('en-US');
  return v.toFixed(m.unit === 'score' ? 4 : 2);
}

/** Runs `runbrain metrics` with the arguments after `metrics`; resolves to the exit code. */
export async function runMetricsCommand(argv: string[], io: CliIo, opts: { now?: Date } = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      metric: { type: 'string' }, project: { type: 'string' }, last: { type: 'string' }, json: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false }, db: { type: 'string' }, map: { type: 'string' },
    },
  });
  if (values.list) {
    if (values.json) io.stdout.write(`${JSON.stringify(Object.entries(METRICS).map(([name, m]) => ({ name, ...m })), null, 2)}\n`);
    else for (const [name, m] of Object.entries(METRICS)) io.stdout.write(`${name.padEnd(20)} ${m.description}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 2 || positionals[1] !== 'show') throw new UsageError('metrics needs the run_logs folder and "show" (or --list)', { showUsage: true });
  if (!values.metric) throw new UsageError('--metric NAME is required (runbrain metrics --list names them)', { showUsage: true });
  if (!isMetricName(values.metric)) throw new UsageError(`unknown metric "${values.metric}"; known: ${Object.keys(METRICS).join(', ')}.`);
  const metric: MetricName = values.metric;
  const projects = await learnFolder(folderArgs('metrics', positionals[0], values), opts.now ?? new Date());
  const reports = projects.map((p) => ({ project_id: p.project_id, ...metricSeries(p.result, metric) }));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const r of reports) {
    const ci = r.ci95 ? ` (95 % CI ${fmt(r, r.ci95[0])}–${fmt(r, r.ci95[1])})` : '';
    io.stdout.write(`${r.project_id}: ${metric} = ${fmt(r, r.value)}${ci}${r.n != null ? `, n = ${r.n}` : ''}\n`);
    for (const w of r.weekly) io.stdout.write(`  week ${w.week_start}  ${fmt(r, w.value)}\n`);
    for (const row of r.rows) io.stdout.write(`  ${row.key}  ${fmt(r, row.value)}  (n = ${row.n})\n`);
  }
  return EXIT.ok;
}

export const metricsCommand: CliCommand = {
  name: 'metrics',
  args: ARGS,
  summary: 'one learning metric per project: overall with its interval, weekly, broken down',
  details: `  <dir> show      the run_logs folder, then the word "show"
  --metric NAME   agent_success_rate, qa_pass_rate, gate_failure_rate, avg_retries, override_rate,
                  tokens_per_success, calibration_error, prediction_brier
  --list          list the metric names and what they measure
  --project ID    one project (default: all)
  --last N        only each project's latest N runs
  --json          print the values as JSON
  --db FILE, --map FILE   as for ingest`,
  run: (argv, io) => runMetricsCommand(argv, io),
};
