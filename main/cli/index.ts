/** `runbrain` — the command line. Runs under plain Node; never loads Electron. */
import { allocateCommand } from './allocate';
import { analyzeCommand, ingestCommand } from './analyze';
import { commandHelp, parseArgsProblem, usageLine, wantsHelp, type CliCommand } from './command';
import { demoCommand } from './demo';
import { healthCommand } from './health';
import { EXIT, reportError, UsageError, type CliIo } from './io';
import { metricsCommand } from './metrics';
import { predictCommand } from './predict';
import { reportCommand } from './report';
import { serveCommand } from './serve';
import { templatesCommand } from './templates';
import { trainCommand } from './train';
import { tuneCommand } from './tune-command';
import { VERSION } from './version';

/** Every sub-command, in the order `runbrain --help` lists them. A new command is one entry here. */
const COMMANDS: readonly CliCommand[] = [
  ingestCommand, analyzeCommand, healthCommand, templatesCommand, demoCommand, tuneCommand, serveCommand,
  trainCommand, metricsCommand, reportCommand, predictCommand, allocateCommand,
];

const find = (name: string): CliCommand | undefined => COMMANDS.find((c) => c.name === name);

/** `runbrain --help`: every command's usage line and summary. */
export function cliUsage(): string {
  const commands = COMMANDS.map((c) => `  ${usageLine(c).replace(/^runbrain /, '')}\n      ${c.summary}\n`).join('');
  return (
    `usage: runbrain <command> [options]\n\ncommands:\n${commands}\n` +
    `  help <command>    the options of one command (also: runbrain <command> --help)\n` +
    `  --version         print the version\n\n` +
    `Exit codes: 0 ok, 1 failure, 2 usage error.\n`
  );
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command "${name}"; the commands are ${COMMANDS.map((c) => c.name).join(', ')} (see "runbrain --help").`);
}

/** Prints a usage error of `command`: the sentence, then its usage line and where the options are. */
function reportUsage(io: CliIo, command: CliCommand, message: string): number {
  io.stderr.write(`runbrain ${command.name}: ${message.replace(/\.$/, '')}.\nusage: ${usageLine(command)}\n(see "runbrain help ${command.name}" for the options)\n`);
  return EXIT.usage;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    io.stderr.write(cliUsage());
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h') {
    io.stdout.write(cliUsage());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write(`runbrain ${VERSION}\n`);
    return EXIT.ok;
  }
  if (name === 'help') {
    if (rest.length === 0) {
      io.stdout.write(cliUsage());
      return EXIT.ok;
    }
    const topic = find(rest[0]);
    if (!topic) return reportError(io, unknownCommand(rest[0]));
    io.stdout.write(commandHelp(topic));
    return EXIT.ok;
  }
  const command = find(name);
  if (!command) return reportError(io, unknownCommand(name));
  if (wantsHelp(rest)) {
    io.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for bad flags: those are usage errors.
    const problem = parseArgsProblem(err);
    if (problem) return reportUsage(io, command, problem);
    if (err instanceof UsageError && err.showUsage) return reportUsage(io, command, err.message);
    return reportError(io, err);
  }
}

// Run when executed as the CLI bundle (bin/runbrain.js imports this file and calls runCli).
export default runCli;
