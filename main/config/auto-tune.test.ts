import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, type Confidence, type TuningConfig } from '../../shared/domain';
import { openStore, type LedgerStore, type Store } from '../store';
import { listLedger } from './apply';
import { applyAutoTune, selectAutoTunable, tuneConfigObject } from './auto-tune';
import { PROJECTS_CONFIG, SEED_CONFIG, rec, tempConfig } from './test-fixtures';

const NOW = new Date('2026-11-21T21:30:00Z');
const on = (over: Partial<TuningConfig> = {}): TuningConfig => ({ ...DEFAULT_TUNING, enabled: true, ...over });

describe('selectAutoTunable: threshold × safe mode × confidence', () => {
  // Expected eligible confidences, from seed 000 ("Safe Mode: skip low-confidence") and issue 3.
  const table: Array<[Confidence, boolean, Confidence[]]> = [
    ['high', true, ['high']],
    ['high', false, ['high']],
    ['medium', true, ['high', 'medium']],
    ['medium', false, ['high', 'medium']],
    ['low', true, ['high', 'medium']],
    ['low', false, ['high', 'medium', 'low']],
  ];
  it.each(table)('threshold %s, apply_safely %s → %j', (threshold, safe, expected) => {
    const recs = [rec('mode', '3loop', 'high'), rec('max_rounds', 3, 'medium'), rec('max_cost_usd', 1.2, 'low')];
    const got = selectAutoTunable(recs, on({ confidence_threshold: threshold, apply_safely: safe }));
    expect(got.map((r) => r.confidence)).toEqual(expected);
  });

  it('keeps one recommendation per field, the most confident', async () => {
    const got = selectAutoTunable([rec('mode', 'a', 'medium'), rec('mode', 'b', 'high')], on());
    expect(got.map((r) => r.recommended_value)).toEqual(['b']);
  });
});

describe('tuneConfigObject', () => {
  const config = { mode: '2loop', max_rounds: 5, _tuned_fields: ['model'], prompts: { strategies: { baseline: {}, fast: {} } } };

  it('applies eligible recommendations and marks the config, without touching the input', async () => {
    const snapshot = structuredClone(config);
    const r = tuneConfigObject(config, [rec('max_rounds', 3, 'high'), rec('mode', '3loop', 'low'), rec('prompt_strategy', 'fast', 'medium')], on());
    expect(config).toEqual(snapshot);
    expect(r.skipped).toBeNull();
    expect(r.config).toEqual({
      mode: '2loop',
      max_rounds: 3,
      _tuned_fields: ['model', 'max_rounds', 'prompt_strategy'],
      _auto_tuned: true,
      prompts: { strategies: { baseline: {}, fast: {} }, default_strategy: 'fast' },
    });
    expect(r.changes.map((c) => [c.field, c.from, c.to, c.confidence])).toEqual([
      ['max_rounds', 5, 3, 'high'],
      ['prompt_strategy', null, 'fast', 'medium'],
    ]);
  });

  it('does nothing when auto-tune is off or _skip_auto_tune is set, and adds no marks without changes', async () => {
    expect(tuneConfigObject(config, [rec('max_rounds', 3, 'high')], DEFAULT_TUNING)).toMatchObject({ config, changes: [], skipped: expect.stringMatching(/off/) });
    expect(tuneConfigObject({ ...config, _skip_auto_tune: true }, [rec('max_rounds', 3, 'high')], on()).changes).toEqual([]);
    expect(tuneConfigObject({ max_rounds: 3 }, [rec('max_rounds', 3, 'high')], on()).config).toEqual({ max_rounds: 3 });
    // An undefined strategy is not written.
    expect(tuneConfigObject(config, [rec('prompt_strategy', 'nope', 'high')], on()).changes).toEqual([]);
  });

  it('writes into the project section', async () => {
    const c = { max_rounds: 5, projects: { p1: { mode: 'x' } } };
    const r = tuneConfigObject(c, [rec('max_rounds', 3, 'high')], on(), 'p1');
    expect(r.config).toEqual({ max_rounds: 5, projects: { p1: { mode: 'x', max_rounds: 3, _auto_tuned: true, _tuned_fields: ['max_rounds'] } } });
    expect(r.changes[0]).toMatchObject({ key_path: 'projects.p1.max_rounds', from: 5 });
  });
});

