// `npm run serve` / `npm run runbrain` / `npm run demo-data`: builds when needed, then runs the
// runbrain CLI in this very process, so no extra `node … serve` child is left behind.
//
// npm starts scripts through a shell (npm → sh → this node). Stopping npm by its PID
// (`kill <npm pid>`) makes npm pass SIGTERM to the shell only, which dies without passing it
// on: the server would keep answering. So when started by npm we watch our parent (the shell)
// and its parent (npm); once either is gone we stop as if we had been sent SIGTERM ourselves.
// (Ctrl+C in a terminal already reaches every process of the foreground group.)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const WATCH_MS = 500;

function parentOf(pid) {
  try {
    // Linux: field 4 of /proc/<pid>/stat, after the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    try {
      return Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    } catch {
      return 0;
    }
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function exitWithAncestors() {
  if (process.platform === 'win32') return;
  const parent = process.ppid;
  const ancestors = [parent];
  // Started by npm through a shell: npm itself is the shell's parent.
  if (process.env.npm_lifecycle_event) {
    const grand = parentOf(parent);
    if (grand > 1) ancestors.push(grand);
  }
  const timer = setInterval(() => {
    if (process.ppid === parent && ancestors.every(alive)) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, WATCH_MS);
  timer.unref();
}

await import(pathToFileURL(join(root, 'scripts', 'ensure-built.mjs')).href);
exitWithAncestors();
const bin = join(root, 'bin', 'runbrain.js');
process.argv = [process.argv[0], bin, ...process.argv.slice(2)];
await import(pathToFileURL(bin).href);
