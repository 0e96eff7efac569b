/**
 * The project profile (seed `ProjectProfile`): what the project's runs cost, how often they
 * pass QA, and how each arm of each factor compares. Reads the aggregates kept at ingest only.
 */
import type { ArmStats, ModeStats, ModelStats, ProjectProfile, PromptVersionStats, StrategyStats, WeekPoint } from '../../shared/domain';
import type { Factor } from '../../shared/run-record';
import type { ArmAggregate, ProjectAggregates } from './aggregates';
import { costQuantiles } from './cost-quantiles';
import { geoMean, logSummary } from './stats/log-cost';
import { wilsonInterval } from './stats/wilson';

/** Arms with fewer runs get no score and cannot be preferred (the seed's minimum per arm). */
export const MIN_RUNS_PER_ARM = 3;

export const QUANTILE_METHOD =
  'Medians and p95 use linear interpolation between order statistics (the numpy/pandas default). ' +
  'Costs are kept in a log-scale histogram whose bins are 0.1 % wide and remember their exact sum, ' +
  'so each order statistic is its bin\'s mean: exact when the runs in a bin share one cost (always for ' +
  'cents-rounded costs under $10), otherwise within 0.1 %.';

/** QA pass rate counts `passed` only; `warning` and `failed` are not passes. */
function qaCounts(a: ArmAggregate): { n: number; rate: number | null; ci: [number, number] | null } {
  const n = a.qa_passed + a.qa_warning + a.qa_failed;
  return { n, rate: n > 0 ? a.qa_passed / n : null, ci: wilsonInterval(a.qa_passed, n) };
}

const div = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Statistics of one arm, without its score (the score needs the other arms). */
export function armStats(arm: string, a: ArmAggregate): ArmStats {
  const [median, p95] = costQuantiles(a, [0.5, 0.95]);
  const qa = qaCounts(a);
  return {
    arm,
    runs_count: a.n,
    cost_n: a.cost_n,
    avg_cost: div(a.sum_cost, a.cost_n),
    median_cost: median,
    min_cost: a.min_cost,
    max_cost: a.max_cost,
    p95_cost: p95,
    geo_mean_cost: geoMean(logSummary(a)),
    // Both terms over the same runs (cost and QA known): Σ cost / passes among them.
    cost_per_passed_run: div(a.qa_cost_sum, a.qa_cost_passed),
    avg_duration: div(a.sum_duration, a.duration_n),
    avg_rounds_used: div(a.sum_rounds, a.rounds_n),
    qa_pass_rate: qa.rate,
    qa_pass_rate_ci: qa.ci,
    qa_passed: a.qa_passed,
    qa_warning: a.qa_warning,
    qa_failed: a.qa_failed,
    qa_unknown: a.n - qa.n,
    score: null,
  };
}

/**
 * Scores the arms of one factor and returns the preferred one.
 * score = 0.7 · qa_pass_rate + 0.3 · (cheapest_median_cost / median_cost), over arms with
 * ≥ 3 runs, a QA rate and a median cost. Both terms are in [0, 1] (the cheapest arm gets the
 * full 0.3), unlike the seed's QA·0.7 + (1/cost)·0.3, whose cost term depends on the currency
 * unit. Ties go to the arm with more runs, then to the name. This ranks point estimates: it is
 * a summary for display, not a test; recommendations use the statistical comparison instead.
 */
export function scoreArms(arms: ArmStats[]): string | null {
  const eligible = arms.filter((s) => s.runs_count >= MIN_RUNS_PER_ARM && s.qa_pass_rate != null && s.median_cost != null);
  if (eligible.length === 0) return null;
  const cheapest = Math.min(...eligible.map((s) => s.median_cost!));
  for (const s of eligible) {
    const median = s.median_cost!;
    // A free arm (median 0) is the cheapest; a paid arm next to a free one gets no cost credit.
    const cheapness = median === 0 ? 1 : cheapest / median;
    s.score = 0.7 * s.qa_pass_rate! + 0.3 * cheapness;
  }
  eligible.sort((a, b) => b.score! - a.score! || b.runs_count - a.runs_count || a.arm.localeCompare(b.arm));
  return eligible[0].arm;
}

function factorStats<K extends string>(agg: ProjectAggregates, factor: Factor, key: K) {
  const arms = [...agg.factors[factor].entries()]
    .filter(([, a]) => a.n > 0)
    .sort((x, y) => y[1].n - x[1].n || x[0].localeCompare(y[0]))
    .map(([name, a]) => armStats(name, a));
  const preferred = scoreArms(arms);
  const out: Record<string, ArmStats & Record<K, string>> = {};
  for (const s of arms) out[s.arm] = { ...s, [key]: s.arm } as ArmStats & Record<K, string>;
  return { stats: out, preferred };
}

/** At most this many equal-width buckets below the overflow bucket. */
export const COST_HISTOGRAM_MAX_BUCKETS = 30;

type CostHistogramBucket = ProjectProfile['cost_histogram'][number];

/** Removes float noise from an edge (3 × 0.1 → 0.3) so edges compare equal to cents-rounded costs. */
const clean = (x: number): number => Number(x.toPrecision(12));

/** "Nice" bucket widths (1, 2, 2.5, 5 × 10^k), ascending from the one at or below `raw`. */
function* niceSteps(raw: number): Generator<number> {
  for (let base = 10 ** Math.floor(Math.log10(raw)); ; base *= 10) for (const f of [1, 2, 2.5, 5]) yield clean(f * base);
}

