/** The dashboard's time series over a date range: points per day or week, totals, breakdown by factor. */
import type { HandlersOf } from '../../../shared/operations';
import { BREAKDOWN_FACTORS, type BreakdownFactor, type BreakdownRow, type TrendsResult } from '../../../shared/trends';
import { breakdownRows, resolveRange, totalsOf, trendPoints } from '../../engine/trends';
import type { CoreContext } from '../context';
import { UserError } from '../types';

type Handlers = HandlersOf<'trends'>;

export function trendHandlers(ctx: CoreContext): Handlers {
  return {
    async getTrends({ project_id, range, bucket, from, to }) {
      const { trends } = ctx.store;
      if (!(await ctx.store.aggregates.projectIds()).includes(project_id)) throw new UserError(`No runs for project "${project_id}".`, 'not-found');
      const span = await trends.span(project_id);
      const latest = span.last_ms;
      let r;
      try {
        r = resolveRange(range, latest, span.first_ms, { from, to });
      } catch (err) {
        throw new UserError(`getTrends: ${err instanceof Error ? err.message : String(err)}`, 'invalid-request');
      }
      const empty = Object.fromEntries(BREAKDOWN_FACTORS.map((f) => [f, [] as BreakdownRow[]])) as Record<BreakdownFactor, BreakdownRow[]>;
      const base: Omit<TrendsResult, 'points' | 'totals' | 'breakdown'> = {
        project_id, range, bucket, from: r?.from ?? null, to: r?.to ?? null, latest_run_at: latest == null ? null : new Date(latest).toISOString(),
      };
      if (!r) return { ...base, points: [], totals: totalsOf([]), breakdown: empty };
      const days = (await trends.dailyTotals(project_id, r.fromMs, r.toMs)).map((d) => ({ ...d, key: Number(d.key) }));
      const breakdown = { ...empty };
      for (const f of BREAKDOWN_FACTORS) breakdown[f] = breakdownRows(await trends.factorTotals(project_id, f, r.fromMs, r.toMs));
      return { ...base, points: trendPoints(days, bucket), totals: totalsOf(days), breakdown };
    },
  };
}
