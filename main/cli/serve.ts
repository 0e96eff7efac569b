/**
 * `runbrain serve [<run_logs>] [--port N] [--host 127.0.0.1] [--db FILE] [--no-open]`: browser
 * mode. The core runs in a worker thread, the renderer and the operations are served on loopback.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/data-dir';
import type { CoreOptions } from '../core/create-core';
import type { CoreConnection } from '../core/types';
import { startCoreWorker } from '../core/worker-client';
import { startHttpBridge, type HttpBridge } from '../server/http-bridge';
import { isLoopbackHost } from '../server/request-guards';
import type { CliCommand } from './command';
import { EXIT, UsageError, type CliIo } from './io';

export interface ServeOptions {
  /** Stops the server when aborted (tests); SIGINT/SIGTERM always do. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** The built renderer; default found next to the built CLI. */
  staticDir?: string;
  /** Called once the server listens (tests read the URL here). */
  onListening?: (bridge: HttpBridge) => void;
  /** How the core is started; default a worker thread (tests may run it in-process). */
  startCore?: (options: CoreOptions) => Promise<CoreConnection>;
}

interface ServeArgs {
  folder: string | null;
  port: number;
  host: string;
  db: string | null;
  open: boolean;
}

/** Parses and checks the arguments; throws UsageError with one clear sentence. */
export function parseServeArgs(argv: string[]): ServeArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      open: { type: 'boolean' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`serve takes at most one folder, got ${positionals.length}`, { showUsage: true });
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port ?? '') || port > 65_535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}".`);
  if (!isLoopbackHost(values.host ?? '')) {
    throw new UsageError(`--host must be a loopback address (127.0.0.1, ::1 or localhost): browser mode never listens on a network.`);
  }
  let folder: string | null = null;
  if (positionals[0] !== undefined) {
    folder = resolve(positionals[0]);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${folder} is not a folder.`);
  }
  return { folder, port, host: values.host ?? '127.0.0.1', db: values.db ? resolve(values.db) : null, open: values.open ?? true };
}

/**
 * The built renderer. The CLI is bundled to out/main/cli.js, so it sits at ../renderer; from the
 * sources (tsx, tests) it is out/renderer at the repository root.
 */
export function findRendererDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '..', 'renderer'), resolve(here, '..', '..', 'out', 'renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/** Opens the URL in the default browser; failures are harmless because the URL is printed. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener on this machine: the printed URL is enough.
  }
}

/** Resolves on the first of SIGINT, SIGTERM or the abort signal; `dispose` removes the listeners. */
function untilStopped(signal?: AbortSignal): { stopped: Promise<string>; dispose: () => void } {
  let done: (why: string) => void = () => undefined;
  const stopped = new Promise<string>((resolveStop) => (done = resolveStop));
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  const onAbort = () => stop('abort');
  const dispose = () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    signal?.removeEventListener('abort', onAbort);
  };
  const stop = (why: string) => {
    dispose();
    done(why);
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  if (signal?.aborted) stop('abort');
  else signal?.addEventListener('abort', onAbort);
  return { stopped, dispose };
}

/** Runs browser mode until SIGINT/SIGTERM; returns the exit code. */
export async function runServeCommand(argv: string[], io: CliIo, options: ServeOptions = {}): Promise<number> {
  const args = parseServeArgs(argv);
  const staticDir = options.staticDir ?? findRendererDir();
  if (!staticDir || !existsSync(join(staticDir, 'index.html'))) {
    throw new Error('The dashboard is not built yet (out/renderer/index.html is missing); run "npm run build" first.');
  }
  const dataDir = defaultDataDir(options.env ?? process.env);
  mkdirSync(dataDir, { recursive: true });
  const dbPath = args.db ?? join(dataDir, 'runbrain.db');
  mkdirSync(dirname(dbPath), { recursive: true });

  // Listen for signals from the start: a Ctrl+C during startup must still shut down cleanly.
  const { stopped, dispose } = untilStopped(options.signal);
  let core: CoreConnection | null = null;
  let bridge: HttpBridge | null = null;
  try {
    core = await (options.startCore ?? startCoreWorker)({ dbPath, dataDir, host: 'browser', folders: args.folder ? [args.folder] : [] });
    bridge = await startHttpBridge({ core, staticDir, host: args.host, port: args.port, log: (line) => io.stderr.write(`${line}\n`) });
    io.stdout.write(`RunBrain is running at ${bridge.url}\n`);
    io.stdout.write(`Database: ${dbPath}${args.folder ? `\nWatching: ${args.folder}` : ''}\nPress Ctrl+C to stop.\n`);
    options.onListening?.(bridge);
    // Only an interactive terminal gets a browser tab; scripts and CI read the printed URL.
    if (args.open && process.stdout.isTTY && !(options.env ?? process.env).CI) openBrowser(bridge.url);
    await stopped;
    io.stdout.write('Stopping RunBrain…\n');
    return EXIT.ok;
  } finally {
    dispose();
    await bridge?.close();
    await core?.close();
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  args: '[<dir>] [--port N] [--host 127.0.0.1] [--db FILE] [--no-open]',
  summary: 'browser mode: the dashboard on http://127.0.0.1, with a per-launch token in the printed URL',
  details: `  <dir>        a run_logs folder to watch (added to the remembered folders)
  --port N     port to listen on, 0 to 65535 (default 0: any free port)
  --host H     loopback address to listen on: 127.0.0.1 (default), ::1 or localhost
  --db FILE    the database (default: runbrain.db in the data folder, RUNBRAIN_DATA_DIR)
  --no-open    do not open a browser tab (none is opened without a terminal or under CI)

Runs until Ctrl+C (SIGINT) or SIGTERM.`,
  run: (argv, io) => runServeCommand(argv, io),
};