/**
 * Cost per run as equal-width buckets from the cheapest run to about the 99th percentile, read
 * from the overall arm's log bins: each bin goes whole to the bucket holding its mean, so a
 * count is exact unless a bucket edge cuts through a 0.1 %-wide bin. When the most expensive
 * runs lie far beyond p99 (max > 1.5 · p99, with ≥ 100 costs), they share one overflow bucket
 * [edge, max_cost] so one outlier does not squash the rest into a single bar.
 */
export function costHistogram(a: ArmAggregate, maxBuckets = COST_HISTOGRAM_MAX_BUCKETS): CostHistogramBucket[] {
  if (a.cost_n <= 0 || a.min_cost == null || a.max_cost == null || a.cost_bins.size === 0) return [];
  const min = a.min_cost;
  const max = a.max_cost;
  if (max <= min) return [{ lo: min, hi: max, count: a.cost_n }];
  const [p99] = costQuantiles(a, [0.99]);
  const top = a.cost_n >= 100 && p99 != null && p99 > min && max > 1.5 * p99 ? p99 : max;
  // The narrowest nice width whose buckets, aligned on multiples of it, cover [min, top] with
  // `top` itself inside the last [lo, hi) bucket.
  let step = 0;
  let start = 0;
  let n = 0;
  for (const s of niceSteps((top - min) / maxBuckets)) {
    step = s;
    start = clean(Math.floor(min / s) * s);
    n = Math.max(1, Math.floor((top - start) / s) + 1);
    while (clean(start + n * s) <= top) n++;
    while (n > 1 && clean(start + (n - 1) * s) > top) n--;
    if (n <= maxBuckets) break;
  }
  const overflow = top < max;
  const edges = Array.from({ length: n + 1 }, (_, i) => clean(start + i * step));
  const buckets: CostHistogramBucket[] = edges.slice(0, n).map((lo, i) => ({ lo, hi: edges[i + 1], count: 0 }));
  if (overflow) buckets.push({ lo: edges[n], hi: max, count: 0, overflow: true });
  a.cost_bins.forEach(([count, sum]) => {
    if (count <= 0) return;
    // Rounded like the edges: 3 runs of $0.70 sum to 2.0999…96, whose mean must still be 0.70.
    const v = clean(sum / count);
    // Last edge ≤ v, by binary search over the n + 1 edges; above the last edge is overflow.
    let lo = 0;
    let hi = edges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    buckets[Math.min(lo, buckets.length - 1)].count += count;
  });
  return buckets;
}

function weeklyTrend(agg: ProjectAggregates): WeekPoint[] {
  return [...agg.weeks.values()]
    .filter((w) => w.n > 0)
    .sort((a, b) => (a.week_start < b.week_start ? -1 : a.week_start > b.week_start ? 1 : 0))
    .map((w) => ({
      week_start: w.week_start,
      runs: w.n,
      qa_pass_rate: div(w.qa_passed, w.qa_n),
      qa_pass_rate_ci: wilsonInterval(w.qa_passed, w.qa_n),
      avg_cost: div(w.sum_cost, w.cost_n),
    }));
}

/** Builds the full profile of one project from its aggregates (pure, O(arms · bins)). */
export function buildProfile(agg: ProjectAggregates, opts: { min_runs_for_recommendations: number }): ProjectProfile {
  const o = agg.overall;
  const overall = armStats('all', o);
  const modes = factorStats(agg, 'mode', 'mode');
  const strategies = factorStats(agg, 'prompt_strategy', 'strategy');
  const models = factorStats(agg, 'model', 'model');
  const versions = factorStats(agg, 'prompt_version', 'prompt_version');

  const rounds = [...agg.rounds.values()].filter((r) => r.n > 0).sort((a, b) => a.rounds - b.rounds);
  const rounds_distribution: Record<string, number> = {};
  let hit = 0;
  let withLimit = 0;
  for (const r of rounds) {
    rounds_distribution[String(r.rounds)] = r.n;
    hit += r.hit_max_n;
    withLimit += r.with_limit_n;
  }

  return {
    project_id: agg.project_id,
    runs_count: o.n,
    modes: modes.stats as Record<string, ModeStats>,
    preferred_mode: modes.preferred,
    min_cost: overall.min_cost,
    median_cost: overall.median_cost,
    max_cost: overall.max_cost,
    avg_cost: overall.avg_cost,
    p95_cost: overall.p95_cost,
    cost_per_passed_run: overall.cost_per_passed_run,
    avg_rounds_used: overall.avg_rounds_used,
    max_rounds_completed: rounds.length > 0 ? rounds[rounds.length - 1].rounds : null,
    rounds_distribution,
    hit_max_rounds_rate: div(hit, withLimit),
    strategies: strategies.stats as Record<string, StrategyStats>,
    preferred_strategy: strategies.preferred,
    models: models.stats as Record<string, ModelStats>,
    preferred_model: models.preferred,
    prompt_versions: versions.stats as Record<string, PromptVersionStats>,
    overall_qa_pass_rate: overall.qa_pass_rate,
    overall_qa_pass_rate_ci: overall.qa_pass_rate_ci,
    qa_passed: o.qa_passed,
    qa_warning: o.qa_warning,
    qa_failed: o.qa_failed,
    qa_unknown: overall.qa_unknown,
    sufficient_data: o.n >= opts.min_runs_for_recommendations,
    min_runs_for_recommendations: opts.min_runs_for_recommendations,
    cost_histogram: costHistogram(o),
    weekly_trend: weeklyTrend(agg),
    first_run_at: o.first_ms != null ? new Date(o.first_ms).toISOString() : null,
    last_run_at: o.last_ms != null ? new Date(o.last_ms).toISOString() : null,
    quantile_method: QUANTILE_METHOD,
  };
}
