import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, resetElectronMock } from './test/electron-mock';
import type { BrowserWindow } from 'electron';
import type { OpParsedRequest, RunBrainHandlers } from '../../shared/operations';
import { pdfExportReport } from './report-pdf';

let dir: string;
beforeEach(() => {
  resetElectronMock();
  dir = mkdtempSync(join(tmpdir(), 'rb-pdf-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A core whose exportReport writes a real HTML file, as the real one does. */
function fakeCore() {
  const calls: OpParsedRequest<'exportReport'>[] = [];
  const core: Pick<RunBrainHandlers, 'exportReport'> = {
    exportReport: vi.fn(async (req) => {
      calls.push(req);
      const path = join(dir, `learning_p_2026-01-01-000000.${req.format}`);
      writeFileSync(path, '<!doctype html><h1>report</h1>');
      return { path, format: req.format, file_name: `learning_p_2026-01-01-000000.${req.format}`, content: '<!doctype html><h1>report</h1>' };
    }),
  };
  return { core, calls };
}

describe('PDF export (desktop)', () => {
  it('prints the core-written HTML report from a hidden script-less window and writes the PDF beside it', async () => {
    const { core, calls } = fakeCore();
    const win = new FakeBrowserWindow({ show: false, webPreferences: { javascript: false } });
    const r = await pdfExportReport(core, () => win as unknown as BrowserWindow)({ project_id: 'p', format: 'pdf' });
    expect(calls).toEqual([{ project_id: 'p', format: 'html' }]);
    expect(win.loadFile).toHaveBeenCalledWith(join(dir, 'learning_p_2026-01-01-000000.html'));
    expect(win.webContents.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ printBackground: true, pageSize: 'A4' }));
    expect(r).toEqual({ path: join(dir, 'learning_p_2026-01-01-000000.pdf'), format: 'pdf', file_name: 'learning_p_2026-01-01-000000.pdf', content: null });
    expect(readFileSync(r.path, 'utf8')).toBe('%PDF-1.7 fake');
    expect(win.destroyed).toBe(true);
  });

  it('the default window is hidden, sandboxed and runs no scripts', async () => {
    const { core } = fakeCore();
    await pdfExportReport(core)({ format: 'pdf' });
    const win = FakeBrowserWindow.all.at(-1)!;
    expect(win.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
  });

  it('closes the window and writes nothing when printing fails', async () => {
    const { core } = fakeCore();
    const win = new FakeBrowserWindow();
    win.webContents.printToPDF.mockRejectedValueOnce(new Error('printing failed'));
    await expect(pdfExportReport(core, () => win as unknown as BrowserWindow)({ format: 'pdf' })).rejects.toThrow('printing failed');
    expect(win.destroyed).toBe(true);
    expect(existsSync(join(dir, 'learning_p_2026-01-01-000000.pdf'))).toBe(false);
  });

  it('HTML and markdown go straight to the core', async () => {
    const { core, calls } = fakeCore();
    const r = await pdfExportReport(core, () => {
      throw new Error('no window for html');
    })({ format: 'md' });
    expect(r.format).toBe('md');
    expect(calls).toEqual([{ format: 'md' }]);
  });
});
