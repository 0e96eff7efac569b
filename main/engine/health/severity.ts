/**
 * Severity of a degradation from its size and its certainty (documented in docs/health.md):
 * - critical: certainty ≥ 0.99 and a size of ≥ 15 percentage points (rates) or ≥ 50 % (others);
 * - warning:  certainty ≥ 0.95 and ≥ 5 points or ≥ 20 %;
 * - info:     anything else that was detected.
 */
import type { SeriesFamily } from './series';
import type { Severity } from './types';

export const SEVERITY_RULE = {
  critical: { certainty: 0.99, rate_points: 0.15, relative: 0.5 },
  warning: { certainty: 0.95, rate_points: 0.05, relative: 0.2 },
} as const;

/** Severity from before/after values and the certainty that after is worse. */
export function severityOf(family: SeriesFamily, before: number | null, after: number | null, certainty: number): Severity {
  if (before == null || after == null) return 'info';
  const isRate = family === 'bernoulli';
  const size = isRate ? Math.abs(after - before) : before > 0 ? Math.abs(after / before - 1) : Infinity;
  for (const level of ['critical', 'warning'] as const) {
    const r = SEVERITY_RULE[level];
    if (certainty >= r.certainty && size >= (isRate ? r.rate_points : r.relative)) return level;
  }
  return 'info';
}
