/** Child process for the crash-recovery test: ingests a folder, printing progress, until killed. */
import { openStore } from '../store';
import { ingestFolder } from './ingest-folder';

const [dbFile, root] = process.argv.slice(2);
const store = openStore(dbFile);
await ingestFolder(store, root, {
  now: Date.parse('2025-11-01T00:00:00Z'),
  onProgress: (p) => {
    if (p.runs_done > 0) process.stdout.write(`progress ${p.runs_done}\n`);
  },
});
process.stdout.write('done\n');
