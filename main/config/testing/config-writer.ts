/**
 * A second writer process for the config-write tests (run with `node --import tsx`):
 *   hold <file> <ms> [<text>]   takes the file's advisory lock, prints "locked", waits <ms>,
 *                               optionally replaces the file with <text>, releases, exits 0
 *   write <file> <text>         writeFileAtomic(<file>, <text>); prints the error and exits 3 on refusal
 *   count <file> <n>            n times: under the lock, read {"counter": k} and write k + 1
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-write';
import { withConfigLock } from '../config-lock';

const [cmd, file, arg, text] = process.argv.slice(2);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

if (cmd === 'hold') {
  withConfigLock(file, () => {
    process.stdout.write('locked\n');
    Atomics.wait(sleeper, 0, 0, Number(arg));
    if (text !== undefined) writeFileAtomic(file, Buffer.from(text));
  });
} else if (cmd === 'write') {
  try {
    writeFileAtomic(file, Buffer.from(arg));
  } catch (e) {
    process.stdout.write(`${(e as Error).name}: ${(e as Error).message}\n`);
    process.exit(3);
  }
} else if (cmd === 'count') {
  for (let i = 0; i < Number(arg); i++) {
    withConfigLock(file, () => {
      const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      json.counter = Number(json.counter ?? 0) + 1;
      writeFileAtomic(file, Buffer.from(`${JSON.stringify(json, null, 2)}\n`));
    });
  }
} else {
  process.stderr.write(`unknown command ${cmd}\n`);
  process.exit(2);
}
