/**
 * The experiments' sums kept at ingest (stored-sums.ts), read back as the engine's FactorSums:
 * a factor's arms-by-stratum sums are marginals of the stored triples; `analysisSums` gives them in
 * the canonical order a scan reproduces (`canonicalSums`), so both paths give the same output.
 */
import { NO_VALUE, WEEK, type ArmSums, type FactorSums, type StratumSums } from './sums';
import { DAY_MS, EXPERIMENT_FACTORS, NULL_LEVEL, DIMS, D, F, SUMMED, FIRST, LAST, taskIds, TRIPLES, tripleIds, type Cell, type ProjectExperimentSums } from './stored-sums';

/** A cell as the engine's ArmSums (times only where `times`). */
export function armSumsOf(c: Float64Array, times = true): ArmSums {
  const m = (i: number) => ({ n: c[i], sum: c[i + 1], sum2: c[i + 2] });
  return {
    n: c[0], qa_n: c[1], passes: c[2], cost: m(3), zero_cost: c[6], log_cost: m(7),
    cp: { n: c[10], sum_cost: c[11], sum_cost2: c[12], passes: c[13], sum_cost_pass: c[14] },
    duration: m(15), tokens: m(18), retries: m(21), rating: m(24), override_n: c[27], overrides: c[28],
    first_ms: times && !Number.isNaN(c[FIRST]) ? c[FIRST] : null, last_ms: times && !Number.isNaN(c[LAST]) ? c[LAST] : null,
  };
}

function levelName(s: string): string {
  return s === NULL_LEVEL ? NO_VALUE : s;
}

/** Adds a cell's sums into arm → level (a stratum's cells, summed from finer ones). */
export function addInto(m: Map<string, Map<string, Float64Array>>, arm: string, level: string, c: Cell): void {
  let inner = m.get(arm);
  if (!inner) {
    inner = new Map();
    m.set(arm, inner);
  }
  const have = inner.get(level);
  if (have) for (let i = 0; i < SUMMED; i++) have[i] += c[i];
  else inner.set(level, c.slice(0, SUMMED));
}

/** The summed cells of a stratum as the engine's arm × level sums. */
export function toStratum(m: Map<string, Map<string, Float64Array>>): StratumSums {
  const out: StratumSums = new Map();
  for (const [arm, inner] of m) out.set(arm, new Map([...inner].map(([l, c]) => [l, armSumsOf(c, false)])));
  return out;
}

/**
 * Every factor's sums (arms, tasks, strata over each other dimension and each pair) from the
 * kept cells; strata as the engine builds them (singles in dimension order, then pairs; levels
 * of a missing value are "(none)"), week strata always present.
 */
export function projectFactorSums(ps: ProjectExperimentSums): Map<string, FactorSums> {
  const out = new Map<string, FactorSums>();
  for (let f = 0; f < F; f++) {
    const names = ps.levels[f].names;
    const arms = new Map<string, ArmSums>();
    for (const [id, c] of ps.arms[f]) arms.set(names[id], armSumsOf(c));
    const tasks = new Map<string, Map<string, ArmSums>>();
    let withTask = 0;
    for (const [key, c] of ps.taskCells[f]) {
      const [armId, taskId] = taskIds(key);
      const arm = names[armId];
      let inner = tasks.get(arm);
      if (!inner) {
        inner = new Map();
        tasks.set(arm, inner);
      }
      inner.set(ps.tasks.names[taskId], armSumsOf(c, false));
      withTask += c[0];
    }
    const singles = new Map<number, Map<string, Map<string, Float64Array>>>();
    const pairs = new Map<string, Map<string, Map<string, Float64Array>>>();
    for (let k = 0; k < TRIPLES.length; k++) {
      const tri = TRIPLES[k];
      const pos = tri.indexOf(f);
      if (pos < 0) continue;
      const others = tri.filter((d) => d !== f) as [number, number];
      // Each other dimension's single stratum is summed from the first triple that holds it.
      const fillSingle = others.filter((d) => !singles.has(d));
      for (const d of fillSingle) singles.set(d, new Map());
      const pairMap = new Map<string, Map<string, Float64Array>>();
      pairs.set(`${DIMS[others[0]]}×${DIMS[others[1]]}`, pairMap);
      for (const [key, c] of ps.triples[k]) {
        const lv = tripleIds(key);
        const armName = ps.levels[f].names[lv[pos]];
        if (armName === NULL_LEVEL) continue;
        const lvl = (d: number) => levelName(ps.levels[d].names[lv[tri.indexOf(d)]]);
        addInto(pairMap, armName, `${lvl(others[0])}×${lvl(others[1])}`, c);
        for (const d of fillSingle) addInto(singles.get(d)!, armName, lvl(d), c);
      }
    }
    const strata = new Map<string, StratumSums>();
    for (let d = 0; d < D; d++) if (d !== f) strata.set(DIMS[d], toStratum(singles.get(d) ?? new Map()));
    for (let i = 0; i < D; i++) {
      for (let j = i + 1; j < D; j++) {
        if (i === f || j === f) continue;
        strata.set(`${DIMS[i]}×${DIMS[j]}`, toStratum(pairs.get(`${DIMS[i]}×${DIMS[j]}`) ?? new Map()));
      }
    }
    out.set(DIMS[f], { factor: DIMS[f], arms, tasks, strata, latest_value: null, latest_ms: null, runs_with_task: withTask });
  }
  return out;
}

