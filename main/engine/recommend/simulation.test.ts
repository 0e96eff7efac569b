/**
 * Monte Carlo proof that the arm rules are trustworthy (issue 10, "Done means"). Seeded, so the
 * counts are reproducible; the seeds were not chosen for the outcome. Costs are lognormal,
 * rounded to cents as run logs record them; QA outcomes Bernoulli. Each test prints its rate and
 * asserts it against the 99 % point of the binomial at the target rate, so a test is neither
 * flaky nor vacuous. The rules run end to end: runs → experiments engine → judgeFactor.
 */
import { describe, expect, it } from 'vitest';
import type { Recommendation } from '../../../shared/domain';
import { analyzeExperiments, experimentsFromSums } from '../experiments/analyze';
import { buildFactorSums, mergeFactorSums, type FactorSums } from '../experiments/sums';
import type { ExperimentRun, QaOutcome } from '../experiments/types';
import { probAltWorse } from '../stats/beta-compare';
import { seededRandom, type Rng } from '../stats/sampling';
import { ARM_RULES, judgeFactor, qaTier, type FactorJudgement } from './arm-comparison';

const SETTINGS = { qa_margin: 0.05, willingness_to_pay_usd: null };
let seq = 0;

function xr(factors: Record<string, string>, cost: number, pass: boolean, task: string | null = null): ExperimentRun {
  return {
    run_id: `s${seq++}`, started_ms: null, factors, task_id: task, cost_usd: cost, qa: (pass ? 'passed' : 'failed') as QaOutcome,
    duration_s: null, tokens: null, retries: null, rating: null,
  };
}

/** Lognormal cost rounded to cents; `zero` is the share of $0 runs. */
function cost(rng: Rng, median: number, sigma: number, zero = 0): number {
  if (zero > 0 && rng.next() < zero) return 0;
  return Math.max(0.01, Math.round(median * Math.exp(sigma * rng.normal()) * 100) / 100);
}

interface Arm {
  median: number;
  sigma: number;
  pass: number;
  zero?: number;
}

function armRuns(rng: Rng, value: string, n: number, a: Arm): ExperimentRun[] {
  return Array.from({ length: n }, () => xr({ mode: value }, cost(rng, a.median, a.sigma, a.zero), rng.next() < a.pass));
}

/** The mode judgement at one look over all runs (current = "cur"). */
function judge(runs: ExperimentRun[], factors = ['mode']): FactorJudgement {
  const e = analyzeExperiments(runs, { controls: { mode: 'cur' }, factors, only: ['mode'] });
  return judgeFactor('mode', 'mode', e.find((x) => x.factor === 'mode'), 'cur', SETTINGS);
}

const mediumOrHigh = (r: Recommendation | Omit<Recommendation, 'id' | 'project_id'> | null): boolean => r != null && r.confidence !== 'low';

/** Upper 99 % point of Binomial(n, p). */
function binomialUpper99(n: number, p: number): number {
  let k = 0;
  let pmf = (1 - p) ** n;
  let cdf = pmf;
  while (cdf < 0.99) {
    pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
    k++;
    cdf += pmf;
  }
  return k;
}

/** Lower 1 % point of Binomial(n, p) (the count a rate at p stays above 99 % of the time). */
function binomialLower01(n: number, p: number): number {
  return n - binomialUpper99(n, 1 - p);
}

function pmf(n: number, p: number): number[] {
  const out: number[] = [];
  let c = 1;
  for (let k = 0; k <= n; k++) {
    out.push(c * p ** k * (1 - p) ** (n - k));
    c = (c * (n - k)) / (k + 1);
  }
  return out;
}

/** Exact P(P(worse by > 5 pts) ≤ cut [and P(worse by > 10 pts) ≤ tail]) over all QA outcomes at n runs per arm (the Beta posteriors). */
function pQaTierAtLeast(n: number, pAlt: number, pCur: number, cut: number, tail = 1): number {
  const a = pmf(n, pAlt);
  const c = pmf(n, pCur);
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= n; j++) {
      if (a[i] * c[j] < 1e-9) continue;
      if (probAltWorse(i, n, j, n, 0.05) <= cut && (tail >= 1 || probAltWorse(i, n, j, n, 0.1) <= tail)) sum += a[i] * c[j];
    }
  }
  return sum;
}

