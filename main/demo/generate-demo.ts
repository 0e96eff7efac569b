/**
 * Writes a realistic demo run_logs folder: several projects, each built so one finding stands
 * out (see scenarios.ts and docs/demo-data.md), in the mix of file shapes real folders have,
 * with a few broken files. Deterministic for a given seed and `now`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { childSeed, createRng, type Rng } from './random';
import { buildRun, type DemoRun } from './run-builder';
import { BUILT_PROJECTS } from './experiment-projects';
import { SCENARIOS, type Scenario } from './scenarios';
import { aliased, binaryGarbage, gateEventLines, projectConfigText } from './shapes';

export interface DemoOptions {
  seed?: number;
  /** Number of projects (1–7, classic five first; default all 7). */
  projects?: number;
  /** Runs per project; default varies by project between 330 and 540. */
  runsPerProject?: number;
  /** Epoch ms the history ends at; default Date.now(). */
  now?: number;
}

export interface DemoResult {
  /** Files written, broken ones and the config included. */
  files: number;
  /** Valid runs written (what an ingest should store). */
  runs: number;
  projects: string[];
  /** Records that an ingest must quarantine: 2 broken files and 2 bad lines. */
  broken: number;
}

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 84;

/** Writes the demo folder under `dir` and says what it wrote. */
export function generateDemo(dir: string, opts: DemoOptions = {}): DemoResult {
  const seed = opts.seed ?? 42;
  const now = opts.now ?? Date.now();
  const total = SCENARIOS.length + BUILT_PROJECTS.length;
  const count = Math.max(1, Math.min(total, opts.projects ?? total));
  const scenarios = SCENARIOS.slice(0, count);
  const built = BUILT_PROJECTS.slice(0, Math.max(0, count - SCENARIOS.length));
  const out = new Writer(dir);
  let runs = 0;
  let broken = 0;

  for (const sc of scenarios) {
    const rng = createRng(childSeed(seed, sc.id));
    const n = Math.max(1, Math.floor(opts.runsPerProject ?? sc.runs));
    const history = startTimes(rng, n, now).map((startedMs, i) => buildRun(sc, { rng, startedMs, now, seq: i + 1 }));
    runs += history.length;
    broken += writeProject(out, sc, history, rng);
  }
  for (const bp of built) {
    const rng = createRng(childSeed(seed, bp.id));
    const history = bp.build(rng, Math.max(1, Math.floor(opts.runsPerProject ?? bp.runs)), now);
    runs += history.length;
    writeSplit(out, bp.id, history);
  }
  const described = [...scenarios, ...built];
  out.text('project_config.json', projectConfigText(described));
  out.text('README.md', readme(seed, now, described));
  return { files: out.files, runs, projects: described.map((s) => s.id), broken };
}

/** Start times over the last 12 weeks: weekdays busier than weekends, mostly working hours (UTC). */
function startTimes(rng: Rng, n: number, now: number): number[] {
  const times: number[] = [];
  while (times.length < n) {
    const t = now - rng.next() * HISTORY_DAYS * DAY_MS;
    const d = new Date(t);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const hour = d.getUTCHours();
    const p = (weekend ? 0.25 : 1) * (hour >= 7 && hour < 20 ? 1 : 0.15);
    if (t < now - 120_000 && rng.chance(p)) times.push(Math.floor(t / 1000) * 1000);
  }
  return times.sort((a, b) => a - b);
}

