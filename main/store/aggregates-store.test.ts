import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aggregateRuns, emptyArm, weekStart } from '../engine/aggregates';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { ingestFolder } from '../ingest/ingest-folder';
import { loadProjectAggregates, packBins, projectRunFacts, recomputeProjectAggregates, unpackBins } from './aggregates-store';
import { deferIndexes, restoreIndexes } from './bulk-load';

/** The Date-based weekStart this module had before the day-number arithmetic. */
function weekStartByDate(ms: number): string {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

describe('weekStart', () => {
  it('matches the Date-based computation every 97 minutes from 1969 to 2031, across DST and year ends', () => {
    const mismatches: number[] = [];
    for (let ms = Date.UTC(1969, 11, 1); ms < Date.UTC(2031, 0, 15); ms += 97 * 60_000) if (weekStart(ms) !== weekStartByDate(ms)) mismatches.push(ms);
    expect(mismatches).toEqual([]);
  });

  it('knows Mondays at the edges of days, weeks and years', () => {
    expect(weekStart(Date.parse('2024-12-30T00:00:00Z'))).toBe('2024-12-30'); // a Monday
    expect(weekStart(Date.parse('2024-12-29T23:59:59.999Z'))).toBe('2024-12-23');
    expect(weekStart(Date.parse('2025-01-01T12:00:00Z'))).toBe('2024-12-30');
    expect(weekStart(Date.parse('2025-03-30T01:30:00+01:00'))).toBe('2025-03-24'); // European DST change night
    expect(weekStart(Date.parse('2025-11-02T01:30:00-05:00'))).toBe('2025-10-27'); // US DST end
    expect(weekStart(0)).toBe('1969-12-29');
    expect(weekStart(-1)).toBe('1969-12-29');
  });
});

describe('cost bins blob', () => {
  it('round-trips bins exactly, including the zero-cost bin and fractional sums', () => {
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

  it('reads bins a version-1 database kept as rows, and moves them into the blob on the next write', async () => {
    fx.write('p/a.jsonl', [1, 2, 3].map((i) => runLine({ run_id: `a${i}`, total_cost_usd: i / 10, model: 'm' })).join('\n') + '\n');
    await ingestFolder(fx.db, fx.root, { now: NOW });
    const expected = aggregateRuns('p', [...projectRunFacts(fx.db, 'p')]);
    // Turn the stored aggregates into what schema version 1 wrote: bins as rows, no blob.
    for (const row of fx.db.prepare("SELECT factor, arm, bins FROM agg_arm WHERE project_id = 'p'").all() as Array<{ factor: string; arm: string; bins: Buffer }>) {
      const bins = new Map<number, [number, number]>();
      unpackBins(row.bins, bins);
      for (const [bin, [n, sum]] of bins) fx.db.prepare("INSERT INTO agg_cost_bin VALUES ('p', ?, ?, ?, ?, ?)").run(row.factor, row.arm, bin, n, sum);
    }
    fx.db.exec("UPDATE agg_arm SET bins = NULL WHERE project_id = 'p'");
    expect(loadProjectAggregates(fx.db, 'p')?.factors.model.get('m')?.cost_bins).toEqual(expected.factors.model.get('m')?.cost_bins);

    fx.write('p/b.jsonl', runLine({ run_id: 'b1', total_cost_usd: 0.7, model: 'm' }) + '\n');
    fx.db.exec("UPDATE project_versions SET version = version + 1 WHERE project_id = 'p'"); // as another writer would
    await ingestFolder(fx.db, fx.root, { now: NOW });
    expect(fx.db.prepare("SELECT count(*) FROM agg_cost_bin WHERE project_id = 'p'").pluck().get()).toBe(0);
    expect(fx.db.prepare("SELECT count(*) FROM agg_arm WHERE project_id = 'p' AND bins IS NULL").pluck().get()).toBe(0);
    const full = aggregateRuns('p', [...projectRunFacts(fx.db, 'p')]);
    const stored = loadProjectAggregates(fx.db, 'p');
    expect(stored?.overall.n).toBe(4);
    expect([...(stored?.overall.cost_bins ?? [])].sort()).toEqual([...full.overall.cost_bins].sort());
    expect(recomputeProjectAggregates(fx.db, 'p').overall.cost_n).toBe(4);
  });

  it('an index deferred by a bulk load that was killed comes back with the next ingest', async () => {
    const has = () => fx.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'runs_project_started'").pluck().get();
    deferIndexes(fx.db);
    expect(has()).toBe(0);
    fx.write('p/a.jsonl', runLine({ run_id: 'a' }) + '\n');
    await ingestFolder(fx.db, fx.root, { now: NOW });
    expect(has()).toBe(1);
    restoreIndexes(fx.db); // a no-op when present
    expect(has()).toBe(1);
  });
});
