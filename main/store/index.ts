/** The store's public face: its interfaces and the factory. Nothing else of main/store is imported from outside. */
export { openStore, type LoadScope, type Store, type StoreOptions } from './store';
export type { AggregateStore, ArmExtrema } from './aggregate-store';
export { OVERALL } from './aggregate-store';
export type { ArmTimes, ExperimentCellRow, ExperimentStore } from './experiment-store';
export type { ExperimentQa, ExperimentRunRow } from './experiment-runs';
export type { ConfigLinkStore } from './config-link-store';
export type { DeclaredExperimentInput, DeclaredExperimentStore } from './declared-experiment-store';
export type { ChangeRow, HealthBucketRow, HealthRunRow, HealthStepRow, HealthStore } from './health-store';
export type { LearningChildRows, LearningRunRow, LearningStore } from './learning-store';
export type { LabelMeta, RunLabelStore } from './run-labels-store';
export type { DerivedTexts, DisplacedRun, EventInput, IngestWriter, QuarantineInput, RawSpan, RemovedRun, RunInsert, RunInsertResult, RunLocation, SourceFinish } from './ingest-writer';
export type { KeyMarks, LedgerInsert, LedgerKeyPath, LedgerRow, LedgerStore, ReplacedMark, StoredChange } from './ledger-store';
export type { QuarantineStore } from './quarantine-store';
export type { RawRef, RunStore, RunsPage, StoredRun, TunableValues } from './run-store';
export type { SettingsStore } from './settings-store';
export type { SourceRow, SourceStat, SourceStore } from './source-store';
export type { RunTotalsRow, TrendStore } from './trend-store';
export type { LimitChangeRow, RoundsOutcomeRow } from './limit-outcomes';