describe('QA tier cut-offs (exact)', () => {
  it('medium QA tier: 0.75 vs 0.90 at 20 runs per arm in 7 %; equal 0.9 at 100 runs per arm in 83 %', () => {
    // Reference: scipy (Beta posteriors integrated on a 4001-point grid, binomial weights):
    // P(P(worse by > 5 pts) ≤ 0.4) = 0.1419 and 0.8332 (at a 0.3 cut-off 0.0912 and 0.7484);
    // with the tail check P(worse by > 10 pts) ≤ 0.15 as well: 0.0717 and 0.8332.
    const m = ARM_RULES.qaTier.medium;
    const t = ARM_RULES.qaTail.medium;
    const low = pQaTierAtLeast(20, 0.75, 0.9, m, t);
    const eq = pQaTierAtLeast(100, 0.9, 0.9, m, t);
    console.info('P(QA tier ≥ medium): 0.75 vs 0.90 at 20/arm', low, '; equal 0.9 at 100/arm', eq);
    expect(low).toBeCloseTo(0.0717, 2);
    expect(eq).toBeCloseTo(0.8332, 2);
    expect(pQaTierAtLeast(20, 0.75, 0.9, m)).toBeCloseTo(0.1419, 2);
    expect(pQaTierAtLeast(100, 0.9, 0.9, 0.3)).toBeCloseTo(0.7484, 2);
  });

  it('0.50 vs 0.92 at 40 runs per arm: any tier (P ≤ 0.6) in < 0.1 %', () => {
    const p = pQaTierAtLeast(40, 0.5, 0.92, ARM_RULES.qaTier.low);
    console.info('P(QA tier ≥ low), 0.50 vs 0.92 at 40/arm:', p);
    expect(p).toBeLessThan(1e-3);
    expect(qaTier(0.61)).toBeNull();
    expect(qaTier(0.6)).toBe('low');
  });
});

