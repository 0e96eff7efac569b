/** Apply a recommendation: the config file changes exactly as previewed (comments kept); Undo restores it byte for byte. */
import { readFileSync } from 'node:fs';
import { applyPatch } from 'diff';
import { expect, test, waitForOp, writeDemoLogs } from './fixtures';

interface ProjectSummary {
  project_id: string;
  open_recommendations: number;
  config_path: string | null;
}

test('apply writes the previewed change and undo restores the file byte for byte', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');
  const projects = await server.op<ProjectSummary[]>('listProjects');
  const project = projects.find((p) => p.open_recommendations > 0 && p.config_path);
  expect(project, 'the demo data has a project with a linked config and a recommendation').toBeTruthy();
  const { project_id, config_path } = project!;
  const configPath = config_path!;

  await openApp(server, { hash: `#/p/${encodeURIComponent(project_id)}/recommendations` });
  await expect(page.getByTestId('recommendations-page')).toHaveAttribute('data-state', 'ready');
  const card = page.getByTestId('recommendation').filter({ has: page.getByTestId('apply-button') }).first();
  const recommendationId = await card.getAttribute('data-recommendation-id');
  expect(recommendationId).toBeTruthy();

  const before = readFileSync(configPath);
  await card.getByTestId('apply-button').click();
  const dialog = page.getByTestId('apply-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('diff-preview')).toBeVisible();
  await expect(dialog.getByTestId('apply-config-path')).toHaveText(configPath);

  // What the dialog shows is the server's preview; applying that diff to the file is what must land on disk.
  const preview = await server.op<{ diff: string }>('previewApply', { project_id, recommendation_id: recommendationId });
  const expected = applyPatch(before.toString('utf8'), preview.diff);
  expect(expected, 'the preview diff applies to the file as it is').not.toBe(false);
  const shownAdded = (await dialog.locator('.diff-line.diff-add code').allTextContents()).map((l) => l.replace(/^\+/, '').trim());
  const previewAdded = preview.diff
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => l.slice(1).trim());
  expect(shownAdded.length).toBeGreaterThan(0);
  for (const line of previewAdded) expect(shownAdded, 'the dialog shows every added line').toContain(line);
  await saveScreenshot('12-apply-preview');

  await dialog.getByTestId('confirm-apply').click();
  await expect(dialog).toBeHidden();
  const toast = page.getByTestId('toast').filter({ has: page.getByTestId('toast-undo') });
  await expect(toast).toBeVisible();
  await saveScreenshot('13-applied-toast');

  const after = readFileSync(configPath, 'utf8');
  expect(after).toBe(expected);
  const comments = before
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim().startsWith('//'));
  expect(comments.length, 'the demo config is commented').toBeGreaterThan(0);
  for (const c of comments) expect(after.split('\n'), 'comments are kept').toContain(c);

  await toast.getByTestId('toast-undo').click();
  await expect.poll(() => readFileSync(configPath).equals(before), { timeout: 5_000 }).toBe(true);

  // The ledger keeps both: the applied change, now marked undone, and the undo itself.
  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('ledger-row')).toHaveCount(2);
  await expect(page.locator('[data-testid="ledger-row"][data-status="undone"]')).toHaveCount(1);
  // The undo is recorded as its own row pointing at the change it reverted; neither can be undone again.
  await expect(page.getByTestId('ledger-undo-of')).toHaveText(/^undo of #\d+$/);
  await expect(page.getByTestId('ledger-undo')).toHaveCount(0);
  await saveScreenshot('14-ledger-after-undo');
});

test("the toast's Undo turns off once the change is undone from the ledger", async ({ page, workspace, startServer, openApp }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');
  const projects = await server.op<ProjectSummary[]>('listProjects');
  const project = projects.find((p) => p.open_recommendations > 0 && p.config_path)!;
  await openApp(server, { hash: `#/p/${encodeURIComponent(project.project_id)}/recommendations` });
  await expect(page.getByTestId('recommendations-page')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('recommendation').filter({ has: page.getByTestId('apply-button') }).first().getByTestId('apply-button').click();
  await page.getByTestId('apply-dialog').getByTestId('confirm-apply').click();
  const toastUndo = page.getByTestId('toast').getByTestId('toast-undo');
  await expect(toastUndo).toBeEnabled();
  // The toast stays 12 s: long enough to undo the same change from the ledger page meanwhile.
  await page.getByTestId('nav-ledger').click();
  await page.getByTestId('ledger-undo').first().click();
  await page.getByTestId('confirm-undo').click();
  await expect(page.locator('[data-testid="ledger-row"][data-status="undone"]')).toHaveCount(1);
  await expect(toastUndo).toBeDisabled();
  await expect(toastUndo).toHaveText('Undone');
});
