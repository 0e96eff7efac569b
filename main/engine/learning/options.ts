/** Thresholds of the learning engine, documented in docs/learning.md; every one can be overridden. */
import type { LabelRules, LabelRulesInput } from '../../../shared/label-rules';

export interface LearningOptions {
  labels: LabelRules;
  patterns: {
    /** Gates failing more than this share of their checks get root causes. */
    gateFailureRate: number;
    topReasons: number;
    /** Override flag: rate above this with at least `overrideMinN` decisions. */
    overrideRate: number;
    overrideMinN: number;
    /** Token flag: tokens per success this much above the previous / best version. */
    tokenExcess: number;
    /** One-sided Fisher p below this counts as "better quality". */
    qualityAlpha: number;
    /** Calibration flag needs at least this many samples. */
    calibrationMinN: number;
  };
  loops: {
    /** Loop 1: a root cause seen this many times. */
    gateRepeat: number;
    /** Loop 2: override rate at or above this with at least `overrideMinN` decisions. */
    overrideRate: number;
    overrideMinN: number;
    /** Loop 4: relative drop of the quality metric vs the previous period. */
    qualityDrop: number;
    periodDays: number;
    /** Fewer runs than this in either period and the loop stays quiet. */
    periodMinRuns: number;
    /** Loop 5: tokens per success this much above the previous version. */
    tokenExcess: number;
    /** Handoff loop: B's success after A below this, with at least `handoffMinN` handoffs. */
    handoffSuccess: number;
    handoffMinN: number;
  };
  prediction: {
    /** Share of runs (the latest, by start time) held out to measure calibration. */
    holdoutShare: number;
    /** Below this many runs with a QA outcome, no model is fitted. */
    minRuns: number;
  };
}

export const DEFAULT_LEARNING_OPTIONS: LearningOptions = {
  labels: {
    maxRetries: 3,
    highSuccess: 0.9,
    highMaxRetries: 1.0,
    mediumSuccess: 0.75,
    minRunsPerVersion: 10,
    productionReady: 85,
    minorFixes: 70,
    weights: { coverage: 0.25, security: 0.3, performance: 0.2, rework: 0.25 },
    qualityMinInputs: 4,
  },
  patterns: {
    gateFailureRate: 0.1,
    topReasons: 3,
    overrideRate: 0.5,
    overrideMinN: 10,
    tokenExcess: 0.2,
    qualityAlpha: 0.05,
    calibrationMinN: 10,
  },
  loops: {
    gateRepeat: 3,
    overrideRate: 0.5,
    overrideMinN: 5,
    qualityDrop: 0.1,
    periodDays: 7,
    periodMinRuns: 5,
    tokenExcess: 0.2,
    handoffSuccess: 0.7,
    handoffMinN: 10,
  },
  prediction: { holdoutShare: 0.2, minRuns: 10 },
};

/** Deep partial, for callers that override a few thresholds. */
export type LearningOptionsInput = { [K in Exclude<keyof LearningOptions, 'labels'>]?: Partial<LearningOptions[K]> } & { labels?: LabelRulesInput };

/** Defaults with the caller's overrides applied (one level deep, per section). */
export function resolveOptions(input: LearningOptionsInput = {}): LearningOptions {
  const d = DEFAULT_LEARNING_OPTIONS;
  return {
    labels: { ...d.labels, ...input.labels, weights: { ...d.labels.weights, ...input.labels?.weights } },
    patterns: { ...d.patterns, ...input.patterns },
    loops: { ...d.loops, ...input.loops },
    prediction: { ...d.prediction, ...input.prediction },
  };
}
