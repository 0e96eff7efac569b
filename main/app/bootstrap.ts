/**
 * Starts the desktop app: single-instance lock, security defaults, window, IPC, the core worker,
 * menu, notifications and an orderly quit that closes the database before exiting.
 */
import { app, BrowserWindow, dialog, ipcMain, session, type WebContents } from 'electron';
import { dirname, join } from 'node:path';
import { APP_INDEX_URL, registerAppScheme, serveRenderer } from './app-protocol';
import { startCoreWorker } from '../core/worker-client';
import type { CoreConnection } from '../core/types';
import { deferredHandlers } from './core-handlers';
import { forwardEvents } from './event-forwarding';
import { registerOperations } from './ipc';
import { installMenu } from './menu';
import { resolveNativeBindingOrExplain } from './native-binding';
import { withDesktopHandlers } from './native-dialogs';
import { createHealthNotifier } from './health-notifications';
import { createRecommendationNotifier } from './notifications';
import { denyAllPermissions, hardenWebContents } from './security';
import { createSenderGuard, type RendererLocation } from './sender-guard';
import { createMainWindow } from './window';

export interface AppPaths {
  /** out/preload/index.cjs */
  preloadPath: string;
  /** out/renderer/index.html */
  rendererIndex: string;
}

/** Env var that points the app at its own data folder (e2e tests give each test a fresh one). */
export const USER_DATA_ENV = 'RUNBRAIN_USER_DATA_DIR';
const CLOSE_TIMEOUT_MS = 5000;

/** Boots the app; resolves once the window exists (or right away when another instance runs). */
export async function startApp(paths: AppPaths): Promise<void> {
  // Must precede the lock: the lock lives in the userData folder, so test instances don't collide.
  const userDataOverride = process.env[USER_DATA_ENV];
  if (userDataOverride) app.setPath('userData', userDataOverride);

  if (!app.requestSingleInstanceLock()) {
    // Another RunBrain is running; it gets a 'second-instance' event and comes to the front.
    app.quit();
    return;
  }

  const windows = new Set<BrowserWindow>();
  let mainWindow: BrowserWindow | null = null;
  const cleanups: Array<() => void> = [];

  // Set once the app is ready; a second launch during start-up just finds the window later.
  let openWindow: (() => BrowserWindow) | null = null;

  const showMainWindow = (): void => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      openWindow?.();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  app.on('second-instance', showMainWindow);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  // Privileged schemes must be declared before the app is ready.
  registerAppScheme();

  await app.whenReady();
  denyAllPermissions(session.defaultSession);

  const dataDir = app.getPath('userData');
  const nativeBinding = resolveNativeBindingOrExplain(
    { isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath },
    process.versions.electron ?? 'unknown',
  );
  if (!nativeBinding) {
    app.quit();
    return;
  }

  const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  // The built renderer comes from app://runbrain/ (CSP as a header, no file:// privileges).
  if (!devServer) await serveRenderer(session.defaultSession, dirname(paths.rendererIndex));
  const renderer: RendererLocation = devServer ? { kind: 'dev-server', url: devServer } : { kind: 'app', url: APP_INDEX_URL };

  openWindow = (): BrowserWindow => {
    const win = createMainWindow({ preloadPath: paths.preloadPath, renderer, userDataDir: dataDir });
    windows.add(win);
    mainWindow = win;
    win.on('closed', () => {
      windows.delete(win);
      if (mainWindow === win) mainWindow = null;
    });
    return win;
  };
  const open = openWindow;

  // The core (SQLite, ingest, analysis) runs in a worker thread, never on this event loop.
  const core: Promise<CoreConnection> = startCoreWorker({
    dbPath: join(dataDir, 'runbrain.db'),
    dataDir,
    nativeBinding,
    host: 'electron',
  });
  core.catch((error: unknown) => {
    dialog.showErrorBox('RunBrain could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  });

  const isOurs = (contents: WebContents): boolean => [...windows].some((w) => !w.isDestroyed() && w.webContents === contents);
  cleanups.push(
    registerOperations(
      ipcMain,
      withDesktopHandlers(deferredHandlers(core), () => mainWindow),
      createSenderGuard(renderer, isOurs),
    ),
  );

  open();
  installMenu({ platform: process.platform, appName: app.name, isDev: !app.isPackaged, dataDir });

  void core.then((connection) => {
    cleanups.push(forwardEvents(connection, () => [...windows].map((w) => w.webContents)));
    const notifier = createRecommendationNotifier({ getSettings: () => connection.handlers.getSettings({}), onClick: showMainWindow });
    cleanups.push(connection.subscribe(notifier.listener), notifier.dispose);
    const healthNotifier = createHealthNotifier({ getSettings: () => connection.handlers.getSettings({}), onClick: showMainWindow });
    cleanups.push(connection.subscribe(healthNotifier.listener), healthNotifier.dispose);
  }, () => undefined);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (windows.size === 0) open();
  });

  let phase: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'closed') return;
    // Hold the quit until the worker has closed the database cleanly (WAL checkpoint).
    event.preventDefault();
    if (phase === 'closing') return;
    phase = 'closing';
    for (const cleanup of cleanups.splice(0)) cleanup();
    void closeCore(core).finally(() => {
      phase = 'closed';
      app.quit();
    });
  });
}

async function closeCore(core: Promise<CoreConnection>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
  try {
    await Promise.race([core.then((c) => c.close()), timeout]);
  } catch {
    // A core that never started or fails to close must not keep the app alive.
  } finally {
    clearTimeout(timer);
  }
}
