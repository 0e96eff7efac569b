import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { loadProjectAggregates, recomputeProjectAggregates } from './aggregates-store';
import { getRunDetail, ingestCounts, listProjectIds, listQuarantine, listRuns, projectVersion, runFacets } from './queries';
import { latestRunSettings, runsSince } from './run-history';

let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
  const lines = Array.from({ length: 30 }, (_, i) =>
    runLine({ run_id: `r${i}`, started_at: new Date(Date.UTC(2025, 9, 1, i)).toISOString(), mode: i < 20 ? '2-loop' : '3-loop',
      model: i % 2 ? 'a' : 'b', prompt_strategy: 's', total_cost_usd: i % 10 === 0 ? null : i / 10, qa_status: i % 3 ? 'passed' : 'failed',
      status: i === 5 ? 'timeout' : 'completed', max_rounds: i < 25 ? 3 : 5, max_cost_usd: 2 }),
  );
  fx.write('p/runs.jsonl', lines.join('\n') + '\n{"event":"note","run_id":"r3"}\n{bad\n');
  await ingestFolder(fx.db, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

describe('queries', () => {
  it('listRuns filters, sorts and pages', () => {
    const all = listRuns(fx.db, { project_id: 'p' });
    expect(all.total).toBe(30);
    expect(all.rows[0].run_id).toBe('r29');
    const page = listRuns(fx.db, { project_id: 'p', mode: '3-loop', sort: 'total_cost_usd', dir: 'asc', offset: 1, limit: 3 });
    expect(page.total).toBe(10);
    expect(page.rows.map((r) => r.run_id)).toEqual(['r21', 'r22', 'r23']); // r20 has no cost: NULL first in ascending order
    expect(listRuns(fx.db, { project_id: 'p', from: '2025-10-01T05:00:00Z', to: '2025-10-01T06:00:00Z' }).total).toBe(2);
    expect(listRuns(fx.db, { project_id: 'p', qa_status: 'failed', status: 'completed' }).total).toBe(10);
  });
  it('facets, detail, quarantine, counts, versions', () => {
    expect(runFacets(fx.db, 'p')).toEqual({ mode: ['2-loop', '3-loop'], prompt_strategy: ['s'], model: ['a', 'b'], status: ['completed', 'timeout'] });
    const d = getRunDetail(fx.db, 'p', 'r3');
    expect(d).toMatchObject({ line: 4, row: { run_id: 'r3', file: expect.stringMatching(/runs\.jsonl$/) } });
    expect(d?.events).toHaveLength(1);
    expect(getRunDetail(fx.db, 'p', 'nope')).toBeNull();
    expect(listQuarantine(fx.db).items).toMatchObject([{ line: 32, reason: expect.stringMatching(/^line 32: not valid JSON/) }]);
    expect(ingestCounts(fx.db)).toEqual({ files: 1, runs: 30, events: 1, quarantined: 1 });
    expect(listProjectIds(fx.db)).toEqual(['p']);
    expect(projectVersion(fx.db, 'p')).toBeGreaterThan(0);
  });
  it('latestRunSettings: the most recent value of each tunable field', () => {
    expect(latestRunSettings(fx.db, 'p')).toEqual({ mode: '3-loop', max_rounds: 5, max_cost_usd: 2, prompt_strategy: 's', model: 'a' });
    expect(latestRunSettings(fx.db, 'none')).toBeNull();
  });
  it('runsSince: realised effect of a setting since a time', () => {
    const s = runsSince(fx.db, 'p', Date.UTC(2025, 9, 1, 20), 'mode', '3-loop');
    expect(s).toMatchObject({ runs: 10, cost_n: 9, qa_n: 10, qa_passed: 7, log_n: 9 });
    expect(s.sum_cost).toBeCloseTo([21, 22, 23, 24, 25, 26, 27, 28, 29].reduce((a, b) => a + b / 10, 0), 9);
    expect(runsSince(fx.db, 'p', 0, 'max_rounds', 5).runs).toBe(5);
  });
  it('recomputeProjectAggregates repairs a damaged aggregate', () => {
    const before = loadProjectAggregates(fx.db, 'p');
    fx.db.prepare("UPDATE agg_arm SET n = 999 WHERE project_id = 'p' AND factor = ''").run();
    recomputeProjectAggregates(fx.db, 'p');
    expect(loadProjectAggregates(fx.db, 'p')?.overall).toEqual(before?.overall);
  });
});
