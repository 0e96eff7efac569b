import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import type { Recommendation } from '../../shared/domain';
import { openStore } from '../store';
import { listLedger } from '../config/apply';
import { SEED_CONFIG, rec, tempConfig } from '../config/test-fixtures';
import { runTune, type TuneAnalyzeOptions } from './tune';

const ENABLED = SEED_CONFIG.replace('"enabled": false', '"enabled": true');
const NOW = new Date('2026-11-21T21:30:00Z');

function harness(recs: Recommendation[] | (() => Promise<never>)) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: TuneAnalyzeOptions[] = [];
  const io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    analyze: async (opts: TuneAnalyzeOptions) => {
      calls.push(opts);
      if (typeof recs === 'function') return recs();
      return { recommendations: recs };
    },
    now: () => NOW,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), calls };
}

const RECS = [rec('max_rounds', 3, 'high', 'p1'), rec('mode', '3loop', 'medium', 'p1'), rec('max_cost_usd', 1.2, 'low', 'p1')];

describe('runbrain tune', () => {
  it('prints the tuned config without changing any file', async () => {
    const { dir, path } = tempConfig(ENABLED);
    const h = harness(RECS);
    expect(await runTune(['--config', path, '--project', 'p1', '--logs', dir], h.io)).toBe(0);
    const printed = JSON.parse(h.out());
    expect(printed).toMatchObject({ mode: '3loop', max_rounds: 3, max_cost_usd: 2, _auto_tuned: true, _tuned_fields: ['max_rounds', 'mode'] });
    expect(h.err()).toBe('[runbrain] tuned max_rounds: 5 → 3 (high)\n[runbrain] tuned mode: 2loop → 3loop (medium)\n');
    expect(h.calls[0]).toMatchObject({ projectId: 'p1', configPath: path, logsDir: dir, dbPath: null, current: { max_rounds: 5 } });
    expect(readFileSync(path, 'utf8')).toBe(ENABLED);
    expect(readdirSync(dir)).toEqual(['project_config.json']);
  });

  it('with --write saves the same config, with backups and ledger rows', async () => {
    const { dir, path } = tempConfig(ENABLED);
    const dry = harness(RECS);
    await runTune(['--config', path, '--project', 'p1'], dry.io);
    const h = harness(RECS);
    const dbFile = join(dir, 'state', 'runbrain.sqlite');
    expect(await runTune(['--config', path, '--project', 'p1', '--db', dbFile, '--write'], h.io)).toBe(0);
    expect(JSON.parse(h.out())).toEqual(JSON.parse(dry.out()));
    expect(parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(dry.out()));
    expect(readFileSync(path, 'utf8')).toContain('"max_rounds": 3, // rounds per run');
    expect(h.err()).toBe(dry.err());
    const store = openStore(dbFile);
    expect((await listLedger(store.ledger, 'p1')).map((r) => [r.field, r.applied_by])).toEqual([
      ['mode', 'auto-tune'],
      ['max_rounds', 'auto-tune'],
    ]);
    await store.close();
  });

  it('on a tuning failure prints the original config, warns and exits 0', async () => {
    const { path } = tempConfig(ENABLED);
    const h = harness(async () => {
      throw new Error('logs folder unreadable');
    });
    expect(await runTune(['--config', path, '--project', 'p1', '--write', '--db', join(path, '..', 'x.sqlite')], h.io)).toBe(0);
    expect(JSON.parse(h.out())).toEqual(parse(ENABLED));
    expect(h.err()).toBe('[runbrain] auto-tune failed (continuing with the original config): logs folder unreadable\n');
    expect(readFileSync(path, 'utf8')).toBe(ENABLED);
  });

  it('falls back on a bad auto_tune section, and on --write without a ledger database', async () => {
    const bad = tempConfig(ENABLED.replace('"apply_safely": true', '"apply_safely": "yes"'));
    const h = harness(RECS);
    expect(await runTune(['--config', bad.path, '--project', 'p1'], h.io)).toBe(0);
    expect(JSON.parse(h.out()).auto_tune.apply_safely).toBe('yes');
    expect(h.err()).toMatch(/^\[runbrain\] auto-tune failed .*auto_tune.apply_safely must be true or false/);

    const { path } = tempConfig(ENABLED);
    const h2 = harness(RECS);
    expect(await runTune(['--config', path, '--project', 'p1', '--write'], h2.io)).toBe(0);
    expect(JSON.parse(h2.out())).toEqual(parse(ENABLED));
    expect(h2.err()).toMatch(/pass --db FILE/);
    expect(readFileSync(path, 'utf8')).toBe(ENABLED);
  });

  it('prints an unparseable config as it is and exits 0', async () => {
    const { path } = tempConfig('{ "mode": "2loop" ');
    const h = harness(RECS);
    expect(await runTune(['--config', path, '--project', 'p1'], h.io)).toBe(0);
    expect(h.out()).toBe('{ "mode": "2loop" ');
    expect(h.err()).toMatch(/auto-tune failed .*not valid JSONC: a closing '}' is expected at line 1, column 19/);
  });

  it('leaves the config alone when auto-tune is off, without analysing', async () => {
    const { path } = tempConfig(SEED_CONFIG);
    const h = harness(RECS);
    expect(await runTune(['--config', path, '--project', 'p1'], h.io)).toBe(0);
    expect(JSON.parse(h.out())).toEqual(parse(SEED_CONFIG));
    expect(h.err()).toBe('[runbrain] auto-tune is off (auto_tune.enabled is false); config unchanged\n');
    expect(h.calls).toEqual([]);
  });

  it('exits 2 with one sentence on usage errors', async () => {
    const { path } = tempConfig(ENABLED);
    for (const argv of [[], ['--config', path], ['--config', path, '--project', 'p1', '--bogus'], ['--config', '/nope/x.json', '--project', 'p']]) {
      const h = harness(RECS);
      expect(await runTune(argv, h.io)).toBe(2);
      expect(h.out()).toBe('');
      expect(h.err().trim().split('\n')).toHaveLength(1);
      expect(h.err()).toMatch(/^runbrain tune: /);
    }
    const h = harness(RECS);
    expect(await runTune(['--help'], h.io)).toBe(0);
    expect(h.out()).toMatch(/^usage: runbrain tune --config FILE --project ID/);
  });
});
