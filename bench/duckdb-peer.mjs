// The peer of "time to the first profile" (issue 7 §6): DuckDB pointed straight at the JSONL
// folder, computing the profile's per-mode numbers (count, mean, median, min, max cost, pass
// rate) one-shot. @duckdb/node-api is not a dependency of RunBrain: the bench installs it on
// demand into a temporary folder (npm's own cache is reused) and skips with the reason when it
// cannot be installed (offline, no prebuilt binary for this platform).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const PKG = '@duckdb/node-api';
const DIR = join(tmpdir(), 'runbrain-bench-duckdb');

/** Imports DuckDB's Node API from the bench's own temporary install, installing it first when missing. */
async function loadDuckDb(log) {
  const entry = join(DIR, 'node_modules', '@duckdb', 'node-api');
  if (!existsSync(join(entry, 'package.json'))) {
    mkdirSync(DIR, { recursive: true });
    log(`installing ${PKG} into ${DIR} (not a RunBrain dependency; for the peer comparison only) …`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', DIR, PKG], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  }
  const pkg = JSON.parse((await import('node:fs')).readFileSync(join(entry, 'package.json'), 'utf8'));
  const main = pkg.exports?.['.']?.import ?? pkg.exports?.['.']?.default ?? pkg.exports?.['.'] ?? pkg.main ?? 'index.js';
  return { mod: await import(pathToFileURL(join(entry, typeof main === 'string' ? main : main.default)).href), version: pkg.version };
}

/** The per-mode profile straight from the JSONL files, one-shot (fresh in-memory database), with its wall and CPU time. */
export async function duckdbProfile(root, log = () => {}) {
  let duck;
  try {
    duck = await loadDuckDb(log);
  } catch (err) {
    return { available: false, reason: `${PKG} could not be installed or loaded (${String(err?.stderr ?? err?.message ?? err).split('\n').find((l) => l.trim()) ?? 'unknown error'}); DuckDB peer skipped` };
  }
  const { DuckDBInstance } = duck.mod;
  const glob = join(root, '**', '*.jsonl').replaceAll("'", "''");
  const sql = `SELECT mode, count(*) AS runs, avg(total_cost_usd) AS mean_cost, median(total_cost_usd) AS median_cost,
      min(total_cost_usd) AS min_cost, max(total_cost_usd) AS max_cost, avg(CASE WHEN qa_status = 'passed' THEN 1.0 ELSE 0.0 END) AS pass_rate
    FROM read_json('${glob}', format = 'newline_delimited', columns = {mode: 'VARCHAR', total_cost_usd: 'DOUBLE', qa_status: 'VARCHAR'})
    GROUP BY mode ORDER BY mode`;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(sql);
  const rows = reader.getRowObjectsJson ? reader.getRowObjectsJson() : reader.getRowObjects();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { available: true, version: duck.version, seconds, cpu_s: (c.user + c.system) / 1e6, modes: rows.length, runs: rows.reduce((a, r) => a + Number(r.runs), 0) };
}
