/**
 * Desktop implementations of the host-specific operations: the native folder and file pickers
 * and "show in folder". They replace the core's defaults (which answer `supported: false`).
 */
import { dialog, Notification, shell, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { isAbsolute } from 'node:path';
import { UserError } from '../core/types';
import type { RunBrainHandlers } from '../../shared/operations';
import { pdfExportReport } from './report-pdf';
import { isRevealable, type RevealScope } from './reveal-guard';

type DesktopHandlers = Pick<RunBrainHandlers, 'pickFolder' | 'pickConfigFile' | 'revealPath'>;

async function pick(parent: BrowserWindow | null, options: OpenDialogOptions): Promise<{ path: string | null; supported: boolean }> {
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return { path: result.canceled ? null : (result.filePaths[0] ?? null), supported: true };
}

/** Nothing may be revealed until the core says what is watched. */
const NO_SCOPE = async (): Promise<RevealScope> => ({ folders: [], files: [] });

/**
 * The native handlers; `parentWindow` gives the window the dialogs attach to (sheet on macOS),
 * `revealScope` what "show in folder" may point at.
 */
export function nativeDialogHandlers(parentWindow: () => BrowserWindow | null, revealScope: () => Promise<RevealScope> = NO_SCOPE): DesktopHandlers {
  return {
    pickFolder: () =>
      pick(parentWindow(), {
        title: 'Choose a run_logs folder',
        buttonLabel: 'Watch this folder',
        properties: ['openDirectory', 'createDirectory'],
      }),
    pickConfigFile: () =>
      pick(parentWindow(), {
        title: "Link the project's config file",
        buttonLabel: 'Link',
        properties: ['openFile'],
        filters: [
          { name: 'Project config', extensions: ['json', 'jsonc'] },
          { name: 'All files', extensions: ['*'] },
        ],
      }),
    revealPath: async ({ path }) => {
      if (!isAbsolute(path)) throw new UserError(`Cannot show "${path}": it is not an absolute path.`, 'invalid-request');
      if (!isRevealable(path, await revealScope())) {
        throw new UserError(
          `Cannot show "${path}": RunBrain only shows files in its watched folders, its data folder and the linked config files.`,
          'invalid-request',
        );
      }
      shell.showItemInFolder(path);
      return { supported: true };
    },
  };
}

/** Core handlers with the desktop ones swapped in, and getStatus reporting the desktop capabilities. */
export function withDesktopHandlers(core: RunBrainHandlers, parentWindow: () => BrowserWindow | null): RunBrainHandlers {
  return {
    ...core,
    ...nativeDialogHandlers(parentWindow, () => revealScopeOf(core)),
    exportReport: pdfExportReport(core),
    getStatus: async (req) => {
      const status = await core.getStatus(req);
      return {
        ...status,
        capabilities: { pick_folder: true, pick_file: true, reveal_path: true, notifications: Notification.isSupported() },
      };
    },
  };
}

/** The watched folders, the data folder and every project's config file, asked of the core. */
export async function revealScopeOf(core: Pick<RunBrainHandlers, 'getStatus' | 'listProjects'>): Promise<RevealScope> {
  const [status, projects] = await Promise.all([core.getStatus({}), core.listProjects({})]);
  return {
    folders: [...status.folders, status.data_dir],
    files: projects.map((p) => p.config_path).filter((p): p is string => typeof p === 'string'),
  };
}
