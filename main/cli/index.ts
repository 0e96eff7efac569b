/** `runbrain` — the command line. Runs under plain Node; never loads Electron. */
import { runAllocateCommand } from './allocate';
import { runAnalyzeCommand, runIngestCommand } from './analyze';
import { runDemoCommand } from './demo';
import { runHealthCommand } from './health';
import { EXIT, reportError, UsageError, type CliIo } from './io';
import { runServeCommand } from './serve';
import { runTuneCommand } from './tune-command';

const USAGE = `usage: runbrain <command> [options]

commands:
  ingest <dir> [--db FILE] [--map FILE]          ingest run logs, print counts and quarantine reasons
  analyze <dir> [--db FILE] [--map FILE] --json  ingest and print profiles and recommendations
  health <dir> [--db FILE] [--map FILE] [--json] ingest and print each project's health (alerts, baselines)
  demo <dir> [--seed N]                          write realistic demo run_logs
  tune --config FILE --project ID [--logs DIR] [--db FILE] [--write]
                                                 print the auto-tuned config (runner integration)
  allocate <dir> --project ID --factor F [--json] [--db FILE] [--map FILE]
                                                 the split for the next runs of one experiment
  serve [<dir>] [--port N] [--host 127.0.0.1] [--db FILE]
                                                 browser mode: the dashboard on localhost
  templates <file> [--json]                      error templates of a text file, one message a line
`;

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  ingest: runIngestCommand,
  analyze: runAnalyzeCommand,
  health: runHealthCommand,
  demo: runDemoCommand,
  tune: runTuneCommand,
  serve: runServeCommand,
  allocate: runAllocateCommand,
  templates: (argv, io) => import('./templates').then((m) => m.runTemplatesCommand(argv, io)),
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    (command ? io.stdout : io.stderr).write(USAGE);
    return command ? EXIT.ok : EXIT.usage;
  }
  const run = COMMANDS[command];
  if (!run) return reportError(io, new UsageError(`unknown command "${command}"; run "runbrain --help".`));
  try {
    return await run(rest, io);
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for bad flags: those are usage errors.
    const code = (err as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) return reportError(io, new UsageError((err as Error).message));
    return reportError(io, err);
  }
}

// Run when executed as the CLI bundle (bin/runbrain.js imports this file and calls runCli).
export default runCli;
