/** The CLI's streams, injected so commands are testable in-process. */
export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Exit codes: 0 ok, 1 failure, 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Bad arguments (exit 2). `showUsage`: the command's usage line follows the sentence. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly showUsage: boolean;
  constructor(message: string, options: { showUsage?: boolean } = {}) {
    super(message);
    this.showUsage = options.showUsage ?? false;
  }
}

/** Prints one clear sentence on stderr and returns the exit code that goes with the error. */
export function reportError(io: CliIo, err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`runbrain: ${message}\n`);
  return err instanceof UsageError ? EXIT.usage : EXIT.failure;
}