describe('applyAutoTune', () => {
  let store: Store;
  let db: LedgerStore;
  let dir: string;
  let path: string;
  beforeEach(async () => {
    ({ dir, path } = tempConfig(SEED_CONFIG));
    store = openStore(join(dir, 'db', 'runbrain.sqlite'));
    db = store.ledger;
  });
  afterEach(async () => await store.close());

  it('applies each eligible change by auto-tune, with marks and ledger rows; the file matches tuneConfigObject', async () => {
    const recs = [rec('max_rounds', 3, 'high'), rec('mode', '3loop', 'medium'), rec('max_cost_usd', 1.2, 'low')];
    const res = await applyAutoTune(db, { path, projectId: 'p1', recs, tuning: on(), now: NOW });
    expect(res.error).toBeNull();
    expect(res.applied.map((r) => [r.field, r.before_value, r.after_value, r.applied_by])).toEqual([
      ['max_rounds', 5, 3, 'auto-tune'],
      ['mode', '2loop', '3loop', 'auto-tune'],
    ]);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(
      SEED_CONFIG.replace('"mode": "2loop"', '"mode": "3loop"')
        .replace('"max_rounds": 5,', '"max_rounds": 3,')
        .replace(/ {2}}\n}\n$/, '  },\n  "_auto_tuned": true,\n  "_tuned_fields": ["max_rounds", "mode"]\n}\n'),
    );
    expect(parse(text)).toEqual(tuneConfigObject(parse(SEED_CONFIG), recs, on()).config);
    expect((await listLedger(db, 'p1')).map((r) => r.field)).toEqual(['mode', 'max_rounds']);
    // Two backups in the same second get distinct names.
    expect(readdirSync(dir).filter((f) => f.includes('backup')).sort()).toEqual([
      'project_config.json.runbrain-backup-20261121T213000Z',
      'project_config.json.runbrain-backup-20261121T213000Z-2',
    ]);
  });

  it('merges with fields already marked and skips when already at the value', async () => {
    writeFileSync(path, '{\n  "max_rounds": 5,\n  "mode": "3loop",\n  "_auto_tuned": true,\n  "_tuned_fields": ["model"]\n}\n');
    const res = await applyAutoTune(db, { path, projectId: 'p1', recs: [rec('max_rounds', 3, 'high'), rec('mode', '3loop', 'high')], tuning: on(), now: NOW });
    expect(res.applied).toHaveLength(1);
    expect(readFileSync(path, 'utf8')).toBe('{\n  "max_rounds": 3,\n  "mode": "3loop",\n  "_auto_tuned": true,\n  "_tuned_fields": ["model", "max_rounds"]\n}\n');
  });

  it('marks the project section when it writes there', async () => {
    writeFileSync(path, PROJECTS_CONFIG);
    await applyAutoTune(db, { path, projectId: 'contafuel', recs: [rec('max_rounds', 6, 'high', 'contafuel')], tuning: on(), now: NOW });
    expect(parse(readFileSync(path, 'utf8')).projects.contafuel).toEqual({
      max_rounds: 6,
      prompts: { default_strategy: 'fast_iter' },
      _auto_tuned: true,
      _tuned_fields: ['max_rounds'],
    });
  });

  it('never throws: failures are returned and the other changes still apply', async () => {
    const res = await applyAutoTune(db, { path, projectId: 'p1', recs: [rec('prompt_strategy', 'nope', 'high'), rec('max_rounds', 3, 'high')], tuning: on(), now: NOW });
    expect(res.applied.map((r) => r.field)).toEqual(['max_rounds']);
    expect(res.error).toMatch(/auto-tune could not change prompt_strategy: prompt strategy "nope" is not defined/);
    writeFileSync(path, '{ broken');
    const bad = await applyAutoTune(db, { path, projectId: 'p1', recs: [rec('mode', 'x', 'high')], tuning: on(), now: NOW });
    expect(bad).toMatchObject({ applied: [], error: expect.stringMatching(/auto-tune failed: .* is not valid JSONC/) });
    const missing = await applyAutoTune(db, { path: join(dir, 'nope.json'), projectId: 'p1', recs: [], tuning: on(), now: NOW });
    expect(missing.error).toMatch(/no such file/);
  });

  it('does nothing when disabled', async () => {
    const res = await applyAutoTune(db, { path, projectId: 'p1', recs: [rec('max_rounds', 3, 'high')], tuning: DEFAULT_TUNING, now: NOW });
    expect(res).toMatchObject({ applied: [], error: null });
    expect(readFileSync(path, 'utf8')).toBe(SEED_CONFIG);
  });
});
