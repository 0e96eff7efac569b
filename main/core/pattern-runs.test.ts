import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { HealthCache } from './health';
import { patternRunsOf } from './pattern-runs';

let fx: Fixture;
const T0 = Date.UTC(2025, 8, 1);
const at = (i: number) => new Date(T0 + i * 3_600_000).toISOString();

beforeEach(async () => {
  fx = fixture();
  // 60 runs; every 4th has a rate-limit error, runs 50–59 a selector timeout in a step as well.
  const lines = Array.from({ length: 60 }, (_, i) => runLine({
    project_id: 'p', run_id: `r${String(i).padStart(2, '0')}`, started_at: at(i), total_cost_usd: 1,
    ...(i % 4 === 0 ? { errors: [{ type: 'rate_limit', message: `429 Too Many Requests: retry in ${i}s`, agent: 'coder' }] } : {}),
    ...(i >= 50 ? { steps: [{ agent: 'tester', started_at: at(i), success: false, error: { type: 'timeout', message: `locator.click: Timeout ${1000 + i}ms exceeded. waiting for locator('#b${i}')` } }] } : {}),
  }));
  fx.write('p/runs.jsonl', `${lines.join('\n')}\n`);
  await ingestFolder(fx.store, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

describe('getPatternRuns on a real store', () => {
  it('finds the runs behind each pattern of the health view, with the same totals', async () => {
    const { health } = await new HealthCache(fx.store).view('p', NOW);
    const rate = (health.error_patterns.find((p) => p.category === 'rate_limit'))!;
    const sel = (health.error_patterns.find((p) => p.category === 'selector_missing'))!;
    expect([rate.count, rate.runs, sel.count, sel.runs]).toEqual([15, 15, 10, 10]);
    // The counts over time add up to the pattern's count: 60 hourly runs fall on 3 UTC days.
    expect(rate.counts.bucket).toBe('day');
    expect(rate.counts.counts.reduce((a, b) => a + b, 0)).toBe(15);
    const r = await patternRunsOf(fx.store, 'p', rate.id, 5);
    expect(r).toMatchObject({ project_id: 'p', template_id: rate.id, template: rate.template, category: 'rate_limit', total_runs: 15, total_messages: 15, limit: 5 });
    expect(r.runs.map((x) => x.run_id)).toEqual(['r56', 'r52', 'r48', 'r44', 'r40']);
    expect(r.runs[0]).toEqual({ run_id: 'r56', at: at(56), message: '429 Too Many Requests: retry in 56s', source: 'error', agent: 'coder', messages: 1 });
    const s = await patternRunsOf(fx.store, 'p', sel.id, 100);
    expect(s.runs.map((x) => x.run_id)).toEqual(Array.from({ length: 10 }, (_, i) => `r${59 - i}`));
    expect(s.runs.every((x) => x.source === 'step' && x.agent === 'tester')).toBe(true);
  });

  it('says which id or project it does not know', async () => {
    await expect(patternRunsOf(fx.store, 'p', 't00000000', 5)).rejects.toThrow(/No error pattern "t00000000" in the recent runs of "p"/);
    await expect(patternRunsOf(fx.store, 'nope', 't00000000', 5)).rejects.toThrow('No runs for project "nope"');
  });
});
