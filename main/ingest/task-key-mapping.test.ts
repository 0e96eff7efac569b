/**
 * Composite task keys from the mapping file (`"task_id": ["benchmark", "instance_id"]`): the
 * mapping's validation, the normalizer, and — on a real store and a real ingest — the pairing of
 * two benchmarks that reuse the same instance ids (as swe-bench and swt-bench do in the OpenHands
 * Index data).
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extraFactsOf } from '../../shared/experiment-facts';
import { learningRunOfRecord } from '../engine/learning/record-run';
import type { ExperimentResult } from '../../shared/experiments';
import { projectExperiments } from '../core/experiments';
import { getRunDetail } from '../core/run-detail';
import { ingestFolder } from './ingest-folder';
import { MappingError, parseMapping } from './mapping';
import { normalizeRecord, type NormalizeContext, type NormalizedRun } from './normalize';
import { fixture, NOW, type Fixture } from './test-helpers';

const COMPOSITE = { task_id: ['benchmark', 'instance_id'] };
const ctx = (mapping: object | null): NormalizeContext => ({
  relPath: 'p/runs.jsonl', line: 1, now: NOW, folderProject: 'p',
  mapping: mapping ? parseMapping(JSON.stringify(mapping), 'runbrain.map.json').mapping : null,
});
function run(value: Record<string, unknown>, mapping: object | null = COMPOSITE): NormalizedRun {
  const n = normalizeRecord(value, ctx(mapping));
  if (n.kind !== 'run') throw new Error(`not a run: ${JSON.stringify(n)}`);
  return n;
}
const base = { run_id: 'r1', started_at: '2025-10-01T10:00:00Z', outcome: 'pass', cost_usd: 1 };

describe('mapping file: task_id as a list of fields', () => {
  const bad = (m: unknown) => () => parseMapping(JSON.stringify(m), '/logs/runbrain.map.json');
  it('rejects an empty list, non-text or blank entries, repeats and other shapes, naming the file and task_id', async () => {
    expect(bad({ task_id: [] })).toThrow(MappingError);
    expect(bad({ task_id: [] })).toThrow('Mapping file /logs/runbrain.map.json is invalid: task_id: must list at least one field name of your logs, e.g. ["benchmark", "instance_id"]; the list is empty');
    expect(bad({ task_id: ['benchmark', 7] })).toThrow('is invalid: task_id: entry 2 must be a field name (text), got number 7');
    expect(bad({ task_id: ['benchmark', null] })).toThrow('task_id: entry 2 must be a field name (text), got null');
    expect(bad({ task_id: ['benchmark', ' '] })).toThrow('task_id: entry 2 is blank; each entry names a field of your logs');
    expect(bad({ task_id: ['benchmark', 'benchmark'] })).toThrow('task_id: names "benchmark" twice');
    expect(bad({ task_id: { benchmark: 'instance_id' } })).toThrow('task_id: must be a list of field names of your logs, e.g. ["benchmark", "instance_id"], got an object');
    expect(bad({ task_id: 3 })).toThrow('task_id: must be a list of field names of your logs, e.g. ["benchmark", "instance_id"], got number 3');
  });
  it('rejects a composite task_id together with a field renamed to task_id or a default task_id', async () => {
    expect(bad({ fields: { case: 'task_id' }, ...COMPOSITE })).toThrow('task_id: cannot be combined with fields.case, which also maps to task_id: list "case" in task_id instead');
    expect(bad({ defaults: { task_id: 'x' }, ...COMPOSITE })).toThrow('task_id: cannot be combined with defaults.task_id');
    expect(bad({ tasks: ['a'] })).toThrow('unknown key(s) tasks; allowed: version, fields, values, defaults, task_id');
  });
  it('accepts a list, and one name as a list of one', async () => {
    expect(parseMapping(JSON.stringify(COMPOSITE), 'm.json').mapping.task_id).toEqual(['benchmark', 'instance_id']);
    expect(parseMapping('{"task_id": "ticket"}', 'm.json').mapping.task_id).toEqual(['ticket']);
    expect(parseMapping('{}', 'm.json').mapping.task_id).toBeUndefined();
  });
});

describe('normalize: composite task key', () => {
  it('joins the parts as the JSON text of the list; the parts stay in the record', async () => {
    const r = run({ ...base, benchmark: 'swe-bench', instance_id: 'django__django-11099' });
    expect(r.record.task_id).toBe('["swe-bench","django__django-11099"]');
    expect(r.record.extra).toEqual({ benchmark: 'swe-bench', instance_id: 'django__django-11099' });
    expect(r.record.ingest_warnings).toBeUndefined();
    expect(extraFactsOf(r.record).task_key).toBe('["swe-bench","django__django-11099"]');
    expect(learningRunOfRecord(r.record).task_key).toBe('["swe-bench","django__django-11099"]');
  });
  it('cannot be confused: a separator inside a part gives another key; numbers read as text', async () => {
    const a = run({ ...base, benchmark: 'a","b', instance_id: 'c' }).record.task_id;
    const b = run({ ...base, benchmark: 'a', instance_id: 'b","c' }).record.task_id;
    expect(a).not.toBe(b);
    expect(JSON.parse(a!)).toEqual(['a","b', 'c']);
    expect(run({ ...base, benchmark: 'suite', instance_id: 42 }).record.task_id).toBe('["suite","42"]');
    expect(run({ ...base, meta: { bench: 'b1' }, case: 'c1' }, { task_id: ['meta.bench', 'case'] }).record.task_id).toBe('["b1","c1"]');
  });
  it('a run missing a part (absent, null, blank) or with an object part has no task key, and says why', async () => {
    for (const part of [{}, { benchmark: null }, { benchmark: '  ' }]) {
      const r = run({ ...base, ...part, instance_id: 'django__django-11099' });
      expect(r.record.task_id).toBeUndefined();
      // The instance id alone (kept in extra) is not a task key either.
      expect(r.record.extra?.instance_id).toBe('django__django-11099');
      expect(extraFactsOf(r.record).task_key).toBeNull();
      expect(learningRunOfRecord(r.record).task_key).toBeUndefined();
      expect(r.record.ingest_warnings).toEqual([
        'no task key: the mapping builds task_id from benchmark + instance_id and this run has no benchmark; it is not paired with runs of the same task',
      ]);
    }
    const o = run({ ...base, benchmark: 'swe-bench', instance_id: { id: 1 } });
    expect(extraFactsOf(o.record).task_key).toBeNull();
    expect(o.record.ingest_warnings).toEqual([
      'no task key: the mapping builds task_id from benchmark + instance_id and this run its instance_id is an object, not a text or number; it is not paired with runs of the same task',
    ]);
  });
  it('a task_id the log carries that is not a part is kept in extra.task_id', async () => {
    const r = run({ ...base, task_id: 'T-1', benchmark: 'swe-bench', instance_id: 'x' });
    expect(r.record.task_id).toBe('["swe-bench","x"]');
    expect(r.record.extra).toMatchObject({ task_id: 'T-1' });
    const listed = run({ ...base, task_id: 'T-1', benchmark: 'swe-bench' }, { task_id: ['benchmark', 'task_id'] });
    expect(listed.record.task_id).toBe('["swe-bench","T-1"]');
    const missing = run({ ...base, task_id: 'T-1', instance_id: 'x' });
    expect(missing.record.extra).toMatchObject({ task_id: 'T-1', instance_id: 'x' });
    expect(extraFactsOf(missing.record).task_key).toBeNull();
  });
  it('without it, the single-field mapping and the aliases work as before', async () => {
    expect(run({ ...base, benchmark: 'swe-bench', instance_id: 'x' }, null).record.task_id).toBe('x');
    expect(run({ ...base, case_id: 7 }, null).record.task_id).toBe('7');
    expect(run({ ...base, ticket: 'BILL-1' }, { fields: { ticket: 'task_id' } }).record.task_id).toBe('BILL-1');
    expect(run({ ...base, ticket: 'BILL-1' }, { task_id: 'ticket' }).record.task_id).toBe('BILL-1');
  });
});

describe('pairing on a real store: two benchmarks sharing instance ids', () => {
  let fx: Fixture;
  beforeEach(() => (fx = fixture()));
  afterEach(() => fx.cleanup());

  const ids = (n: number) => Array.from({ length: n }, (_, i) => `repo__repo-${1000 + i}`);
  let seq = 0;
  /** One OpenHands-Index-shaped run (their field names, not RunBrain's). */
  const line = (model: string, benchmark: string | null, instance: string, i: number) => {
    seq++;
    const rec: Record<string, unknown> = {
      run_id: `${model}:${benchmark ?? 'none'}:${instance}`, instance_id: instance, model, outcome: (i * 7 + model.length) % 3 === 0 ? 'fail' : 'pass',
      cost_usd: (model === 'model-a' ? 1 : 0.8) + (i % 5) * 0.1, timestamp: new Date(Date.parse('2025-10-01T00:00:00Z') + seq * 60_000).toISOString(),
    };
    if (benchmark) rec.benchmark = benchmark;
    return JSON.stringify(rec);
  };
  /**
   * django: model-a ran swe-bench on 30 instances; model-b ran swt-bench on the same 30 ids and
   * swe-bench on the first 25; each model ran one more task without a benchmark (the same id). sympy: model-a swe-bench only,
   * model-b swt-bench only, on the same 30 ids.
   */
  function writeLogs() {
    const django = [
      ...ids(30).map((t, i) => line('model-a', 'swe-bench', t, i)),
      ...ids(30).map((t, i) => line('model-b', 'swt-bench', t, i)),
      ...ids(25).map((t, i) => line('model-b', 'swe-bench', t, i + 3)),
      line('model-a', null, 'repo__repo-2000', 2),
      line('model-b', null, 'repo__repo-2000', 1),
    ];
    const sympy = [...ids(30).map((t, i) => line('model-a', 'swe-bench', t, i)), ...ids(30).map((t, i) => line('model-b', 'swt-bench', t, i))];
    fx.write('django/runs.jsonl', django.join('\n') + '\n');
    fx.write('sympy/runs.jsonl', sympy.join('\n') + '\n');
  }
  const modelExp = async (project: string, source: 'stored' | 'scan'): Promise<ExperimentResult> => {
    const got = await projectExperiments(fx.store, project, null, undefined, { source: source === 'scan' ? 'scan' : undefined });
    expect(got.source).toBe(source);
    const e = got.experiments.find((x) => x.factor === 'model' && x.name == null);
    if (!e) throw new Error(`no model experiment in ${project}`);
    return e;
  };
  const variant = (e: ExperimentResult) => e.variants.find((v) => v.value !== e.control)!;
  const disjoint = (e: ExperimentResult) => e.warnings.filter((w) => w.kind === 'disjoint_tasks').length;
  const ingest = async () => ingestFolder(fx.store, fx.root, { now: Date.parse('2026-01-01T00:00:00Z') });

  /** paired_n and disjoint_tasks per project, the same from the ingest's sums and from a scan of the runs. */
  async function pairing(): Promise<Record<string, { paired_n: number | null; disjoint: number }>> {
    const out: Record<string, { paired_n: number | null; disjoint: number }> = {};
    for (const p of ['django', 'sympy']) {
      const stored = await modelExp(p, 'stored');
      const scanned = await modelExp(p, 'scan');
      expect(variant(scanned).paired_n).toBe(variant(stored).paired_n);
      expect(disjoint(scanned)).toBe(disjoint(stored));
      out[p] = { paired_n: variant(stored).paired_n, disjoint: disjoint(stored) };
    }
    return out;
  }
  const WITHOUT = { django: { paired_n: 31, disjoint: 0 }, sympy: { paired_n: 30, disjoint: 0 } };
  const WITH = { django: { paired_n: 25, disjoint: 0 }, sympy: { paired_n: 0, disjoint: 1 } };

  it('without the composite key the benchmarks mix; with it only same-benchmark tasks pair; a changed mapping re-reads every file', async () => {
    writeLogs();
    await ingest();
    // instance_id alone: swt-bench runs pair with swe-bench runs of the same id.
    expect(await pairing()).toEqual(WITHOUT);
    expect((await fx.store.runs.list({ project_id: 'django', sort: 'started_at', dir: 'asc', limit: 1000 })).rows).toHaveLength(87);

    fx.write('runbrain.map.json', JSON.stringify(COMPOSITE));
    await ingest();
    expect(await pairing()).toEqual(WITH);
    const lone = await getRunDetail(fx.store.runs, 'django', 'model-b:none:repo__repo-2000');
    expect(lone?.record.task_id).toBeUndefined();
    expect(lone?.record.ingest_warnings?.[0]).toMatch(/^no task key: the mapping builds task_id from benchmark \+ instance_id and this run has no benchmark/);
    expect((await getRunDetail(fx.store.runs, 'sympy', 'model-b:swt-bench:repo__repo-1000'))?.record.task_id).toBe('["swt-bench","repo__repo-1000"]');
    const sympyWarning = (await modelExp('sympy', 'stored')).warnings.find((w) => w.kind === 'disjoint_tasks');
    expect(sympyWarning?.message).toMatch(/share no task key/);

    rmSync(`${fx.root}/runbrain.map.json`);
    await ingest();
    expect(await pairing()).toEqual(WITHOUT);
    expect((await getRunDetail(fx.store.runs, 'django', 'model-b:none:repo__repo-2000'))?.record.task_id).toBe('repo__repo-2000');
  });

  it('a first ingest with the composite mapping gives the same pairing as the re-scan', async () => {
    writeLogs();
    fx.write('runbrain.map.json', JSON.stringify(COMPOSITE));
    await ingest();
    expect(await pairing()).toEqual(WITH);
  });
});
