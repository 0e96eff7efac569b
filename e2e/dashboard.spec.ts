/** Onboarding with demo data → projects → a project dashboard with the six cards and the charts; a screenshot of every main page. */
import { expect, test, waitForOp, writeDemoLogs } from './fixtures';

const CARDS = ['card-total-runs', 'card-avg-cost', 'card-qa-pass-rate', 'card-avg-rounds', 'card-preferred-mode', 'card-preferred-strategy'];
const CHARTS = ['chart-cost-over-time', 'chart-cost-distribution', 'chart-rounds-distribution', 'chart-qa-trend', 'chart-comparison'];

test('onboarding with demo data leads to a full project dashboard', async ({ page, startServer, openApp, saveScreenshot }) => {
  const server = await startServer({ folder: false });
  await openApp(server, { state: 'onboarding' });
  await expect(page.getByTestId('onboarding')).toBeVisible();
  await saveScreenshot('01-onboarding');

  await page.getByTestId('onboarding-demo').click();
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible({ timeout: 30_000 });
  await waitForOp<{ phase: string; runs_done: number }>(server, 'getIngestProgress', {}, (p) => p.phase !== 'scanning' && p.phase !== 'ingesting');
  const rows = page.getByTestId('project-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(4);
  await saveScreenshot('02-projects');

  const projectId = await rows.first().getAttribute('data-project-id');
  await rows.first().locator('a.project-link').click();
  await expect(page).toHaveURL(new RegExp(`#/p/${encodeURIComponent(projectId!)}`));
  await expect(page.getByTestId('dashboard-page')).toHaveAttribute('data-state', 'ready');
  for (const id of CARDS) {
    const card = page.getByTestId(id);
    await expect(card, id).toBeVisible();
    await expect(card.locator('.stat-value'), id).not.toBeEmpty();
    await expect(card.locator('.skeleton'), `${id} finished loading`).toHaveCount(0);
  }
  await expect(page.getByTestId('card-total-runs').locator('.stat-value')).toHaveText(/^\d[\d,\s]*$/);
  await expect(page.getByTestId('card-avg-cost').locator('.stat-value')).toContainText('$');
  for (const id of CHARTS) {
    await expect(page.getByTestId(id), id).toHaveAttribute('data-state', 'ready');
    // recharts draws into an SVG surface; an empty chart card has none.
    await expect(page.getByTestId(id).locator('svg.recharts-surface').first(), id).toBeVisible();
  }
  await saveScreenshot('03-dashboard');

  // Hovering a chart shows exact values.
  const costChart = page.getByTestId('chart-cost-over-time').locator('svg.recharts-surface').first();
  const box = await costChart.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await expect(page.getByTestId('chart-cost-over-time').locator('.recharts-tooltip-wrapper')).toBeVisible();
    await saveScreenshot('04-dashboard-hover');
  }

  await page.getByTestId('nav-recommendations').click();
  await expect(page.getByTestId('recommendations-page')).toHaveAttribute('data-state', 'ready');
  await saveScreenshot('05-recommendations');

  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-run-id', /.+/);
  await saveScreenshot('06-runs');
  await page.getByTestId('run-row').first().click();
  await expect(page.getByTestId('run-drawer')).toBeVisible();
  await saveScreenshot('07-run-drawer');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-drawer')).toBeHidden();

  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('ledger-page')).toBeVisible();
  await saveScreenshot('08-ledger');

  await page.getByTestId('nav-quarantine').click();
  await expect(page.getByTestId('quarantine-page')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('quarantine-row').first()).toBeVisible();
  await saveScreenshot('09-quarantine');

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await saveScreenshot('10-settings');
});

test('the dashboard follows a dark OS theme', async ({ page, startServer, openApp, saveScreenshot, workspace }) => {
  writeDemoLogs(workspace.logsDir, 80);
  const server = await startServer();
  await waitForOp<{ counts: { runs: number } }>(server, 'getStatus', {}, (s) => s.counts.runs > 0);
  const projects = await server.op<Array<{ project_id: string }>>('listProjects');
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(server, { hash: `#/p/${encodeURIComponent(projects[0].project_id)}/dashboard` });
  await expect(page.getByTestId('dashboard-page')).toHaveAttribute('data-state', 'ready');
  for (const id of CHARTS) await expect(page.getByTestId(id), id).toHaveAttribute('data-state', 'ready');
  await saveScreenshot('11-dashboard-dark');
});
