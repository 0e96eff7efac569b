// Figures that unit tests used to assert as timings or memory and now leave to the bench:
// the peak memory of ingesting a file with one 200 MB line, and how long the core worker takes
// to close. Phases run in their own child process (see phases.mjs); the report adds rows.
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const src = (p) => new URL(`../${p}`, import.meta.url).href;

export const HYGIENE_TARGETS = { hugeLineRssMb: 400, coreCloseMs: 4000 };

const runLine = (id) =>
  JSON.stringify({ run_id: id, project_id: 'huge', started_at: '2025-10-01T10:00:00Z', total_cost_usd: 1, mode: '2loop', qa_status: 'passed' });

/** Ingests a JSONL file whose middle line is 200 MB: it must be skipped without being held. */
async function hugeLinePhase(args) {
  const { openStore } = await import(src('main/store/index.ts'));
  const { ingestFolder } = await import(src('main/ingest/index.ts'));
  rmSync(args.folder, { recursive: true, force: true });
  mkdirSync(join(args.folder, 'huge'), { recursive: true });
  const fd = openSync(join(args.folder, 'huge', 'runs.jsonl'), 'w');
  writeSync(fd, `${runLine('before')}\n{"run_id": "big", "blob": "`);
  const block = Buffer.alloc(8 * 1024 * 1024, 0x61);
  for (let i = 0; i < 25; i++) writeSync(fd, block);
  writeSync(fd, `"}\n${runLine('after')}\n`);
  closeSync(fd);
  for (const s of ['', '-wal', '-shm']) rmSync(args.db + s, { force: true });
  const store = openStore(args.db);
  const rss0 = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  await ingestFolder(store, args.folder, { now: Date.now() });
  const seconds = (performance.now() - t0) / 1000;
  const { runs, quarantined } = await store.counts();
  await store.close();
  rmSync(args.folder, { recursive: true, force: true });
  return { available: true, seconds, runs, quarantined, rss_before_mb: rss0 };
}

/** Starts the core worker on the demo folder, waits until it watches, then times close(). */
async function coreClosePhase(args) {
  const { startCoreWorker } = await import(src('main/core/worker-client.ts'));
  const { generateDemo } = await import(src('main/demo/generate-demo.ts'));
  rmSync(args.base, { recursive: true, force: true });
  const logs = join(args.base, 'logs');
  generateDemo(logs, { seed: 5, now: Date.parse('2026-11-20T12:00:00Z') });
  let warned = false;
  const warn = console.warn;
  console.warn = (...a) => {
    warned = true;
    warn(...a);
  };
  const core = await startCoreWorker({ dbPath: join(args.base, 'data', 'rb.db'), dataDir: join(args.base, 'data'), host: 'test', folders: [logs] });
  await new Promise((resolve) => core.subscribe((e) => e.type === 'ingest-progress' && e.progress.phase === 'watching' && resolve()));
  const t0 = performance.now();
  await core.close();
  const closeMs = performance.now() - t0;
  console.warn = warn;
  rmSync(args.base, { recursive: true, force: true });
  return { available: true, close_ms: closeMs, terminated: warned };
}

export const HYGIENE_PHASES = { 'huge-line': hugeLinePhase, 'core-close': coreClosePhase };

/** Arguments of the phases, under the bench's scratch folder. */
export const hygieneArgs = (tmp) => ({
  'huge-line': { folder: join(tmp, 'huge-line'), db: join(tmp, 'huge-line.db') },
  'core-close': { base: join(tmp, 'core-close') },
});

/** Adds the rows and verdicts of these phases to the report. */
export function reportHygiene(R, rows, verdict, num) {
  const h = R('huge-line');
  const hugeTarget = `peak RSS < ${HYGIENE_TARGETS.hugeLineRssMb} MB`;
  if (h.available) {
    const ok = h.runs === 2 && h.quarantined === 1;
    rows.push(['JSONL file with one 200 MB line', `${num(h.seconds, 2)} s, peak RSS ${num(h.max_rss_mb, 0)} MB; ${h.runs} runs kept, ${h.quarantined} line skipped`, '', '', '', hugeTarget]);
    verdict(`200 MB line: ${hugeTarget}, the other runs kept`, ok && h.max_rss_mb < HYGIENE_TARGETS.hugeLineRssMb, `${num(h.max_rss_mb, 0)} MB, ${h.runs}/2 runs`);
  } else {
    rows.push(['JSONL file with one 200 MB line', `not available: ${h.reason}`, '', '', '', hugeTarget]);
    verdict(`200 MB line: ${hugeTarget}`, null, h.reason);
  }
  const c = R('core-close');
  const closeTarget = `< ${HYGIENE_TARGETS.coreCloseMs} ms, not terminated`;
  if (c.available) {
    rows.push(['core worker close (demo folder watched)', `${num(c.close_ms, 0)} ms${c.terminated ? ' (terminated after the grace period)' : ''}`, '', '', '', closeTarget]);
    verdict(`core close ${closeTarget}`, c.close_ms < HYGIENE_TARGETS.coreCloseMs && !c.terminated, `${num(c.close_ms, 0)} ms`);
  } else {
    rows.push(['core worker close', `not available: ${c.reason}`, '', '', '', closeTarget]);
    verdict(`core close ${closeTarget}`, null, c.reason);
  }
}
