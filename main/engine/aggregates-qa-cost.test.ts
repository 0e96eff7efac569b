import { describe, expect, it } from 'vitest';
import { aggregateRuns, foldRun, mergeAggregates } from './aggregates';
import { run } from './test-support';

describe('fold: cost per passed run over the same runs', () => {
  const runs = [
    run({ mode: 'a', total_cost_usd: 1, qa_status: 'passed' }),
    run({ mode: 'a', total_cost_usd: 2, qa_status: 'failed' }),
    run({ mode: 'a', total_cost_usd: 4, qa_status: null }),
    run({ mode: 'b', total_cost_usd: null, qa_status: 'passed' }),
    run({ mode: 'b', total_cost_usd: 3, qa_status: 'warning' }),
  ];

  it('counts only runs with both a cost and a QA outcome', () => {
    const agg = aggregateRuns('p', runs);
    expect([agg.overall.qa_cost_n, agg.overall.qa_cost_sum, agg.overall.qa_cost_passed]).toEqual([3, 6, 1]);
    const a = agg.factors.mode.get('a')!;
    expect([a.qa_cost_n, a.qa_cost_sum, a.qa_cost_passed]).toEqual([2, 3, 1]);
  });

  it('removing a run undoes it, and folds of disjoint runs merge', () => {
    const agg = aggregateRuns('p', runs);
    foldRun(agg, runs[1], -1);
    expect([agg.overall.qa_cost_n, agg.overall.qa_cost_sum, agg.overall.qa_cost_passed]).toEqual([2, 4, 1]);
    const merged = mergeAggregates(aggregateRuns('p', runs.slice(0, 2)), aggregateRuns('p', runs.slice(2)));
    const whole = aggregateRuns('p', runs);
    expect([merged.overall.qa_cost_n, merged.overall.qa_cost_sum, merged.overall.qa_cost_passed])
      .toEqual([whole.overall.qa_cost_n, whole.overall.qa_cost_sum, whole.overall.qa_cost_passed]);
  });
});
