/** The learning engine's public surface (docs/learning.md). */
export { learn, type LearnInput, type LearningResult, type HealthLink } from './learn';
export { DEFAULT_LEARNING_OPTIONS, resolveOptions, type LearningOptions, type LearningOptionsInput } from './options';
export { runLabels, gateLabel, decisionLabel, outputQualityLabel, qualityScore } from './labels';
export { buildPredictor, predictRun, type Predictor, type PredictionSummary, type RunPrediction } from './prediction';
export { PREDICTION_FACTORS, type PlannedSettings, type PredictionFactor } from './prediction-model';
export { renderLearningMarkdown, type ReportOptions } from './report-markdown';
export { renderLearningHtml } from './report-html';
export { METRICS, metricSeries, type MetricName } from './metrics';
export type { LearningRun, LearningStep, LearningGate, LearningDecision, TemplateOf } from './types';
export type { Suggestion, SuggestionType } from './suggestions';
