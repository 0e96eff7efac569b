import { collect } from '../test-helpers/collect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyArm } from '../../shared/aggregates';
import { AGGREGATE_FOLD_VERSION, aggregateRuns } from '../engine/aggregates';
import { ingestFolder } from './ingest-folder';
import { ensureAggregates, rebuildAggregates } from './rebuild-aggregates';
import { fixture, NOW, runLine, type Fixture } from './test-helpers';

let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
  fx.write('p/a.jsonl', [1, 2, 3].map((i) => runLine({ run_id: `a${i}`, total_cost_usd: i / 10, model: 'm' })).join('\n') + '\n');
  fx.write('q/b.json', runLine({ run_id: 'b', project_id: 'q', total_cost_usd: 2 }));
  await ingestFolder(fx.store, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

const damage = async () => await fx.store.ingestUnit(async () => await fx.store.aggregates.writeArm('p', '', '', { ...emptyArm(), n: 999 }));
const full = async (p: string) => aggregateRuns(p, await collect(fx.store.runs.factsOfProject(p)));

describe('aggregate rebuild', () => {
  it('a new store records the current fold version; nothing to rebuild then', async () => {
    expect(await fx.store.aggregates.foldVersion()).toBe(AGGREGATE_FOLD_VERSION);
    await damage();
    expect(await ensureAggregates(fx.store)).toEqual([]);
    expect((await fx.store.aggregates.load('p'))?.overall.n).toBe(999);
  });

  it('rebuildAggregates recomputes every project from its runs and bumps their versions', async () => {
    const v = await fx.store.aggregates.version('p');
    await damage();
    expect(await rebuildAggregates(fx.store)).toEqual(['p', 'q']);
    expect(await fx.store.aggregates.load('p')).toEqual(await full('p'));
    expect((await fx.store.aggregates.load('q'))?.overall.sum_cost).toBe(2);
    expect(await fx.store.aggregates.version('p')).toBe(v + 1);
  });

  it('a stale fold version makes the next ingest rebuild before it folds', async () => {
    await damage();
    await fx.store.ingestUnit(async () => await fx.store.aggregates.setFoldVersion(AGGREGATE_FOLD_VERSION - 1));
    fx.write('p/c.json', runLine({ run_id: 'c', total_cost_usd: 0.4, model: 'm' }));
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(await fx.store.aggregates.foldVersion()).toBe(AGGREGATE_FOLD_VERSION);
    const stored = await fx.store.aggregates.load('p');
    expect(stored?.overall.n).toBe(4);
    expect(stored?.overall.sum_cost).toBeCloseTo(1.0, 12);
    expect(stored?.factors.model.get('m')).toEqual((await full('p')).factors.model.get('m'));
  });
});
