/**
 * What a `runbrain` sub-command is: its usage, its help text and its entry point. index.ts keeps
 * the table of them; `--help`, `help <command>`, the command list and usage errors are all
 * generated from these entries, so a new command is one file exporting a CliCommand plus one
 * line in that table.
 */
import type { CliIo } from './io';

export interface CliCommand {
  name: string;
  /** What follows the name in the usage line, e.g. `<dir> [--db FILE] [--map FILE]`. */
  args: string;
  /** One line for the command list of `runbrain --help`. */
  summary: string;
  /** `runbrain help <name>`: the options (`  --flag VALUE   meaning`, one per line) and notes. */
  details: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** `runbrain <name> <args>`. */
export const usageLine = (c: CliCommand): string => `runbrain ${c.name} ${c.args}`.trimEnd();

/** The full help of one command. */
export const commandHelp = (c: CliCommand): string => `usage: ${usageLine(c)}\n\n${c.summary}\n\n${c.details.trimEnd()}\n`;

/** True when the arguments ask for help (`--help` or `-h` before a `--` separator). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

const quoted = (message: string): string => /'([^']+)'/.exec(message)?.[1] ?? '';

/**
 * One sentence for an error thrown by node:util parseArgs (its own messages quote oddly and, for
 * an unknown option, end in a half-quoted hint); null for any other error.
 */
export function parseArgsProblem(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return null;
  const message = (err as Error).message;
  const option = quoted(message).replace(/ <value>$/, '');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${option}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return `${option} takes no value`;
      if (/ambiguous/.test(message)) return `${option} needs a value, not another option (write ${option}=VALUE for a value that starts with "-")`;
      return `${option} needs a value`;
    default:
      return message.split('\n')[0].replace(/\.$/, '');
  }
}
