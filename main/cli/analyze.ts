/**
 * `runbrain ingest` and `runbrain analyze`: ingest a folder, then print counts (ingest) or one JSON
 * document (analyze --json). The document's schema is documented in docs/analyze-json.md.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TUNING, type ConsideredArm, type ProjectProfile, type Recommendation } from '../../shared/domain';
import { projectExperiments, type ProjectExperiments } from '../core/experiments';
import { analyzeProject } from '../core/analysis';
import { resolveConfigPath } from '../core/config-link';
import { projectHealth } from '../core/health';
import type { ProjectHealth } from '../engine/health';
import type { LearningResult } from '../engine/learning';
import { checkCustomFactors } from '../../shared/custom-factors';
import { CUSTOM_FACTORS_KEY, ingestFolder } from '../ingest';
import type { Store } from '../store';
import type { CliCommand } from './command';
import { EXIT, UsageError, type CliIo } from './io';
import { learnProjectFromStore } from './learning-common';
import { openCliStore } from './open-store';

export const ANALYZE_SCHEMA_VERSION = 1;
/** The learning block reads each project's runs with their children: bounded so memory stays bounded. */
export const ANALYZE_LEARNING_LAST = 100_000;

export interface AnalyzeDocument {
  schema_version: number;
  ingest: { files: number; runs: number; events: number; quarantined: number };
  quarantine: Array<{ file: string; line: number | null; field: string | null; reason: string }>;
  projects: Array<{
    project_id: string;
    runs_count: number;
    config_path: string | null;
    profile: ProjectProfile;
    recommendations: Recommendation[];
    insufficient_data: string | null;
    /** Every arm of every factor not recommended, with its reason (docs/analyze-json.md § considered). */
    considered: ConsideredArm[];
    /** Every factor with ≥ 2 values as an experiment (docs/analyze-json.md § experiments). */
    experiments: ProjectExperiments['experiments'];
    version_evolution: ProjectExperiments['evolution'];
    /** Project health (docs/health.md). */
    health: ProjectHealth;
    /** Issue 12: labels, patterns, suggestions, prediction calibration (docs/learning.md). */
    learning: LearningResult;
  }>;
}

