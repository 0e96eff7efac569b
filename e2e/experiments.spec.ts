/** The Experiments page on the demo: runs of shared tasks are compared paired; a strategy confounded with the model is stratified and flagged. */
import { expect, test, waitForOp, writeDemoLogs } from './fixtures';

test('experiments show the paired model comparison and the confounded strategy', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');

  await openApp(server, { hash: '#/p/regression_bench/experiments' });
  const pageRoot = page.getByTestId('experiments-page');
  await expect(pageRoot).toHaveAttribute('data-state', 'ready');
  const model = page.locator('[data-testid="experiment"][data-factor="model"]');
  await expect(model).toBeVisible();
  // Every task ran under both models: the comparison is paired on the shared tasks.
  await expect(model.locator('[data-testid="variant-row"][data-value="gpt-4o-mini"]')).toContainText('tasks paired');
  await expect(model.getByTestId('forest-plot')).toBeVisible();
  await expect(model.getByTestId('posterior-plot')).toBeVisible();
  // Cheaper per passed run, but about 10 points fewer passes on the same tasks: not a winner.
  await expect(model.getByTestId('experiment-status')).not.toHaveText('Winner');
  await expect(model.getByTestId('experiment-reason')).toContainText('probably worse');
  await saveScreenshot('20-experiments-paired');

  await page.getByTestId('nav-projects').click();
  await openApp(server, { hash: '#/p/support_bot/experiments' });
  await expect(page.getByTestId('experiments-page')).toHaveAttribute('data-state', 'ready');
  const strategy = page.locator('[data-testid="experiment"][data-factor="prompt_strategy"]');
  await expect(strategy.getByTestId('experiment-warnings')).toContainText(/model/i);
  await expect(strategy.getByTestId('experiment-status')).not.toHaveText('Winner');
  // The prompt-version timeline lists v3.0 then v3.1.
  const versions = page.locator('[data-testid="evolution"][data-factor="prompt_version"] [data-testid="evolution-row"]');
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText('v3.0');
  await saveScreenshot('21-experiments-confounded');
});
