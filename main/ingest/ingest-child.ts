/** Child process for tests that need another user (EACCES as root): ingests a folder, prints the result as JSON. */
import { openStore } from '../store';
import { ingestFolder } from './ingest-folder';

const [dbFile, root] = process.argv.slice(2);
const store = openStore(dbFile);
await ingestFolder(store, root, { now: Date.parse('2025-11-01T00:00:00Z') });
process.stdout.write(JSON.stringify({ counts: await store.counts(), reasons: (await store.quarantine.list()).items.map((q) => q.reason) }));
await store.close();
