/** Everything a handler needs, built once by createCore. */
import type { ProjectProfile, Settings } from '../../shared/domain';
import type { Store } from '../store';
import type { AnalysisCache } from './analysis';
import type { EventBus } from './event-bus';
import type { FolderManager } from './folders';
import type { HealthCache } from './health';
import type { LearningCache } from './learning-cache';

export interface CoreContext {
  store: Store;
  bus: EventBus;
  folders: FolderManager;
  analysis: AnalysisCache;
  health: HealthCache;
  learning: LearningCache;
  host: 'electron' | 'browser' | 'test';
  dbPath: string;
  dataDir: string;
  version: string;
  now: () => number;
  settings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<Settings>;
  /** The config file linked to a project: chosen by the user, else found near its run_logs folder. */
  configPathOf(projectId: string): Promise<string | null>;
  /** A first scan's provisional profile of the project while its rows are being stored (issue 7 §6), else null. */
  provisionalProfile?(projectId: string): Promise<ProjectProfile | null>;
}
