/**
 * The one list of operation names and the IPC channel constants. Deliberately import-free (no
 * zod, no types from elsewhere): the sandboxed preload and the renderer bundle it as is, while
 * shared/operations.ts keys its schema table by it and the handler groups of main/core derive
 * their types from it. Add an operation here first; the compiler then points at every place
 * (schema table, handlers) that still lacks it.
 */

/** Operation names grouped by the core module that implements them (main/core/handlers/<group>.ts). */
export const OPERATION_GROUPS = {
  app: [
    'getStatus',
    'getIngestProgress',
    'getSettings',
    'updateSettings',
    'addFolder',
    'removeFolder',
    'pickFolder',
    'pickConfigFile',
    'createDemoData',
    'revealPath',
    'rescan',
  ],
  projects: ['listProjects', 'getProfile', 'getRecommendations'],
  experiments: ['getExperiments'],
  runs: ['listRuns', 'getRunFacets', 'getRun', 'listQuarantine'],
  changes: [
    'previewApply',
    'applyRecommendation',
    'previewUndo',
    'undoChange',
    'listLedger',
    'getTuningConfig',
    'setAutoTune',
    'updateTuningConfig',
    'linkConfig',
  ],
  health: ['getHealth', 'getPatternRuns'],
  trends: ['getTrends'],
  learning: ['getLearning', 'exportReport', 'declareExperiment', 'listDeclaredExperiments', 'deleteDeclaredExperiment'],
} as const;

export type OperationGroup = keyof typeof OPERATION_GROUPS;
/** The operation names of one group. */
export type OperationNameOf<G extends OperationGroup> = (typeof OPERATION_GROUPS)[G][number];
/** Every operation name. */
export type OperationName = OperationNameOf<OperationGroup>;

/** All operation names, group by group. */
export const OPERATION_NAMES: readonly OperationName[] = Object.values(OPERATION_GROUPS).flat();

/** Whether a string names an operation (for untrusted input: URLs, worker messages). */
export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && (OPERATION_NAMES as readonly string[]).includes(name);
}

/** Prefix of every operation channel, so the main process can reject anything else. */
export const OPERATION_CHANNEL_PREFIX = 'runbrain:';
/** Channel main uses to push RunBrainEvents to windows. */
export const EVENT_CHANNEL = 'runbrain:event';
/** IPC channel of an operation: `runbrain:<operation>`. */
export const channelOf = (name: OperationName): string => `${OPERATION_CHANNEL_PREFIX}${name}`;
