/**
 * "Export report": the core writes the learning report into the app data folder and answers its
 * path and text. In browser mode the text is also offered as a download; the desktop app can
 * print it to PDF.
 */
import { useState } from 'react';
import type { ExportedReport } from '../../../../shared/operations';
import { api, errorMessage } from '../../api/client';
import { toast } from '../../store/toast-store';

/** Hands the report text to the browser as a file download. */
export function offerDownload(report: ExportedReport): void {
  if (report.content == null) return;
  const type = report.format === 'html' ? 'text/html' : 'text/markdown';
  const url = URL.createObjectURL(new Blob([report.content], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = report.file_name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportReportButtons({ projectId, desktop }: { projectId: string; desktop: boolean }) {
  const [busy, setBusy] = useState<ExportedReport['format'] | null>(null);
  const [last, setLast] = useState<ExportedReport | null>(null);
  const run = async (format: ExportedReport['format']) => {
    setBusy(format);
    try {
      const report = await api.exportReport({ project_id: projectId, format });
      setLast(report);
      if (!desktop) offerDownload(report);
      toast.success(`Report saved to ${report.path}`);
    } catch (err) {
      toast.error(`Could not export the report: ${errorMessage(err)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="learn-export">
      <button type="button" className="btn btn-primary" onClick={() => void run('html')} disabled={busy != null} data-testid="export-report">
        {busy === 'html' ? 'Exporting…' : 'Export report'}
      </button>
      {desktop ? (
        <button type="button" className="btn" onClick={() => void run('pdf')} disabled={busy != null} data-testid="export-pdf">
          {busy === 'pdf' ? 'Printing…' : 'PDF'}
        </button>
      ) : null}
      {last ? (
        <span className="small muted mono" data-testid="report-path" title={last.path}>
          {last.file_name}
        </span>
      ) : null}
    </div>
  );
}
