import { describe, expect, it } from 'vitest';
import { newcombeDiffInterval } from '../stats/wilson';
import { compareVersions, parseVersion, versionEvolution } from './evolution';
import { xrun } from './test-runs';
import type { ExperimentRun } from './types';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);

describe('version parsing and order', () => {
  it('parses prompt versions and pre-releases', () => {
    expect(parseVersion('architect.v2.3')).toEqual({ prefix: 'architect', numbers: [2, 3], pre: [3, 0] });
    expect(parseVersion('v1.2-rc1')).toEqual({ prefix: '', numbers: [1, 2], pre: [2, 1] });
    expect(parseVersion('baseline')).toBeNull();
  });
  it('orders by number, not by text, and a release after its release candidates', () => {
    const vs = ['v1.10', 'v1.2', 'v1.2-rc1', 'v1.9', 'v2'].map((v) => ({ v, p: parseVersion(v)! }));
    vs.sort((a, b) => compareVersions(a.p, b.p));
    expect(vs.map((x) => x.v)).toEqual(['v1.2-rc1', 'v1.2', 'v1.9', 'v1.10', 'v2']);
  });
});

function versionRuns(value: string, n: number, passes: number, retries: number, startMs: number, factor = 'prompt_version', stepMs = DAY / 4): ExperimentRun[] {
  return Array.from({ length: n }, (_, i) => xrun({
    factors: { [factor]: value }, started_ms: startMs + i * stepMs, cost_usd: 1 + (i % 5) * 0.1,
    qa: i < passes ? 'passed' : 'failed', retries: retries + (i % 3), tokens: 1000 + (i % 7) * 10, human_override: i % 10 === 0,
  }));
}

describe('version evolution', () => {
  const runs = [
    ...versionRuns('architect.v2.10', 80, 76, 1, T0 + 40 * DAY),
    ...versionRuns('architect.v2.2', 80, 50, 3, T0),
    ...versionRuns('architect.v2.3', 40, 24, 2, T0 + 20 * DAY),
  ];
  const now = T0 + 70 * DAY;
  const e = versionEvolution(runs, 'prompt_version', now);
  it('orders by version number and reports each version', () => {
    expect(e.ordered_by).toBe('version');
    expect(e.versions.map((v) => v.value)).toEqual(['architect.v2.2', 'architect.v2.3', 'architect.v2.10']);
    const v22 = e.versions[0];
    expect(v22.runs).toBe(80);
    expect(v22.pass_rate).toBeCloseTo(50 / 80, 12);
    expect(v22.first_seen_ms).toBe(T0);
    expect(v22.override_rate).toBeCloseTo(8 / 80, 12);
    expect(v22.vs_previous).toBeNull();
  });
  it('compares each version with the previous one, with intervals', () => {
    const ch = e.versions[2].vs_previous!;
    expect(ch.previous).toBe('architect.v2.3');
    const ref = newcombeDiffInterval(76, 80, 24, 40)!;
    expect(ch.pass_diff).toBeCloseTo(76 / 80 - 24 / 40, 12);
    expect(ch.pass_diff_ci95![0]).toBeCloseTo(ref.ci_low, 12);
    // Retries: mean 2 + (0,1,2 cycle) vs 1 + cycle: a fall of about a third.
    expect(ch.retries!.change).toBeLessThan(-0.3);
    expect(ch.retries!.ci95![1]).toBeLessThan(0);
    expect(ch.summary).toMatch(/^architect\.v2\.10 vs architect\.v2\.3: \+35 pts pass rate \[\+\d+, \+\d+\], −3\d % retries/);
  });
  it('names deprecation candidates: newer better with always-valid confidence, old idle for 14 days', () => {
    expect(e.deprecation_candidates.map((c) => [c.value, c.superseded_by])).toEqual([['architect.v2.2', 'architect.v2.10'], ['architect.v2.3', 'architect.v2.10']]);
    // Relative to `now`: 10 days after v2.3's last run it is not yet a candidate.
    const soon = versionEvolution(runs, 'prompt_version', T0 + 20 * DAY + 39 * DAY / 4 + 10 * DAY);
    expect(soon.deprecation_candidates.map((c) => c.value)).toEqual(['architect.v2.2']);
  });
  it('falls back to first-seen order when a value does not parse', () => {
    const r = versionEvolution([...versionRuns('new-recipe', 5, 4, 1, T0 + DAY, 'recipe'), ...versionRuns('baseline', 5, 4, 1, T0, 'recipe')], 'recipe');
    expect(r.ordered_by).toBe('first_seen');
    expect(r.versions.map((v) => v.value)).toEqual(['baseline', 'new-recipe']);
    expect(r.versions[1].vs_previous!.previous).toBe('baseline');
  });
});
