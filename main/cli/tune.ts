/**
 * `runbrain tune --config FILE --project ID [--logs DIR] [--db FILE] [--write]`: what seed
 * 000's runner does before each run (profile → recommendations → apply_auto_tune), as a
 * command. Prints the tuned config as plain JSON on stdout (same shape as the file, comments
 * dropped so any JSON parser reads it) and one stderr line per applied change. Without
 * --write no file changes. A tuning failure never stops a run: the original config is printed,
 * a warning goes to stderr, and the exit code is 0. Only usage errors exit 2.
 */
import { parseArgs } from 'node:util';
import { getNodeValue, parseTree, type ParseError } from 'jsonc-parser';
import type { Recommendation, TuningConfig } from '../../shared/domain';
import { openStore, type LedgerStore, type Store } from '../store';
import { applyAutoTune, tuneConfigObject } from '../config/auto-tune';
import { BOM, PARSE_OPTIONS } from '../config/jsonc';
import { describeConfig, loadConfigFile, readConfigBytes, type CurrentValues } from '../config/project-config';
import { parseArgsProblem } from './command';

export const TUNE_USAGE = 'runbrain tune --config FILE --project ID [--logs DIR] [--db FILE] [--write]';

export interface TuneAnalyzeOptions {
  projectId: string;
  configPath: string;
  logsDir: string | null;
  dbPath: string | null;
  /** The project's current settings as read from the config file. */
  current: CurrentValues;
  tuning: TuningConfig;
}

export interface TuneAnalyzeResult {
  recommendations: Recommendation[];
  /**
   * The predicted P(pass) of a run with these settings, as one stderr line (issue 12 §4), or null
   * when there is no prediction. Optional: without it nothing is printed.
   */
  predictPass?: (settings: CurrentValues) => string | null;
  /** The ledger of the store analyze used; with --write the rows go there (runTune does not close it). */
  ledger?: LedgerStore;
}

interface Out {
  write(chunk: string): unknown;
}

export interface TuneIo {
  stdout: Out;
  stderr: Out;
  /** Ingest + profile + recommendations, provided by the core. */
  analyze: (opts: TuneAnalyzeOptions) => Promise<TuneAnalyzeResult>;
  now?: () => Date;
}

const show = (v: unknown): string => (v === null || v === undefined ? '(unset)' : String(v));
const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Lenient parse for the fallback path: whatever JSON value the text holds, or null. */
function plainValue(text: string): unknown {
  const errors: ParseError[] = [];
  const root = parseTree(text.startsWith(BOM) ? text.slice(1) : text, errors, PARSE_OPTIONS);
  return root && errors.length === 0 ? getNodeValue(root) : null;
}

/** The predicted pass probability on stderr (stdout stays the config a runner reads); never fails the tune. */
function predictionLine(result: TuneAnalyzeResult, settings: CurrentValues, io: TuneIo): void {
  try {
    const line = result.predictPass?.(settings);
    if (line) io.stderr.write(`[runbrain] ${line}\n`);
  } catch (e) {
    io.stderr.write(`[runbrain] no prediction: ${messageOf(e)}\n`);
  }
}

/** Runs `runbrain tune` with the arguments after `tune`; resolves to the exit code. */
export async function runTune(argv: string[], io: TuneIo): Promise<number> {
  let values: { config?: string; project?: string; logs?: string; db?: string; write?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        project: { type: 'string' },
        logs: { type: 'string' },
        db: { type: 'string' },
        write: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    io.stderr.write(`runbrain tune: ${(parseArgsProblem(e) ?? messageOf(e)).replace(/\.$/, '')} (usage: ${TUNE_USAGE})\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`usage: ${TUNE_USAGE}\nPrints the auto-tuned config as JSON; --write also saves it (with backup and ledger).\n`);
    return 0;
  }
  if (!values.config || !values.project) {
    const missing = !values.config ? '--config FILE' : '--project ID';
    io.stderr.write(`runbrain tune: ${missing} is required (usage: ${TUNE_USAGE})\n`);
    return 2;
  }
  let text: string;
  try {
    text = readConfigBytes(values.config).text;
  } catch (e) {
    io.stderr.write(`runbrain tune: ${messageOf(e)}\n`);
    return 2;
  }
  const original = plainValue(text);
  const fallback = (why: string): number => {
    io.stdout.write(original === null ? text : json(original));
    io.stderr.write(`[runbrain] auto-tune failed (continuing with the original config): ${why}\n`);
    return 0;
  };

  let ownStore: Store | null = null;
  try {
    const file = loadConfigFile(values.config);
    const cfg = describeConfig(file, values.project);
    const configObject = getNodeValue(file.root) as Record<string, unknown>;
    const precheck = tuneConfigObject(configObject, [], cfg.tuning, values.project);
    if (precheck.skipped) {
      io.stdout.write(json(configObject));
      io.stderr.write(`[runbrain] ${precheck.skipped}; config unchanged\n`);
      return 0;
    }
    const result = await io.analyze({
      projectId: values.project,
      configPath: cfg.path,
      logsDir: values.logs ?? null,
      dbPath: values.db ?? null,
      current: cfg.current,
      tuning: cfg.tuning,
    });

    if (!values.write) {
      const tuned = tuneConfigObject(configObject, result.recommendations, cfg.tuning, values.project);
      io.stdout.write(json(tuned.config));
      for (const c of tuned.changes) io.stderr.write(`[runbrain] tuned ${c.field}: ${show(c.from)} → ${show(c.to)} (${c.confidence})\n`);
      if (tuned.changes.length === 0) io.stderr.write('[runbrain] no eligible recommendations; config unchanged\n');
      const settings: CurrentValues = { ...cfg.current };
      for (const c of tuned.changes) settings[c.field as keyof CurrentValues] = c.to as string | number;
      predictionLine(result, settings, io);
      return 0;
    }

    let ledger = result.ledger ?? null;
    if (!ledger && values.db) ledger = (ownStore = openStore(values.db)).ledger;
    if (!ledger) throw new Error('--write records every change in the ledger: pass --db FILE');
    const applied = await applyAutoTune(ledger, {
      path: cfg.path,
      projectId: values.project,
      recs: result.recommendations,
      tuning: cfg.tuning,
      now: io.now?.() ?? new Date(),
    });
    // Print what is on disk now: with a partial failure that is the truth the run should use.
    io.stdout.write(json(getNodeValue(loadConfigFile(cfg.path).root)));
    for (const row of applied.applied) {
      const from = cfg.current[row.field as keyof CurrentValues] ?? row.before_value;
      io.stderr.write(`[runbrain] tuned ${row.field}: ${show(from)} → ${show(row.after_value)} (${row.recommendation?.confidence ?? '?'})\n`);
    }
    if (applied.error && applied.applied.length === 0) {
      io.stderr.write(`[runbrain] auto-tune failed (continuing with the original config): ${applied.error}\n`);
    } else if (applied.error) io.stderr.write(`[runbrain] warning: ${applied.error}\n`);
    else if (applied.applied.length === 0) io.stderr.write('[runbrain] no eligible recommendations; config unchanged\n');
    const settings: CurrentValues = { ...cfg.current };
    for (const row of applied.applied) if (row.after_value != null) settings[row.field as keyof CurrentValues] = row.after_value as string | number;
    predictionLine(result, settings, io);
    return 0;
  } catch (e) {
    return fallback(messageOf(e));
  } finally {
    await ownStore?.close();
  }
}
