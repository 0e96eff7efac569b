/**
 * The Learning page on the demo: every pattern renders with real data, suggestions carry their
 * evidence, the report is exported (browser mode: saved in the data folder and downloaded) and
 * the exported HTML opens in the browser with its sections; a suggestion becomes a declared
 * experiment; the run drawer shows auto-labels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, waitForOp, writeDemoLogs } from './fixtures';

test('the Learning page shows the patterns, suggestions and prediction, and exports the report', async ({ page, context, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase !== 'scanning' && p.phase !== 'ingesting', 60_000);
  await openApp(server, { hash: '#/p/marketing_site/dashboard' });
  await page.getByTestId('nav-learning').click();
  await expect(page).toHaveURL(/#\/p\/marketing_site\/learning$/);
  const learning = page.getByTestId('learning-page');
  await expect(learning).toHaveAttribute('data-state', 'loaded', { timeout: 30_000 });

  // Every section has data on the demo: none says why it is empty.
  for (const id of ['labels', 'root-causes', 'handoffs', 'overrides', 'tokens', 'recipes', 'calibration', 'suggestions', 'prediction']) {
    await expect(page.getByTestId(`learn-${id}`), id).toBeVisible();
    await expect(page.getByTestId(`learn-${id}`).getByTestId('learn-empty'), `${id} has data`).toHaveCount(0);
  }
  await expect(page.getByTestId('learn-labels')).toContainText('Production ready');
  await expect(page.getByTestId('learn-root-causes').locator('tbody tr').first()).toBeVisible();
  expect(await page.getByTestId('handoff-cell').count()).toBeGreaterThanOrEqual(3);
  // The demo's gates name their step: handoffs into a tester or reviewer report its gate pass rate.
  expect(await page.locator('[data-testid="handoff-cell"][data-basis="gates"]').count()).toBeGreaterThanOrEqual(1);
  expect(await page.locator('[data-testid="handoff-cell"][data-basis="step_success"]').count()).toBeGreaterThanOrEqual(1);
  // The run labels were derived at ingest and are counted from the store.
  await expect(page.getByTestId('labels-derived')).toContainText(/Run labels of \d+ runs derived at ingest under the current label rules since/);
  // Pattern 8 is the health analysis's recovery ranking, linked.
  await expect(page.getByTestId('learn-health-links').locator('tbody tr').first()).toBeVisible();
  // The demo's override story: marketing_site's architect is overruled on tech_stack.
  const flagged = page.getByTestId('learn-overrides').locator('tr.row-flagged');
  await expect(flagged).toHaveCount(1);
  await expect(flagged).toContainText('tech_stack');
  await expect(flagged).toContainText('architect');
  await expect(page.getByTestId('token-chart').locator('rect.learn-bar').first()).toBeVisible();
  expect(await page.getByTestId('reliability-diagram').count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('calibration-row').filter({ hasText: 'architect' }).filter({ hasText: 'Overconfident' })).toHaveCount(1);

  const suggestions = page.getByTestId('suggestion');
  expect(await suggestions.count()).toBeGreaterThanOrEqual(1);
  const override = suggestions.filter({ hasText: 'Humans override this decision often' });
  await expect(override).toHaveCount(1);
  await expect(override.getByTestId('suggestion-evidence')).toContainText('tech_stack');
  await expect(override.getByTestId('suggestion-impact')).toContainText('at most');
  await expect(override.getByTestId('suggestion-confidence')).toHaveText(/^0\.\d{3}$|^1\.000$/);
  await expect(page.getByTestId('prediction-brier')).toHaveText(/^0\.\d{3}$/);

  // "Start experiment": control is the current prompt version, the treatment is the user's.
  await override.getByTestId('start-experiment').click();
  const dialog = page.getByTestId('declare-dialog');
  await expect(dialog.getByTestId('declare-control')).not.toHaveValue('');
  const control = await dialog.getByTestId('declare-control').inputValue();
  await dialog.getByTestId('declare-treatment').fill('v1.3-context');
  await dialog.getByTestId('declare-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(override.getByTestId('suggestion-declared')).toHaveText(`Declared: ${control} → v1.3-context`);
  await expect(page.getByTestId('declared-experiment')).toHaveCount(1);
  const stored = await server.op<Array<{ factor: string; control: string; treatment: string; suggestion_id: string }>>('listDeclaredExperiments', { project_id: 'marketing_site' });
  expect(stored).toEqual([expect.objectContaining({ factor: 'prompt_version', control, treatment: 'v1.3-context', suggestion_id: await override.getAttribute('data-suggestion-id') })]);
  await saveScreenshot('learning-page');

  // Export: saved in the data folder, offered as a download; the HTML opens with its sections.
  await expect(page.getByTestId('export-pdf'), 'PDF is desktop only').toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report').click()]);
  expect(download.suggestedFilename()).toMatch(/^learning_marketing_site_\d{4}-\d{2}-\d{2}-\d{6}\.html$/);
  await expect(page.getByTestId('report-path')).toHaveText(download.suggestedFilename());
  const saved = join(workspace.dataDir, 'reports', download.suggestedFilename());
  const downloaded = join(workspace.root, 'download.html');
  await download.saveAs(downloaded);
  expect(readFileSync(downloaded, 'utf8')).toBe(readFileSync(saved, 'utf8'));
  const report = await context.newPage();
  await report.goto(pathToFileURL(saved).href);
  await expect(report.locator('h1')).toHaveText('RunBrain learning report');
  await expect(report.locator('h2')).toContainText('marketing_site');
  for (const h of ['Executive summary', 'Key findings', 'Suggested next actions', 'Metric trends']) await expect(report.locator('h3', { hasText: h })).toBeVisible();
  expect(await report.locator('svg').count()).toBeGreaterThanOrEqual(1);
  await report.screenshot({ path: test.info().outputPath('learning-report.png'), fullPage: false });
  await report.close();

  // The run drawer shows the run's auto-labels.
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('run-row').first().click();
  const drawer = page.getByTestId('run-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer.getByText('Output quality (auto-label)')).toBeVisible();
  await drawer.getByTestId('run-tab-gates').click();
  await expect(drawer.locator('[data-label]').first()).toBeVisible();
  await saveScreenshot('run-drawer-labels');
});
