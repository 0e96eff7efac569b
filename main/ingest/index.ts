/** The ingestion layer's public API (what main/core calls). */
export { ingestFolder, type IngestFolderOptions, type IngestFolderResult, type PathResult, type ProvisionalAggregates } from './ingest-folder';
export { ingestPath, removePath, isRunLogPath, type IngestPathOptions } from './ingest-path';
export { watchFolder, type FolderWatcher, type WatchOptions } from './watch';
export { loadMapping, parseMapping, MappingError, MAP_FILE_NAME, type Mapping, type LoadedMapping } from './mapping';
export { normalizeRecord, type Normalized, type NormalizeContext } from './normalize';
export { parseJsonText } from './parse-json';
export type { IngestOptions } from './session';
export { ensureAggregates, rebuildAggregates } from './rebuild-aggregates';
export { activeLabelRules, ensureRunLabels, LABEL_RULES_SETTING, type LabelsEnsured } from './run-labels';
export { CUSTOM_FACTORS_KEY, foldersNeedingRescan, storedCustomFactors } from './session';
