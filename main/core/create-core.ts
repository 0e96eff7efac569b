/**
 * The RunBrain core: store + ingest + engine + config behind the operation handlers.
 * Runs in-process (CLI, tests) or inside a worker thread (desktop app, browser mode).
 */
import { mkdirSync } from 'node:fs';
import type { RunBrainHandlers } from '../../shared/operations';
import { ensureAggregates, ensureRunLabels, type IngestFolderOptions } from '../ingest';
import { openStore } from '../store';
import { AnalysisCache } from './analysis';
import { resolveConfigPath } from './config-link';
import type { CoreContext } from './context';
import { EventBus } from './event-bus';
import { FolderManager } from './folders';
import { appHandlers } from './handlers/app';
import { changeHandlers } from './handlers/changes';
import { experimentHandlers } from './handlers/experiments';
import { learningHandlers } from './handlers/learning';
import { projectHandlers } from './handlers/projects';
import { healthHandlers } from './handlers/health';
import { runHandlers } from './handlers/runs';
import { trendHandlers } from './handlers/trends';
import { HealthCache } from './health';
import { AfterIngest } from './after-ingest';
import { LearningCache } from './learning-cache';
import { ProvisionalProfiles } from './provisional-profiles';
import { readSettings, writeSettings } from './settings-store';
import type { CoreConnection } from './types';
import { withUserErrors } from './user-errors';

export interface CoreOptions {
  dbPath: string;
  dataDir: string;
  host: 'electron' | 'browser' | 'test';
  /** Folders to add (and keep) besides those remembered in settings. */
  folders?: string[];
  /** better_sqlite3.node built for the running runtime (Electron). */
  nativeBinding?: string;
  /** Watch folders for changes (default true). */
  watch?: boolean;
  now?: () => number;
  version?: string;
  /** The provisional fold of a first scan (issue 7 §6): worker count, the JSONL size it starts at, waiting for it (tests). */
  provisional?: IngestFolderOptions['provisional'];
}

/** How often, at most, a project's health is recomputed for recommendations while runs arrive. */
const HEALTH_THROTTLE_MS = 2000;

export async function createCore(options: CoreOptions): Promise<CoreConnection> {
  mkdirSync(options.dataDir, { recursive: true });
  const store = openStore(options.dbPath, { nativeBinding: options.nativeBinding });
  await ensureAggregates(store);
  // Runs stored before labels were kept, or under other label rules, are labelled now (once).
  await ensureRunLabels(store, new Date((options.now ?? Date.now)()).toISOString());
  const bus = new EventBus();
  const now = options.now ?? Date.now;
  const settings = () => readSettings(store.settings);
  const configPathOf = async (projectId: string) => resolveConfigPath(store.configLinks, projectId, (await settings()).project_configs);
  // While a folder ingests, each project's change points are recomputed at most every 2 s; a
  // trailing recompute that changes its alerts or proposals refreshes the analysis and the UI.
  const health = new HealthCache(store, {
    throttleMs: HEALTH_THROTTLE_MS,
    onRefreshed: (id) => {
      // Lazily: the analysis is recomputed when next asked (the UI asks on runs-changed).
      analysis.invalidate(id);
      void afterIngest.announceHealthOf(id);
      bus.emit({ type: 'runs-changed', project_ids: [id] });
    },
  });
  // Recovery proposals of health become recommendations (kind "recovery").
  const analysis = new AnalysisCache(store, configPathOf, settings, (id) => health.forRecommendations(id, now()));
  const learning = new LearningCache(store, now, health);
  const afterIngest = new AfterIngest({ ledger: store.ledger, bus, analysis, configPathOf, now, health });

  let afterIngestDone: Promise<void> = Promise.resolve();
  // Issue 7 §6: a first scan's profiles before its rows are stored, until the scan's runs change.
  const provisional = new ProvisionalProfiles();
  const folders = new FolderManager(store, bus, {
    watch: options.watch ?? true,
    now,
    provisional: options.provisional,
    onProvisional: (p) => {
      const ids = provisional.set(p);
      if (ids.length > 0) bus.emit({ type: 'runs-changed', project_ids: ids });
    },
    onRunsChanged: (projectIds) => {
      provisional.clear();
      for (const id of projectIds) {
        analysis.invalidate(id);
        learning.invalidate(id);
      }
      bus.emit({ type: 'runs-changed', project_ids: projectIds });
      // One after-ingest pass at a time, in order; close() waits for the last.
      afterIngestDone = afterIngestDone.then(() => afterIngest.run(projectIds));
    },
    onQuarantineChanged: () => bus.emit({ type: 'quarantine-changed' }),
  });

  const ctx: CoreContext = {
    store, bus, folders, analysis, health, learning, now, configPathOf, settings,
    provisionalProfile: async (id) => provisional.profile(id, folders.progress.runs_done, (await settings()).tuning_defaults.min_runs_for_recommendations),
    host: options.host,
    dbPath: options.dbPath,
    dataDir: options.dataDir,
    version: options.version ?? '0.1.0',
    saveSettings: (patch) => writeSettings(store.settings, patch),
  };

  const handlers: RunBrainHandlers = withUserErrors({
    ...appHandlers(ctx),
    ...projectHandlers(ctx),
    ...experimentHandlers(ctx),
    ...runHandlers(ctx),
    ...changeHandlers(ctx),
    ...healthHandlers(ctx),
    ...trendHandlers(ctx),
    ...learningHandlers(ctx),
  });

  const extra = (options.folders ?? []).map((f) => FolderManager.check(f));
  const remembered = (await settings()).folders;
  const all = [...new Set([...remembered, ...extra])];
  if (all.length !== remembered.length) await ctx.saveSettings({ folders: all });
  // Initial ingests run in the background; callers that need them done await `ready`.
  const ready = Promise.all(all.map((f) => folders.add(f)));

  return {
    handlers,
    subscribe: (listener) => bus.subscribe(listener),
    ready: ready.then(() => undefined),
    async close() {
      health.dispose();
      await folders.close();
      await afterIngestDone;
      await store.close();
    },
  };
}
