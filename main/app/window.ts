/**
 * Creates the main BrowserWindow with the security settings RunBrain relies on, restores and
 * remembers its bounds, and shows it only once the first frame is ready (no white flash).
 */
import { BrowserWindow, nativeTheme, screen, type WebPreferences } from 'electron';
import { hardenWebContents } from './security';
import type { RendererLocation } from './sender-guard';
import { fitToDisplays, loadWindowState, MIN_WINDOW_SIZE, saveWindowState, windowStatePath, type WindowState } from './window-state';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  preloadPath: string;
  renderer: RendererLocation;
  /** The app's data folder; window-state.json lives there. */
  userDataDir: string;
}

/** The webPreferences every RunBrain window uses. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Creates, hardens and loads the main window. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const stateFile = windowStatePath(options.userDataDir);
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = fitToDisplays(loadWindowState(stateFile), workAreas);

  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : { center: true }),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'RunBrain',
    // Matches the renderer's first paint in either theme, so resizing never flashes white.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1115' : '#f7f8fa',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  hardenWebContents(win.webContents);
  if (state.maximized) win.maximize();

  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    const next: WindowState = { ...bounds, maximized: win.isMaximized() };
    try {
      saveWindowState(stateFile, next);
    } catch (error) {
      // Losing the window position is not worth an error dialog.
      console.warn('Could not save window-state.json', error);
    }
  });

  if (options.renderer.kind === 'file') void win.loadFile(options.renderer.path);
  else void win.loadURL(options.renderer.url);
  return win;
}