function parseFolderArgs(argv: string[], command: string) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, map: { type: 'string' }, json: { type: 'boolean', default: false }, factor: { type: 'string', multiple: true } },
  });
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? `${command} needs the run_logs folder` : `${command} takes one folder, got ${positionals.length}`, { showUsage: true });
  }
  const dir = resolve(positionals[0]);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder.`);
  if (values.map && !existsSync(values.map)) throw new UsageError(`mapping file ${values.map} does not exist.`);
  let factors: string[] | undefined;
  if (values.factor) {
    const checked = checkCustomFactors(values.factor);
    if (!checked.ok) throw new UsageError(`--factor: ${checked.message}.`);
    factors = checked.names;
  }
  return { dir, db: values.db, map: values.map ? resolve(values.map) : undefined, json: values.json ?? false, factors };
}

/** --factor NAME (repeatable): the named experiment factors, kept in the database's settings like the app's. */
async function nameFactors(store: Store, factors: string[] | undefined): Promise<void> {
  if (factors) await store.settings.put({ [CUSTOM_FACTORS_KEY]: JSON.stringify(factors) });
}

/** Builds the analyze document from an already-ingested database. */
export async function buildAnalyzeDocument(store: Store, counts: AnalyzeDocument['ingest'], root: string, nowMs = Date.now()): Promise<AnalyzeDocument> {
  // Paths relative to the analysed folder: the document stays meaningful on another machine.
  const rel = (file: string) => (isAbsolute(file) ? relative(root, file) : file);
  const quarantine = (await store.quarantine.list(0, 100_000)).items.map((q) => ({ file: rel(q.file), line: q.line, field: q.field, reason: q.reason }));
  const projects: AnalyzeDocument['projects'] = [];
  for (const id of await store.aggregates.projectIds()) {
    const configPath = await resolveConfigPath(store.configLinks, id, {});
    const health = await projectHealth(store, id, nowMs);
    const a = await analyzeProject(store, id, configPath, DEFAULT_TUNING, undefined, async () => health);
    const x = await projectExperiments(store, id, a);
    // Patterns 2 and 8 of the learning block are the health block's tables.
    const learning = (await learnProjectFromStore(store, id, new Date(nowMs), {
      last: ANALYZE_LEARNING_LAST, health: { retry_hotspots: health.retry_hotspots, error_recovery: health.recovery_strategies },
    })).result;
    projects.push({
      project_id: id,
      runs_count: a.profile.runs_count,
      config_path: a.config_path,
      profile: a.profile,
      recommendations: a.recommendations.recommendations,
      insufficient_data: a.recommendations.insufficient?.message ?? null,
      considered: a.recommendations.considered ?? [],
      experiments: x.experiments,
      version_evolution: x.evolution,
      health,
      learning,
    });
  }
  return { schema_version: ANALYZE_SCHEMA_VERSION, ingest: counts, quarantine, projects };
}

export async function runIngestCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseFolderArgs(argv, 'ingest');
  const { store, dispose } = openCliStore(args.db);
  try {
    // Said first: without --db nothing is kept, so a second ingest starts from scratch.
    io.stdout.write(args.db ? `database: ${resolve(args.db)}\n` : 'database: temporary, removed when ingest ends (--db FILE keeps it)\n');
    await nameFactors(store, args.factors);
    await ingestFolder(store, args.dir, { mapFile: args.map, now: Date.now() });
    const counts = await store.counts();
    io.stdout.write(`files: ${counts.files}\nruns: ${counts.runs}\nevents: ${counts.events}\nquarantined: ${counts.quarantined}\n`);
    for (const q of (await store.quarantine.list(0, 1000)).items) {
      io.stdout.write(`  ${relative(args.dir, q.file)}${q.line != null ? `:${q.line}` : ''}: ${q.reason}\n`);
    }
    return EXIT.ok;
  } finally {
    await dispose();
  }
}

export async function runAnalyzeCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseFolderArgs(argv, 'analyze');
  const { store, dispose } = openCliStore(args.db);
  try {
    await nameFactors(store, args.factors);
    await ingestFolder(store, args.dir, { mapFile: args.map, now: Date.now() });
    const doc = await buildAnalyzeDocument(store, await store.counts(), args.dir);
    if (args.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    else {
      for (const p of doc.projects) {
        io.stdout.write(`${p.project_id}: ${p.runs_count} runs, ${p.recommendations.length} recommendation(s)\n`);
        for (const r of p.recommendations) io.stdout.write(`  [${r.confidence}] ${r.category}: ${r.current_value} → ${r.recommended_value} — ${r.explanation}\n`);
        if (p.insufficient_data) io.stdout.write(`  ${p.insufficient_data}\n`);
        for (const e of p.experiments) io.stdout.write(`  experiment ${e.factor} (control ${e.control}): ${e.status}${e.winner ? ` → ${e.winner}` : ''} — ${e.reason}\n`);
        writeConsidered(io, p.considered);
      }
    }
    return EXIT.ok;
  } finally {
    await dispose();
  }
}

/** Arms shown per setting and reason before the rest are only named: 30 confounded models say it once. */
const CONSIDERED_SHOWN = 2;

export function writeConsidered(io: CliIo, considered: readonly ConsideredArm[]): void {
  const groups = new Map<string, ConsideredArm[]>();
  for (const c of considered) {
    const key = `${c.field}\u0000${c.reason_kind}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    for (const c of group.slice(0, CONSIDERED_SHOWN)) io.stdout.write(`  considered, not recommended: ${c.field} = ${c.value} (${c.reason_kind}) — ${c.reason}\n`);
    const rest = group.slice(CONSIDERED_SHOWN);
    if (rest.length) {
      const { field, reason_kind: kind } = rest[0];
      io.stdout.write(`  considered, not recommended: ${rest.length} more ${field} value(s) for the same reason (${kind}): ${rest.map((c) => c.value).join(', ')} (--json has each one's reason)\n`);
    }
  }
}

const FOLDER_OPTIONS = `  <dir>        the run_logs folder (read recursively; nothing in it is changed)
  --db FILE    the SQLite database to ingest into and keep; without it a temporary database
               is used and removed when the command ends
  --map FILE   a mapping file for field names RunBrain does not know, or a composite task key
               such as {"task_id": ["benchmark", "instance_id"]} (docs/run-log-format.md)`;

export const ingestCommand: CliCommand = {
  name: 'ingest',
  args: '<dir> [--db FILE] [--map FILE] [--factor FIELD]...',
  summary: 'ingest run logs; print counts and the reason for each quarantined record',
  details: `${FOLDER_OPTIONS}

With --db, a second ingest of the same folder reads only what changed.`,
  run: runIngestCommand,
};

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  args: '<dir> [--db FILE] [--map FILE] [--factor FIELD]... [--json]',
  summary: 'ingest, then print each project\'s recommendations (--json: the full document)',
  details: `${FOLDER_OPTIONS}
  --json       print one JSON document: profiles, recommendations, quarantine
               (schema in docs/analyze-json.md)`,
  run: runAnalyzeCommand,
};
