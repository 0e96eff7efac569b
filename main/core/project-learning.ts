/**
 * The learning analysis of one project already in the database (main/engine/learning): its runs
 * from the store, gate reasons grouped by the health engine's template miner. Used by the core's
 * `getLearning` and by the CLI's train / metrics / report / predict / analyze.
 */
import { mineTemplates } from '../engine/health/templates/miner';
import type { RecoveryStrategySlot, RetryHotspotSlot } from '../engine/health/types';
import { learn, type LearningResult, type LearningRun, type Predictor, type TemplateOf } from '../engine/learning';
import type { Store } from '../store';
import { loadLearningRuns } from './learning-runs';
import { activeLabelRules } from '../ingest/run-labels';

/**
 * Message → template by masking alone (quoted strings, paths, hex ids, numbers): the fallback for
 * a message the miner did not see.
 */
export const maskTemplateOf: TemplateOf = (m) =>
  m
    .replace(/"[^"]*"|'[^']*'/g, '<*>')
    .replace(/(?:[A-Za-z]:)?(?:[\w.-]*\/)+[\w.-]+/g, '<path>')
    .replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{8,}\b/gi, '<*>')
    .replace(/\d+(?:\.\d+)?/g, '<*>')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Message → template from the health engine's template miner, mined over the given messages (the
 * project's gate-failure reasons) in one pass so every message gets its group's final template.
 */
export function drainTemplateOf(messages: readonly string[]): TemplateOf {
  const distinct = [...new Set(messages)];
  const { templates, assignments } = mineTemplates(distinct);
  const byMessage = new Map(distinct.map((m, i) => [m, templates[assignments[i]].template]));
  return (m) => byMessage.get(m) ?? maskTemplateOf(m);
}

/** The failure reasons of a project's gates, as the root-cause pattern reads them. */
function gateReasons(runs: readonly LearningRun[]): string[] {
  return runs.flatMap((r) => (r.gates ?? []).flatMap((g) => (g.result === 'fail' && g.reason?.trim() ? [g.reason.trim()] : [])));
}

export interface ProjectLearning {
  project_id: string;
  result: LearningResult;
  predictor: Predictor;
}

/** The learning analysis of one project already in the store. */
export function learnProjectFromStore(store: Store, projectId: string, now: Date, opts: {
  last?: number;
  templateOf?: TemplateOf;
  health?: { retry_hotspots?: RetryHotspotSlot[]; error_recovery?: RecoveryStrategySlot[] };
} = {}): ProjectLearning {
  const runs = loadLearningRuns(store, projectId, { last: opts.last });
  // The settings' label rules: the stored run labels were derived under them, per-version labels follow them here.
  const labels = activeLabelRules(store.settings).rules;
  const { result, predictor } = learn({ runs, now, templateOf: opts.templateOf ?? drainTemplateOf(gateReasons(runs)), health: opts.health, options: { labels } });
  result.labels.derived.rules_since = store.runLabels.meta()?.since ?? null;
  return { project_id: projectId, result, predictor };
}