/** Splits a project's history over its file shapes; returns how many broken records it wrote. */
function writeProject(out: Writer, sc: Scenario, history: DemoRun[], rng: Rng): number {
  const a = Math.floor(history.length * 0.25);
  const b = Math.floor(history.length * 0.7);
  const archive = history.slice(0, a);
  const recent = history.slice(a, b);
  const perRun = history.slice(b);
  const p = sc.id;
  let broken = 0;

  // Oldest quarter: an export made when the project rotated its logs.
  if (sc.id === 'mobile_app') out.json(`${p}/archive/runs_export.json`, { exported_at: archive.at(-1)?.ended_at ?? null, runs: archive });
  else if (sc.id === 'analytics_api') out.json(`${p}/archive/runs_array.json`, archive);
  else out.text(`${p}/archive/older_runs.ndjson`, lines(archive.map((r) => JSON.stringify(r))));

  // Middle: the orchestrator's append-only log, one run per line.
  const jsonl = recent.map((r) => JSON.stringify(sc.id === 'marketing_site' ? aliased(r) : r));
  const mid = Math.floor(jsonl.length / 2);
  if (sc.id === 'marketing_site') {
    jsonl.splice(mid, 0, JSON.stringify({ ...aliased(recent[mid] ?? history[0]), run_id: `${sc.short}-bad-cost`, cost: 'lots' }));
    broken++;
  }
  if (sc.id === 'data_pipeline') {
    jsonl.splice(mid, 0, JSON.stringify({ ...(recent[mid] ?? history[0]), run_id: `${sc.short}-negative-cost`, total_cost_usd: -0.42 }));
    broken++;
  }
  out.text(`${p}/runs.jsonl`, lines(jsonl));

  // Newest runs: one pretty-printed summary per run, in monthly folders.
  for (const r of perRun) {
    const body = sc.id === 'data_pipeline' ? omitProject(r) : r; // project_id comes from the folder
    out.json(`${p}/${r.started_at!.slice(0, 7)}/run_${r.run_id}.json`, body);
  }
  if (sc.id === 'checkout_service' && perRun.length) {
    const last = perRun[perRun.length - 1];
    const text = JSON.stringify({ ...last, run_id: `${sc.short}-truncated` }, null, 2);
    out.text(`${p}/${last.started_at!.slice(0, 7)}/run_${sc.short}-truncated.json`, text.slice(0, Math.floor(text.length / 2)));
    broken++;
  }
  if (sc.id === 'mobile_app') {
    out.bytes(`${p}/run_corrupt.json`, binaryGarbage(rng, 2048));
    broken++;
  }
  if (sc.id === 'analytics_api') out.text(`${p}/events/gates.jsonl`, lines(gateEventLines(history, rng)));
  return broken;
}

/** The plain split of a built project: oldest quarter as NDJSON, then a JSONL log, newest runs one per file. */
function writeSplit(out: Writer, p: string, history: DemoRun[]): void {
  const a = Math.floor(history.length * 0.25);
  const b = Math.floor(history.length * 0.7);
  out.text(`${p}/archive/older_runs.ndjson`, lines(history.slice(0, a).map((r) => JSON.stringify(r))));
  out.text(`${p}/runs.jsonl`, lines(history.slice(a, b).map((r) => JSON.stringify(r))));
  for (const r of history.slice(b)) out.json(`${p}/${r.started_at!.slice(0, 7)}/run_${r.run_id}.json`, r);
}

function omitProject(run: DemoRun): Record<string, unknown> {
  const { project_id, ...rest } = run;
  void project_id;
  return rest;
}

const lines = (items: string[]): string => (items.length ? items.join('\n') + '\n' : '');

function readme(seed: number, now: number, scenarios: Array<Pick<Scenario, 'id' | 'expect'>>): string {
  return [
    '# RunBrain demo run_logs',
    '',
    `Synthetic orchestrator run logs written by \`runbrain demo\` (seed ${seed}, history ending ${new Date(now).toISOString()}).`,
    'Point RunBrain at this folder. What each project should show:',
    '',
    ...scenarios.map((s) => `- **${s.id}**: ${s.expect}`),
    '',
    'Broken on purpose (must be quarantined, nothing else lost): a truncated run file in checkout_service,',
    'a line with `"cost": "lots"` in marketing_site/runs.jsonl, a line with a negative cost in',
    'data_pipeline/runs.jsonl, and binary garbage in mobile_app/run_corrupt.json.',
    '',
  ].join('\n');
}

/** Creates folders on demand and counts what it writes. */
class Writer {
  files = 0;
  private made = new Set<string>();
  constructor(private root: string) {}
  text(rel: string, text: string): void {
    this.bytes(rel, text);
  }
  json(rel: string, value: unknown): void {
    this.bytes(rel, JSON.stringify(value, null, 2) + '\n');
  }
  bytes(rel: string, data: string | Buffer): void {
    const file = join(this.root, rel);
    const folder = dirname(file);
    if (!this.made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.made.add(folder);
    }
    writeFileSync(file, data);
    this.files++;
  }
}
