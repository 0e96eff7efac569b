// The floor: what reading the same bytes costs with nothing but JSON.parse, plus a bare prepared
// insert of the same rows into a fresh WAL database in one transaction. RunBrain's ingest is
// judged as a ratio to this, measured in the same run on the same machine.
import Database from 'better-sqlite3';
import { closeSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const FLOOR_COLUMNS = [
  'run_id', 'project_id', 'started_at', 'ended_at', 'duration_s', 'mode', 'prompt_strategy', 'prompt_version',
  'model', 'recipe', 'max_rounds', 'rounds_completed', 'max_cost_usd', 'total_cost_usd', 'tokens_in', 'tokens_out',
  'qa_status', 'status',
];

/** Every file under `root` whose name matches `re`, depth-first, sorted per folder. */
export function listFiles(root, re) {
  const out = [];
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (re.test(e.name)) out.push(p);
    }
  };
  walk(root);
  return out;
}

/** Calls `onLine(text)` for each line of each JSONL file: 4 MiB reads split by hand (the fastest way measured here). */
export function eachJsonlLine(files, onLine) {
  const buf = Buffer.allocUnsafe(4 << 20);
  for (const file of files) {
    const fd = openSync(file, 'r');
    let carry = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = carry + buf.toString('utf8', 0, n);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        if (nl > start) onLine(text.slice(start, nl));
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    if (carry) onLine(carry);
    closeSync(fd);
  }
}

function freshDb(file, withRaw) {
  rmSync(file, { force: true });
  rmSync(file + '-wal', { force: true });
  rmSync(file + '-shm', { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const cols = [...FLOOR_COLUMNS, ...(withRaw ? ['raw'] : [])];
  db.exec(`CREATE TABLE runs (id INTEGER PRIMARY KEY, ${cols.join(', ')})`);
  const insert = db.prepare(`INSERT INTO runs (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  return { db, insert };
}

const rowOf = (r) => FLOOR_COLUMNS.map((c) => r[c] ?? null);

/** Wall and CPU seconds of `fn` (CPU time is what other processes on a busy machine cannot steal). */
export function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const s = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, s, cpu_s: (c.user + c.system) / 1e6 };
}

/** The notes' SQL floor: GROUP BY project, mode with COUNT/AVG/MIN/MAX over the narrow table (ms, 3 tries). */
function groupByMs(db, project) {
  const q = db.prepare('SELECT project_id, mode, COUNT(*), AVG(total_cost_usd), MIN(total_cost_usd), MAX(total_cost_usd), AVG(rounds_completed) FROM runs WHERE project_id = ? GROUP BY project_id, mode');
  return [0, 1, 2].map(() => timed(() => q.all(project)).s * 1000);
}

/** Parse-only and parse+insert timings of the JSONL data set, and the GROUP BY floor on the narrow table. */
export function floorJsonl(root, dbFile, project) {
  const files = listFiles(root, /\.jsonl$/);
  let n = 0;
  const parse = timed(() => eachJsonlLine(files, (line) => {
    JSON.parse(line);
    n++;
  }));
  const result = { runs: n, parse_s: parse.s, parse_cpu_s: parse.cpu_s };
  for (const withRaw of [false, true]) {
    const { db, insert } = freshDb(dbFile, withRaw);
    const t = timed(() => db.transaction(() => {
      eachJsonlLine(files, (line) => {
        const row = rowOf(JSON.parse(line));
        if (withRaw) row.push(line);
        insert.run(row);
      });
    })());
    if (withRaw) Object.assign(result, { floor_raw_s: t.s, floor_raw_cpu_s: t.cpu_s });
    else Object.assign(result, { floor_s: t.s, floor_cpu_s: t.cpu_s, groupby_narrow_ms: groupByMs(db, project) });
    db.close();
  }
  rmSync(dbFile, { force: true });
  return result;
}

/** Walk + readFileSync + JSON.parse + insert of the per-run file data set. */
export function floorFiles(root, dbFile) {
  const walk = timed(() => listFiles(root, /\.json$/));
  const parse = timed(() => {
    for (const f of walk.value) JSON.parse(readFileSync(f, 'utf8'));
  });
  const result = { runs: walk.value.length, walk_s: walk.s, parse_s: parse.s, parse_cpu_s: parse.cpu_s };
  for (const withRaw of [false, true]) {
    const { db, insert } = freshDb(dbFile, withRaw);
    const t = timed(() => db.transaction(() => {
      for (const f of listFiles(root, /\.json$/)) {
        const text = readFileSync(f, 'utf8');
        const row = rowOf(JSON.parse(text));
        if (withRaw) row.push(text);
        insert.run(row);
      }
    })());
    db.close();
    if (withRaw) Object.assign(result, { floor_raw_s: t.s, floor_raw_cpu_s: t.cpu_s });
    else Object.assign(result, { floor_s: t.s, floor_cpu_s: t.cpu_s });
  }
  rmSync(dbFile, { force: true });
  return result;
}
