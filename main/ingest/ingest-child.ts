/** Child process for tests that need another user (EACCES as root): ingests a folder, prints the result as JSON. */
import { openDb } from '../store/db';
import { ingestCounts, listQuarantine } from '../store/queries';
import { ingestFolder } from './ingest-folder';

const [dbFile, root] = process.argv.slice(2);
const db = openDb(dbFile);
await ingestFolder(db, root, { now: Date.parse('2025-11-01T00:00:00Z') });
process.stdout.write(JSON.stringify({ counts: ingestCounts(db), reasons: listQuarantine(db).items.map((q) => q.reason) }));
db.close();
