/**
 * "Export report" as PDF, desktop only: the core writes the HTML report into the data folder,
 * a hidden, script-less window loads that file and Electron's webContents.printToPDF prints it
 * next to it (`.pdf`). Other formats go straight to the core.
 */
import { BrowserWindow } from 'electron';
import { renameSync, writeFileSync } from 'node:fs';
import type { RunBrainHandlers } from '../../shared/operations';

type ExportReport = RunBrainHandlers['exportReport'];

/** The hidden window the report is printed from: sandboxed, no scripts (the report needs none). */
function printWindow(): BrowserWindow {
  return new BrowserWindow({
    show: false,
    width: 1100,
    height: 1400,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
}

/** exportReport with `format: 'pdf'` printed by Electron; `makeWindow` is for tests. */
export function pdfExportReport(core: Pick<RunBrainHandlers, 'exportReport'>, makeWindow: () => BrowserWindow = printWindow): ExportReport {
  return async (req) => {
    if (req.format !== 'pdf') return core.exportReport(req);
    const html = await core.exportReport({ ...req, format: 'html' });
    const win = makeWindow();
    try {
      await win.loadFile(html.path);
      const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
      const path = html.path.replace(/\.html$/, '.pdf');
      writeFileSync(`${path}.tmp`, pdf);
      renameSync(`${path}.tmp`, path);
      return { path, format: 'pdf', file_name: html.file_name.replace(/\.html$/, '.pdf'), content: null };
    } finally {
      if (!win.isDestroyed()) win.close();
    }
  };
}
