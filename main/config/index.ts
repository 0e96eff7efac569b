/** The config layer's public API: read, edit, preview/apply/undo with the ledger, auto-tune, discovery. */
export { ConfigError, ConfigConflictError, ConfigNotFoundError, sha256 } from './jsonc';
export { readProjectConfig, FIELD_KEYS, type ProjectConfig, type CurrentValues } from './project-config';
export { editConfigText, editConfigTextMany, detectFormatting, type ConfigEdit } from './edit';
export {
  previewChange,
  applyChange,
  previewUndo,
  undoChange,
  listLedger,
  getLedgerEntry,
  type ChangePreview,
  type UndoPreview,
  type ApplyRequest,
  type ChangeRequest,
  type LedgerRow,
} from './apply';
export { setTuning } from './tuning';
export { selectAutoTunable, applyAutoTune, tuneConfigObject, type AutoTuneResult, type TuneChange } from './auto-tune';
export { findConfigNear } from './discover';
