#!/usr/bin/env node
// The `runbrain` command. Loads the built CLI (npm run build); the CLI never loads Electron.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('runbrain: RunBrain is not built yet; run "npm run build" first.\n');
  process.exit(1);
}
// A closed pipe (`runbrain analyze … | head`) is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { runCli } = await import(pathToFileURL(cli).href);
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
// serve keeps running until a signal; every other command exits with its code.
if (code !== undefined && code !== null) process.exitCode = code;
