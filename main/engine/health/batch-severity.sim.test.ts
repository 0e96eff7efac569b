/**
 * Batched runs (benchmark submissions, nightly jobs: many runs share one start time and their
 * batch's conditions) on seeded projects: when the batch is the unit (batch-estimates.ts), a
 * stable project whose batches merely differ gets few warnings; counted run by run, the same
 * differences look certain. A real, lasting shift is still called.
 */
import { describe, expect, it } from 'vitest';
import { computeHealth } from './compute-health';
import { type Rng, seededRng, simulateRuns, STABLE } from './simulate';
import type { HealthRun } from './types';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const DAY = 86_400_000;

/** `batches` batches of `perBatch` runs a day apart; each batch's cost, duration and pass rate drawn around the stable regime (`costFactor`, `passShift`: planted shifts). */
function batchedProject(rng: Rng, batches: number, perBatch: number, costFactor: (batch: number) => number = () => 1, passShift: (batch: number) => number = () => 0): HealthRun[] {
  const effects = Array.from({ length: batches }, () => ({ cost: Math.exp(0.35 * rng.normal()), duration: Math.exp(0.2 * rng.normal()), pass: 0.06 * rng.normal() }));
  const runs = simulateRuns(rng, {
    n: batches * perBatch, stepMs: 1,
    regime: (i) => {
      const j = Math.floor(i / perBatch);
      const e = effects[j];
      return {
        ...STABLE, medianCost: STABLE.medianCost * e.cost * costFactor(j), medianDuration: STABLE.medianDuration * e.duration,
        passRate: Math.min(0.99, Math.max(0.05, STABLE.passRate + e.pass + passShift(j))),
      };
    },
  });
  return runs.map((r, i) => ({ ...r, started_ms: T0 + Math.floor(i / perBatch) * DAY }));
}

/** The same runs with times of their own (a ms apart): what run-by-run counting sees. */
const unbatched = (runs: readonly HealthRun[]): HealthRun[] => runs.map((r, i) => ({ ...r, started_ms: r.started_ms + i }));

/** Has the project a degradation alert (of at least `level`)? */
const alerted = (runs: readonly HealthRun[], level: 'info' | 'warning' = 'info') =>
  computeHealth({ project_id: 'p', runs, now_ms: T0 }).alerts.some((a) => a.kind === 'degradation' && (level === 'info' || a.severity !== 'info'));

describe('health on batched runs (seeded)', () => {
  it('stable projects whose batches differ: ≤ 5 % with any degradation alert when the batch is the unit, most of them when runs are counted', () => {
    const rng = seededRng(20261201);
    const N = 150;
    let byBatch = 0;
    let byBatchWarned = 0;
    let byRun = 0;
    for (let p = 0; p < N; p++) {
      const runs = batchedProject(rng, 30, 20);
      if (alerted(runs)) byBatch++;
      if (alerted(runs, 'warning')) byBatchWarned++;
      if (alerted(unbatched(runs))) byRun++;
    }
    const pct = (x: number) => `${(100 * x / N).toFixed(1)} %`;
    console.log(`stable batched projects (30 batches of 20 runs; batch sd 0.35 on log cost, 0.2 on log duration, 6 points of pass rate): ` +
      `any degradation alert in ${pct(byBatch)} (warning or critical ${pct(byBatchWarned)}) counting batches, ${pct(byRun)} counting runs`);
    // The budget for stable projects: ≤ 5 % with any degradation alert over all their series.
    expect(byBatch / N).toBeLessThanOrEqual(0.05);
    expect(byRun / N).toBeGreaterThan(0.5);
  }, 120_000);

  it('looked at after every new batch (6th to 30th), ≤ 5 % of stable batched projects ever get a degradation alert', () => {
    const rng = seededRng(99);
    const N = 100;
    let ever = 0;
    for (let p = 0; p < N; p++) {
      const runs = batchedProject(rng, 30, 20);
      for (let g = 6; g <= 30; g++) {
        if (alerted(runs.slice(0, g * 20))) {
          ever++;
          break;
        }
      }
    }
    console.log(`stable batched projects looked at after each of their 6th…30th batches: ever alerted ${(100 * ever / N).toFixed(1)} % of ${N}`);
    expect(ever / N).toBeLessThanOrEqual(0.05);
  }, 120_000);

  it('a lasting 2.5× rise in cost, or a pass-rate drop of 30 points, over the last 10 of 30 batches is still a warning or critical', () => {
    const rng = seededRng(7);
    const N = 60;
    let found = 0;
    for (let p = 0; p < N; p++) if (alerted(batchedProject(rng, 30, 20, (j) => (j >= 20 ? 2.5 : 1)), 'warning')) found++;
    let dropped = 0;
    const passAlert = (runs: HealthRun[]) => computeHealth({ project_id: 'p', runs, now_ms: T0 }).alerts
      .some((a) => a.kind === 'degradation' && a.metric === 'qa_pass_rate' && a.severity !== 'info');
    for (let p = 0; p < N; p++) if (passAlert(batchedProject(rng, 30, 20, () => 1, (j) => (j >= 20 ? -0.3 : 0)))) dropped++;
    console.log(`from batch 20 of 30: cost ×2.5 a warning or critical in ${(100 * found / N).toFixed(1)} %, pass rate −30 points in ${(100 * dropped / N).toFixed(1)} %`);
    expect(found / N).toBeGreaterThanOrEqual(0.8);
    expect(dropped / N).toBeGreaterThanOrEqual(0.8);
  }, 120_000);
});
