// Calibrates the CUSUM thresholds of main/engine/health/thresholds.ts by simulation.
// `npx tsx bench/health-calibrate.ts [--sims 50000]` prints the H200 table (paste it into
// thresholds.ts); `--check` measures the per-series false-alarm rate of the current table at
// n = 200 and n = 2000 against its α (`--long-only`: n = 2000 only).
import { parseArgs } from 'node:util';
import { cusumChanges, CUSUM } from '../main/engine/health/cusum';
import { poisson, seededRng } from '../main/engine/health/simulate';
import { type SeriesFamily, transform } from '../main/engine/health/series';
import { ALPHA, type AlphaClass, BERNOULLI_P0, COUNT_LAMBDA } from '../main/engine/health/thresholds';

type Rng = ReturnType<typeof seededRng>;
type Gen = (rng: Rng, y: Float64Array) => void;
const { values } = parseArgs({ options: { sims: { type: 'string', default: '50000' }, check: { type: 'boolean', default: false }, refine: { type: 'boolean', default: false }, 'long-only': { type: 'boolean', default: false } } });
const SIMS = Number(values.sims);
const never = (): number => Infinity;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function quantile(xs: Float64Array, q: number): number {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

/** Largest worse / better chart values over SIMS stable series of 200. */
function maxima(gen: Gen, family: SeriesFamily): { up: Float64Array; down: Float64Array } {
  const rng = seededRng(20261201);
  const up = new Float64Array(SIMS);
  const down = new Float64Array(SIMS);
  const y = new Float64Array(200);
  for (let i = 0; i < SIMS; i++) {
    gen(rng, y);
    const track = { maxUp: 0, maxDown: 0 };
    cusumChanges(y, family, never, track, CUSUM);
    up[i] = track.maxUp;
    down[i] = track.maxDown;
  }
  return { up, down };
}

const bern = (p: number): Gen => (rng, y) => { for (let i = 0; i < y.length; i++) y[i] = rng.next() < p ? 1 : 0; };
const gauss: Gen = (rng, y) => { for (let i = 0; i < y.length; i++) y[i] = rng.normal(); };
const counts = (lambda: number): Gen => (rng, y) => { for (let i = 0; i < y.length; i++) y[i] = transform('count', poisson(rng, lambda)); };

function countLevel(lambda: number): number {
  const rng = seededRng(5);
  let s = 0;
  for (let i = 0; i < 200_000; i++) s += transform('count', poisson(rng, lambda));
  return s / 200_000;
}

if (process.argv.includes('--refine')) {
  // handled below
} else if (!values.check) {
  const classes = Object.keys(ALPHA) as AlphaClass[];
  const table: Record<string, Record<string, unknown>> = {};
  for (const c of classes) table[c] = { bernoulli_worse: [], bernoulli_better: [], count_level: [], count_worse: [], count_better: [] };
  for (const p of BERNOULLI_P0) {
    const m = maxima(bern(p), 'bernoulli');
    for (const c of classes) {
      (table[c].bernoulli_worse as number[]).push(round3(quantile(m.up, 1 - ALPHA[c])));
      (table[c].bernoulli_better as number[]).push(round3(quantile(m.down, 1 - ALPHA[c])));
    }
  }
  for (const l of COUNT_LAMBDA) {
    const m = maxima(counts(l), 'count');
    const level = round3(countLevel(l));
    for (const c of classes) {
      (table[c].count_level as number[]).push(level);
      (table[c].count_worse as number[]).push(round3(quantile(m.up, 1 - ALPHA[c])));
      (table[c].count_better as number[]).push(round3(quantile(m.down, 1 - ALPHA[c])));
    }
  }
  const g = maxima(gauss, 'lognormal');
  for (const c of classes) {
    table[c].gaussian_worse = round3(quantile(g.up, 1 - ALPHA[c]));
    table[c].gaussian_better = round3(quantile(g.down, 1 - ALPHA[c]));
  }
  console.log(JSON.stringify(table, null, 2));
} else {
  const sims = Math.round(SIMS / 5);
  const check = (label: string, n: number, gen: Gen, family: SeriesFamily, cls: AlphaClass): void => {
    const rng = seededRng(777);
    const y = new Float64Array(n);
    let worse = 0;
    for (let i = 0; i < sims; i++) {
      gen(rng, y);
      if (cusumChanges(y, family, undefined, undefined, CUSUM, cls).some((c) => c.direction === 'worse')) worse++;
    }
    console.log(`${label}\tn=${n}\tclass ${cls} (α ${ALPHA[cls]})\tfalse 'worse' alarms ${worse}/${sims} = ${(worse / sims).toFixed(4)}`);
  };
  for (const n of (values['long-only'] ? [2000] : [200, 2000])) {
    for (const cls of ['primary', 'project'] as AlphaClass[]) {
      for (const p of [0.05, 0.15, 0.4]) check(`bernoulli p0=${p}`, n, bern(p), 'bernoulli', cls);
      check('gaussian', n, gauss, 'lognormal', cls);
      for (const l of [0.2, 0.7, 3]) check(`count λ=${l}`, n, counts(l), 'count', cls);
    }
  }
}

// `--refine`: the charts look thresholds up at the *estimated* level, which scatters around
// the true one; where h changes steeply with the level that raises the false-alarm rate above α.
// One correction step per grid point: h += ln(measured rate / α) (rate ∝ e^(−h)), printed as a
// new table.
if (process.argv.includes('--refine')) {
  const { H200 } = await import('../main/engine/health/thresholds');
  const sims = SIMS;
  const rate = (n: number, gen: Gen, family: SeriesFamily, cls: AlphaClass, dir: 'worse' | 'better'): number => {
    const rng = seededRng(4242);
    const y = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < sims; i++) {
      gen(rng, y);
      if (cusumChanges(y, family, undefined, undefined, CUSUM, cls).some((c) => c.direction === dir)) k++;
    }
    return Math.max(k, 0.5) / sims;
  };
  const out = JSON.parse(JSON.stringify(H200)) as typeof H200;
  for (const cls of ['primary', 'project'] as AlphaClass[]) {
    BERNOULLI_P0.forEach((p, i) => {
      out[cls].bernoulli_worse[i] = round3(H200[cls].bernoulli_worse[i] + Math.max(-1, Math.min(2, Math.log(rate(200, bern(p), 'bernoulli', cls, 'worse') / ALPHA[cls]))));
    });
    COUNT_LAMBDA.forEach((l, i) => {
      out[cls].count_worse[i] = round3(H200[cls].count_worse[i] + Math.max(-1, Math.min(2, Math.log(rate(200, counts(l), 'count', cls, 'worse') / ALPHA[cls]))));
    });
  }
  console.log(JSON.stringify(out, null, 2));
}
