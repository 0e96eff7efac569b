// Adds lock entries for rollup's platform packages that this machine's registry mirror does not
// serve, so `npm ci` sees package.json and the lock in sync. npm skips them on other platforms.
import fs from 'node:fs';

const file = process.argv[2];
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const rollup = lock.packages['node_modules/rollup'];
let added = 0;
for (const [name, version] of Object.entries(rollup.optionalDependencies)) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const parts = name.replace('@rollup/rollup-', '').split('-');
  const os = parts[0];
  const cpu = parts[1];
  const abi = parts[2];
  // Keys in the order npm itself writes them, so a later `npm install` leaves the file as it is.
  const libc = os === 'linux' && abi ? { libc: [abi.startsWith('musl') ? 'musl' : 'glibc'] } : {};
  lock.packages[key] = { version, cpu: [cpu], dev: true, ...libc, license: 'MIT', optional: true, os: [os] };
  added++;
}
// Keep keys sorted as npm writes them.
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} entries`);
