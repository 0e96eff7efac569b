/**
 * Seeded simulations of the change-point detector (issue 11 §1): the false-alarm rate over
 * stable projects (all their series) and the detection delay of a pass-rate drop and a cost
 * rise. Each prints its rate and is asserted against a binomial bound, not an exact count.
 */
import { describe, expect, it } from 'vitest';
import { computeHealth } from './compute-health';
import { projectSeries, seriesEpisodes } from './degradation';
import { STABLE, seededRng, simulateRuns, simulateTeamRuns } from './simulate';
import { wilsonInterval } from '../stats/wilson';

/** Smallest k with P(Binomial(n, p) ≤ k) ≥ q (exact sum; n is a few hundred). */
export function binomialQuantile(q: number, n: number, p: number): number {
  let logPmf = n * Math.log(1 - p);
  let cdf = 0;
  for (let k = 0; k <= n; k++) {
    cdf += Math.exp(logPmf);
    if (cdf >= q) return k;
    logPmf += Math.log((n - k) / (k + 1)) + Math.log(p / (1 - p));
  }
  return n;
}

/** Largest count of N Bernoulli(p) trials we accept before calling the rate above p (1 % risk). */
const upper = (n: number, p: number): number => binomialQuantile(0.99, n, p);
/** Smallest count we accept before calling the rate below p. */
const lower = (n: number, p: number): number => binomialQuantile(0.01, n, p);
/** "k/N = rate [95 % Wilson interval]" for the printed results. */
const rate = (k: number, n: number): string => {
  const [lo, hi] = wilsonInterval(k, n) ?? [NaN, NaN];
  return `${k}/${n} = ${(k / n).toFixed(3)} [95 % CI ${lo.toFixed(3)}, ${hi.toFixed(3)}]`;
};
/** A stable multi-agent project: 4 agents (one planning, three per round) × 3 task types, 2 models, 2 prompt versions. */
const team = (rng: ReturnType<typeof seededRng>, n = 200) => simulateTeamRuns(rng, {
  n, agents: ['planner', 'coder', 'tester', 'reviewer'], taskTypes: ['feature', 'bugfix', 'refactor'],
  models: ['model-a', 'model-b'], promptVersion: (j) => (j < n / 2 ? 'v1' : 'v2'), maxRounds: 4, stepMs: 4 * 3_600_000,
});