describe('simulations', () => {
  it('identical arms looked at after every run (3 to 100 per arm): medium/high ever ≤ 5 %', () => {
    const SIMS = 200;
    let ever = 0;
    let everAny = 0;
    for (let s = 0; s < SIMS; s++) {
      const rng = seededRandom(910_000 + s);
      let fs: FactorSums | null = null;
      let hit = false;
      let any = false;
      for (let n = 1; n <= 100 && !hit; n++) {
        const add = buildFactorSums('mode', [xr({ mode: 'cur' }, cost(rng, 1, 0.4), rng.next() < 0.9), xr({ mode: 'alt' }, cost(rng, 1, 0.4), rng.next() < 0.9)], ['mode']);
        fs = fs ? mergeFactorSums(fs, add) : add;
        if (n < 3) continue;
        const [e] = experimentsFromSums(new Map([['mode', fs]]), { mode: 'cur' }, { alpha: 0.05, runs_per_day: null });
        const d = judgeFactor('mode', 'mode', e, 'cur', SETTINGS).draft;
        if (d) any = true;
        if (mediumOrHigh(d)) hit = true;
      }
      if (hit) ever++;
      if (any) everAny++;
    }
    console.info(`identical arms, any look: medium/high ever ${ever}/${SIMS}; any card (low included) ever ${everAny}/${SIMS}`);
    expect(ever).toBeLessThanOrEqual(binomialUpper99(SIMS, 0.05));
  });

  it('no effect within strata, 90/10 split by a 35 % cheaper model: not recommended in ≥ 95 %', () => {
    const SIMS = 400;
    let recommended = 0;
    const tiers: string[] = [];
    for (let s = 0; s < SIMS; s++) {
      const rng = seededRandom(920_000 + s);
      const runs: ExperimentRun[] = [];
      for (const [mode, cheapShare] of [['alt', 0.9], ['cur', 0.1]] as const) {
        for (let i = 0; i < 100; i++) {
          const cheap = rng.next() < cheapShare;
          runs.push(xr({ mode, model: cheap ? 'mini' : 'big' }, cost(rng, cheap ? 0.65 : 1, 0.4), rng.next() < 0.9));
        }
      }
      const d = judge(runs, ['mode', 'model']).draft;
      if (d) {
        recommended++;
        tiers.push(d.confidence);
      }
    }
    const mh = tiers.filter((t) => t !== 'low').length;
    console.info(`confounded 90/10 (100 runs per arm): recommended in ${recommended}/${SIMS}, medium/high ${mh}`);
    expect(recommended).toBeLessThanOrEqual(binomialUpper99(SIMS, 0.05));
    expect(mh).toBeLessThanOrEqual(binomialUpper99(SIMS, 0.025));
  });

  it('an arm that costs more in dollars (fewer $0 runs, or σ = 1 with a lower median): recommended as cheaper ≤ 5 %', () => {
    const SIMS = 150;
    const cases: Array<[string, Arm, Arm]> = [
      // Dollars: alt 0.9 × 0.75 = 0.675 vs cur 0.6 × 1 → alt 12.5 % dearer; its paid runs look 25 % cheaper.
      ['fewer $0 runs', { median: 0.75, sigma: 0.4, pass: 0.9, zero: 0.1 }, { median: 1, sigma: 0.4, pass: 0.9, zero: 0.4 }],
      // Dollars: 0.7·e^0.5 = 1.154 vs e^0.045 = 1.046 → alt 10 % dearer; its median is 30 % lower.
      ['σ = 1, lower median', { median: 0.7, sigma: 1, pass: 0.9 }, { median: 1, sigma: 0.3, pass: 0.9 }],
    ];
    for (const [name, alt, cur] of cases) {
      let cheaper = 0;
      for (let s = 0; s < SIMS; s++) {
        const rng = seededRandom(930_000 + s + (name.length << 16));
        const d = judge([...armRuns(rng, 'cur', 150, cur), ...armRuns(rng, 'alt', 150, alt)]).draft;
        if (d?.kind === 'cheaper') cheaper++;
      }
      console.info(`${name}: recommended as cheaper in ${cheaper}/${SIMS} (150 runs per arm)`);
      expect(cheaper, name).toBeLessThanOrEqual(binomialUpper99(SIMS, 0.05));
    }
  });

  it('30 % cheaper with QA 0.75 vs 0.90 at 20 runs per arm: medium/high ≤ 10 %', () => {
    const SIMS = 600;
    let fired = 0;
    for (let s = 0; s < SIMS; s++) {
      const rng = seededRandom(940_000 + s);
      const d = judge([...armRuns(rng, 'cur', 20, { median: 1, sigma: 0.3, pass: 0.9 }), ...armRuns(rng, 'alt', 20, { median: 0.7, sigma: 0.3, pass: 0.75 })]).draft;
      if (d?.kind === 'cheaper' && mediumOrHigh(d)) fired++;
    }
    console.info(`30 % cheaper, QA 0.75 vs 0.90, 20/arm: medium/high ${fired}/${SIMS}`);
    expect(fired).toBeLessThanOrEqual(binomialUpper99(SIMS, 0.1));
  });

  it('power: 30 % cheaper, equal QA 0.9, σ 0.3, 100 runs per arm: medium/high ≥ 80 %', () => {
    const SIMS = 250;
    let fired = 0;
    for (let s = 0; s < SIMS; s++) {
      const rng = seededRandom(950_000 + s);
      const d = judge([...armRuns(rng, 'cur', 100, { median: 1, sigma: 0.3, pass: 0.9 }), ...armRuns(rng, 'alt', 100, { median: 0.7, sigma: 0.3, pass: 0.9 })]).draft;
      if (d?.kind === 'cheaper' && mediumOrHigh(d)) fired++;
    }
    console.info(`power, 30 % cheaper at 100/arm: medium/high ${fired}/${SIMS}`);
    expect(fired).toBeGreaterThanOrEqual(binomialLower01(SIMS, 0.8));
  });

  it('QA 0.95 vs 0.70 at 80 runs per arm, 40 % dearer: surfaced as better quality ≥ 90 %', () => {
    const SIMS = 200;
    let surfaced = 0;
    let recommended = 0;
    for (let s = 0; s < SIMS; s++) {
      const rng = seededRandom(960_000 + s);
      const j = judge([...armRuns(rng, 'cur', 80, { median: 1, sigma: 0.3, pass: 0.7 }), ...armRuns(rng, 'alt', 80, { median: 1.4, sigma: 0.3, pass: 0.95 })]);
      const rec = j.draft?.kind === 'better_quality';
      const option = j.considered.some((c) => c.value === 'alt' && c.reason_kind === 'better_quality_at_price');
      if (rec) recommended++;
      if (rec || option) surfaced++;
    }
    console.info(`better quality at a price: surfaced ${surfaced}/${SIMS} (recommended ${recommended})`);
    expect(surfaced).toBeGreaterThanOrEqual(binomialLower01(SIMS, 0.9));
  });

  it('paired: a 40 % cheaper model 10 points worse on the same tasks is not recommended as cheaper at medium/high at 400 tasks (≤ 5 %)', () => {
    const SIMS = 100;
    let fired = 0;
    for (let s = 0; s < SIMS; s++) {
      const rng = seededRandom(970_000 + s);
      const runs: ExperimentRun[] = [];
      for (let t = 0; t < 400; t++) {
        // Task difficulty spreads pass rates from 0.55 to 1: pairing removes it, raw counts do not.
        const base = 0.55 + 0.45 * rng.next();
        runs.push(xr({ mode: 'cur' }, cost(rng, 1, 0.3), rng.next() < base, `t${t}`));
        runs.push(xr({ mode: 'alt' }, cost(rng, 0.6, 0.3), rng.next() < base - 0.1, `t${t}`));
      }
      const d = judge(runs).draft;
      if (d?.kind === 'cheaper' && mediumOrHigh(d)) fired++;
    }
    console.info(`paired, 10 points worse on the same tasks: cheaper medium/high ${fired}/${SIMS}`);
    expect(fired).toBeLessThanOrEqual(binomialUpper99(SIMS, 0.05));
  });
});
