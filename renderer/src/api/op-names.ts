/**
 * Every operation name, checked against the shared table at compile time. A type-only import of
 * shared/operations keeps zod out of the renderer bundle; `satisfies` fails the build when an
 * operation is added to (or removed from) the table without being listed here.
 */
import type { OperationName } from '../../../shared/operations';

const NAMES = {
  getStatus: true,
  getIngestProgress: true,
  listProjects: true,
  getProfile: true,
  getRecommendations: true,
  previewApply: true,
  applyRecommendation: true,
  previewUndo: true,
  undoChange: true,
  listLedger: true,
  listRuns: true,
  getRunFacets: true,
  getRun: true,
  listQuarantine: true,
  getStrategies: true,
  getTuningConfig: true,
  setAutoTune: true,
  updateTuningConfig: true,
  getSettings: true,
  updateSettings: true,
  addFolder: true,
  removeFolder: true,
  pickFolder: true,
  pickConfigFile: true,
  linkConfig: true,
  createDemoData: true,
  revealPath: true,
  rescan: true,
} as const satisfies Record<OperationName, true>;

// The reverse check: no name above that the table does not have.
type Extra = Exclude<keyof typeof NAMES, OperationName>;
const noExtra: [Extra] extends [never] ? true : false = true;
void noExtra;

/** All operation names, in table order. */
export const OPERATION_NAMES = Object.keys(NAMES) as OperationName[];