describe('change points on simulated projects', () => {
  it('≤ 5 % of stable 200-run projects get any degradation alert over all their series (and the seed rule)', () => {
    const N = 400;
    const rng = seededRng(11);
    let alarmed = 0;
    let series = 0;
    for (let i = 0; i < N; i++) {
      // One run every 4 h: 200 runs span 33 days, so the seeds' 7-vs-30-day rule has its ≥ 30 runs.
      const runs = simulateRuns(rng, { n: 200, stepMs: 4 * 3_600_000 });
      series += projectSeries(runs).length;
      const health = computeHealth({ project_id: 'p', runs, now_ms: 0 });
      if (health.alerts.some((a) => a.kind === 'degradation')) alarmed++;
    }
    console.log(`stable projects with a false degradation alert: ${rate(alarmed, N)} (${series / N} series each)`);
    expect(alarmed).toBeLessThanOrEqual(upper(N, 0.05));
  });

  it('≤ 5 % of stable multi-agent projects (4 agents × 3 task types, 2 models, 2 prompt versions) get any degradation alert over all their series', () => {
    const N = 500;
    const rng = seededRng(31);
    let alarmed = 0;
    let series = 0;
    let subs = 0;
    for (let i = 0; i < N; i++) {
      const runs = team(rng);
      const watched = projectSeries(runs);
      series += watched.length;
      subs += watched.filter((w) => w.series.scope !== 'project').length;
      const health = computeHealth({ project_id: 'p', runs, now_ms: 0 });
      if (health.alerts.some((a) => a.kind === 'degradation')) alarmed++;
    }
    console.log(`stable multi-agent projects with a false degradation alert: ${rate(alarmed, N)} (${series / N} series each, ${subs / N} of them sub-series)`);
    // The sub-series must really be there: 4 agents × 5 metrics and 2 versions × 6 always, and
    // the models that reached 100 runs.
    expect(subs / N).toBeGreaterThanOrEqual(32);
    expect(alarmed).toBeLessThanOrEqual(upper(N, 0.05));
  });

  it('an ongoing drop stays ongoing (≤ 5 % wrongly resolved); a 40-run episode on a sub-series that the chart cannot see end is resolved', () => {
    const N = 300;
    const rng = seededRng(14);
    let detected = 0;
    let wronglyResolved = 0;
    for (let i = 0; i < N; i++) {
      const runs = simulateRuns(rng, { n: 200, regime: (j) => ({ ...STABLE, passRate: j < 100 ? 0.9 : 0.6 }) });
      const s = projectSeries(runs).find((x) => x.series.metric === 'qa_pass_rate' && x.series.scope === 'project')!;
      const e = seriesEpisodes(s.series, s.cls).find((x) => x.change.k >= 90);
      if (!e) continue;
      detected++;
      if (e.recovery) wronglyResolved++;
    }
    console.log(`ongoing drops marked resolved: ${rate(wronglyResolved, detected)}`);
    expect(detected).toBeGreaterThanOrEqual(lower(N, 0.8));
    expect(wronglyResolved).toBeLessThanOrEqual(upper(detected, 0.05));

    // Cost ×2.5 for runs 100–139 of 200: found, and seen to end (resolved) in most projects.
    let found = 0;
    let resolved = 0;
    for (let i = 0; i < N; i++) {
      const runs = simulateRuns(rng, { n: 200, regime: (j) => ({ ...STABLE, medianCost: j >= 100 && j < 140 ? 2 : 0.8 }) });
      const s = projectSeries(runs).find((x) => x.series.metric === 'cost_per_run' && x.series.scope === 'project')!;
      // As a sub-series would see it: the budget of one of ~45 sub-series.
      const e = seriesEpisodes(s.series, 0.005 / 45).find((x) => x.change.k >= 90 && x.change.k < 140);
      if (!e) continue;
      found++;
      if (e.recovery) resolved++;
    }
    console.log(`short episodes found: ${rate(found, N)}; of them resolved: ${rate(resolved, found)}`);
    expect(found).toBeGreaterThanOrEqual(lower(N, 0.8));
    expect(resolved).toBeGreaterThanOrEqual(lower(found, 0.8));
  });

  it('finds a pass-rate drop 0.9 → 0.6 after 100 stable runs within 40 runs in ≥ 80 % of projects', () => {
    const N = 300;
    const rng = seededRng(12);
    let found = 0;
    for (let i = 0; i < N; i++) {
      const runs = simulateRuns(rng, { n: 200, regime: (j) => ({ ...STABLE, passRate: j < 100 ? 0.9 : 0.6 }) });
      const s = projectSeries(runs).find((x) => x.series.metric === 'qa_pass_rate' && x.series.scope === 'project')!;
      const first = seriesEpisodes(s.series, s.cls)[0];
      if (first && first.change.detected >= 100 && first.change.detected < 140) found++;
    }
    console.log(`pass-rate drop found within 40 runs: ${found}/${N} = ${(found / N).toFixed(3)}`);
    expect(found).toBeGreaterThanOrEqual(lower(N, 0.8));
  });

  it('finds a 50 % rise in cost per run (lognormal σ 0.4) within 40 runs in ≥ 80 % of projects', () => {
    const N = 300;
    const rng = seededRng(13);
    let found = 0;
    let errs = 0;
    for (let i = 0; i < N; i++) {
      const runs = simulateRuns(rng, { n: 200, regime: (j) => ({ ...STABLE, medianCost: j < 100 ? 0.8 : 1.2 }) });
      const s = projectSeries(runs).find((x) => x.series.metric === 'cost_per_run' && x.series.scope === 'project')!;
      const first = seriesEpisodes(s.series, s.cls)[0];
      if (first && first.change.detected >= 100 && first.change.detected < 140) {
        found++;
        errs += Math.abs(first.change.k - 100);
      }
    }
    console.log(`cost rise found within 40 runs: ${found}/${N} = ${(found / N).toFixed(3)}; mean |change_at error| ${(errs / found).toFixed(1)} runs`);
    expect(found).toBeGreaterThanOrEqual(lower(N, 0.8));
  });
});
