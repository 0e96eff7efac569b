/**
 * The learning analysis of one project's runs (issue 12): labels, patterns 1 and 3–7 (2 and 8
 * are the health engine's tables, linked through typed slots), suggestions, prediction, trends.
 * Pure: runs, the template function and `now` come in; a JSON-ready object goes out.
 */
import type { RecoveryStrategySlot, RetryHotspotSlot } from '../health/types';
import { calibration } from './calibration';
import { gateRootCauses } from './gate-root-causes';
import { handoffs } from './handoffs';
import { labelCounts } from './labels';
import { resolveOptions, type LearningOptionsInput } from './options';
import { overrides } from './overrides';
import { overview } from './overview';
import { buildPredictor, type Predictor } from './prediction';
import { compareQuality } from './quality-trend';
import { recipeSummary } from './recipes';
import { suggestions } from './suggestions';
import { tokenEfficiency } from './token-efficiency';
import { weeklyTrends } from './trends';
import type { LearningRun, TemplateOf } from './types';
import type { HealthLink, LearningResult as SharedLearningResult } from '../../../shared/learning';
export type { HealthLink };

/** The `learning` block (shared/learning.ts), with the health engine's row types in its two links. */
export type LearningResult<RetryRow = RetryHotspotSlot, RecoveryRow = RecoveryStrategySlot> = SharedLearningResult<RetryRow, RecoveryRow>;

export interface LearnInput<RetryRow = RetryHotspotSlot, RecoveryRow = RecoveryStrategySlot> {
  runs: readonly LearningRun[];
  now: Date;
  /** The health engine's template miner (message → template). */
  templateOf: TemplateOf;
  options?: LearningOptionsInput;
  /** The health engine's tables for the same runs, when the caller has them. */
  health?: { retry_hotspots?: RetryRow[]; error_recovery?: RecoveryRow[] };
}

/** Runs the whole learning analysis; also returns the fitted predictor for `predict`. */
export function learn<R = RetryHotspotSlot, E = RecoveryStrategySlot>(input: LearnInput<R, E>): { result: LearningResult<R, E>; predictor: Predictor } {
  const o = resolveOptions(input.options);
  const runs = input.runs;
  const rootCauses = gateRootCauses(runs, input.templateOf, o.patterns);
  const hand = handoffs(runs);
  const over = overrides(runs, o.patterns);
  const tokens = tokenEfficiency(runs, o.patterns);
  const quality = compareQuality(runs, input.now, o.loops, o.labels);
  const predictor = buildPredictor(runs, o.prediction);
  const projects = new Set(runs.map((r) => r.project_id));
  return {
    predictor,
    result: {
      project_id: projects.size === 1 ? [...projects][0] : null,
      generated_at: input.now.toISOString(),
      runs: runs.length,
      overview: overview(runs),
      labels: labelCounts(runs, o.labels),
      gate_root_causes: rootCauses,
      retry_hotspots: { source: 'health', table: 'retry_hotspots', rows: input.health?.retry_hotspots ?? null },
      handoffs: hand,
      overrides: over,
      token_efficiency: tokens,
      recipes: recipeSummary(runs, o.labels),
      calibration: calibration(runs, o.patterns),
      error_recovery: { source: 'health', table: 'error_recovery', rows: input.health?.error_recovery ?? null },
      quality_trend: quality,
      suggestions: suggestions({ runs, rootCauses, overrides: over, tokens, quality, handoffs: hand, options: o }),
      prediction: predictor.summary,
      trends: weeklyTrends(runs),
    },
  };
}