function byTime(a: [string, ArmSums], b: [string, ArmSums]): number {
  const fa = a[1].first_ms;
  const fb = b[1].first_ms;
  if (fa !== fb) return fa == null ? 1 : fb == null ? -1 : fa - fb;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function sortedByName<V>(m: ReadonlyMap<string, V>): Map<string, V> {
  return new Map([...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/**
 * One factor's sums in the canonical order: arms by first start (undated last, then by name),
 * tasks and levels by name, strata in the engine's order; week strata dropped when no run is
 * dated (the scan has none then). Used by both the stored and the scan path.
 */
export function canonicalSums(fs: FactorSums, anyDated: boolean): FactorSums {
  const arms = new Map([...fs.arms].sort(byTime));
  const tasks = new Map<string, Map<string, ArmSums>>();
  for (const a of arms.keys()) {
    const t = fs.tasks.get(a);
    if (t) tasks.set(a, sortedByName(t));
  }
  const strata = new Map<string, StratumSums>();
  for (const [dim, m] of fs.strata) {
    if (!anyDated && dim.split('×').includes(WEEK)) continue;
    const out: StratumSums = new Map();
    for (const a of arms.keys()) {
      const inner = m.get(a);
      if (inner) out.set(a, sortedByName(inner));
    }
    strata.set(dim, out);
  }
  let withTask = 0;
  for (const inner of tasks.values()) for (const s of inner.values()) withTask += s.n;
  return { factor: fs.factor, arms, tasks, strata, latest_value: fs.latest_value, latest_ms: fs.latest_ms, runs_with_task: withTask };
}

/** Runs per day of the project from its dated sums (as `runsPerDay` computes it from runs). */
export function runsPerDayOf(dated: ArmSums): number | null {
  if (dated.n < 2 || dated.first_ms == null || dated.last_ms == null || dated.last_ms - dated.first_ms < 60_000) return null;
  return (dated.n - 1) / ((dated.last_ms - dated.first_ms) / DAY_MS);
}

/**
 * The stored sums ready for `experimentsFromSums`: canonical order, with the latest value of each
 * factor (from the runs: a removal cannot be undone in sums) for the assumed control.
 */
export function analysisSums(ps: ProjectExperimentSums, latest: Record<string, string | null>): Map<string, FactorSums> {
  const anyDated = ps.dated[0] > 0;
  const out = new Map<string, FactorSums>();
  for (const [factor, fs] of projectFactorSums(ps)) {
    const c = canonicalSums(fs, anyDated);
    c.latest_value = latest[factor] ?? null;
    c.latest_ms = null;
    out.set(factor, c);
  }
  return out;
}

/** Number of arms per factor (which factors have an experiment). */
export function armCounts(ps: ProjectExperimentSums): Map<string, number> {
  return new Map(EXPERIMENT_FACTORS.map((f, i) => [f, ps.arms[i].size]));
}

/** Whether `value` is an arm of `factor`. */
export function hasArm(ps: ProjectExperimentSums, factor: string, value: string): boolean {
  return armCell(ps, factor, value) != null;
}

/** Arm cells of a factor by value (for the time refresh). */
export function armCell(ps: ProjectExperimentSums, factor: string, value: string): [Cell, number] | null {
  const f = DIMS.indexOf(factor);
  if (f < 0 || f >= F) return null;
  const id = ps.levels[f].ids.get(value);
  if (id === undefined) return null;
  const c = ps.arms[f].get(id);
  return c ? [c, id] : null;
}
