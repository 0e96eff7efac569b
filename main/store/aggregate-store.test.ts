import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyArm, emptyProject } from '../../shared/aggregates';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { ingestFolder } from '../ingest/ingest-folder';
import { packBins, unpackBins } from './aggregate-store';
import type { SqliteStore } from './store';

describe('cost bins blob', () => {
  it('round-trips bins exactly, including the zero-cost bin and fractional sums', async () => {
    const arm = emptyArm();
    arm.cost_bins.set(-2_147_483_648, [3, 0]);
    arm.cost_bins.set(-1204, [2, 0.6000000000000001]);
    arm.cost_bins.set(1609, [1, 4.99]);
    const back = new Map<number, [number, number]>();
    unpackBins(packBins(arm.cost_bins), back);
    expect([...back]).toEqual([...arm.cost_bins]);
  });
});

describe('aggregates in the store', () => {
  let fx: Fixture;
  beforeEach(() => (fx = fixture()));
  afterEach(() => fx.cleanup());
  const db = () => (fx.store as SqliteStore).db;

  it('persists rows as given and reads them back; deleting the overall arm empties the project', async () => {
    const agg = emptyProject('p');
    Object.assign(agg.overall, { n: 3, cost_n: 2, sum_cost: 1.5, min_cost: 0.5, max_cost: 1, first_ms: 10, last_ms: 20 });
    agg.overall.cost_bins.set(7, [2, 1.5]);
    agg.factors.model.set('m', { ...emptyArm(), n: 3 });
    agg.rounds.set(2, { rounds: 2, n: 3, hit_max_n: 1, with_limit_n: 3 });
    agg.weeks.set('2025-09-29', { week_start: '2025-09-29', n: 3, qa_passed: 1, qa_n: 2, sum_cost: 1.5, cost_n: 2 });
    await fx.store.ingestUnit(async () => await fx.store.aggregates.replaceProject(agg));
    expect(await fx.store.aggregates.load('p')).toEqual(agg);
    expect(await fx.store.aggregates.projectIds()).toEqual(['p']);
    expect(await fx.store.aggregates.armNames('p', 'model')).toEqual(['m']);
    await fx.store.ingestUnit(async () => await fx.store.aggregates.deleteArm('p', '', ''));
    expect(await fx.store.aggregates.load('p')).toBeNull();
  });

  it('extrema come from the runs table, per arm', async () => {
    fx.write('p/a.jsonl', [1, 2, 3].map((i) => runLine({ run_id: `a${i}`, total_cost_usd: i, model: i < 3 ? 'm' : 'n', started_at: `2025-10-0${i}T10:00:00Z` })).join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const ext = await fx.store.aggregates.extrema('p');
    expect(ext.find((e) => e.factor === '')).toMatchObject({ min_cost: 1, max_cost: 3, first_ms: Date.parse('2025-10-01T10:00:00Z') });
    expect(ext.find((e) => e.factor === 'model' && e.arm === 'm')).toMatchObject({ min_cost: 1, max_cost: 2 });
  });

  it('keeps one fold version', async () => {
    await fx.store.ingestUnit(async () => await fx.store.aggregates.setFoldVersion(7));
    await fx.store.ingestUnit(async () => await fx.store.aggregates.setFoldVersion(8));
    expect(await fx.store.aggregates.foldVersion()).toBe(8);
  });

  it('an index deferred by a bulk load that was killed comes back with the next ingest', async () => {
    const has = () => db().prepare("SELECT count(*) FROM sqlite_master WHERE name = 'runs_project_started'").pluck().get();
    await fx.store.beginLoad({ deferIndexes: true }); // never ended: as if killed
    expect(has()).toBe(0);
    fx.write('p/a.jsonl', runLine({ run_id: 'a' }) + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(has()).toBe(1);
    await (await fx.store.beginLoad({ deferIndexes: false })).end(); // a no-op when present
    expect(has()).toBe(1);
  });
});
