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

test('an experiment declared from the page is checked field by field, then shown and tracked', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');

  await openApp(server, { hash: '#/p/regression_bench/experiments' });
  await expect(page.getByTestId('experiments-page')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('declare-open').click();
  const form = page.getByTestId('declare-form');
  await form.getByTestId('declare-factor').selectOption('model');
  await form.getByTestId('declare-name').fill('Mini on the regression suite');
  await form.getByTestId('declare-control').fill('claude-3-5-sonnet');
  // The control listed as a variant, a split that misses an arm and a pass-rate MDE of 150 points: each said under its field.
  await form.getByTestId('declare-variants').fill('claude-3-5-sonnet');
  await form.getByTestId('declare-primary').selectOption('pass_rate');
  await form.getByTestId('declare-mde').fill('150');
  await form.getByTestId('declare-submit').click();
  await expect(form.getByTestId('declare-error-variants')).toContainText('is the control');
  await expect(form.getByTestId('declare-error-mde')).toContainText('in points');
  await saveScreenshot('22-experiments-declare-errors');

  await form.getByTestId('declare-variants').fill('gpt-4o-mini');
  await form.getByTestId('declare-mde').fill('5');
  await form.getByTestId('declare-split').fill('50, 50');
  // From a date before the demo's history: every run of the two models counts.
  await form.getByTestId('declare-start').fill('2020-01-01');
  await form.getByTestId('declare-submit').click();
  await expect(form).toBeHidden();

  const declared = page.locator('[data-testid="experiment"][data-factor="model"]', { hasText: 'Mini on the regression suite' });
  await expect(declared).toBeVisible();
  await expect(declared).toContainText('declared experiment');
  await expect(declared).toContainText('primary: ');
  await expect(declared.locator('[data-testid="variant-row"][data-value="gpt-4o-mini"]')).toContainText('tasks paired');
  const listed = await waitForOp<Array<{ name: string; spec: { primary_metric: string; mde: number; planned_split: Record<string, number> } | null }>>(
    server, 'listDeclaredExperiments', { project_id: 'regression_bench' }, (l) => l.length === 1,
  );
  expect(listed[0]).toMatchObject({ name: 'Mini on the regression suite', spec: { primary_metric: 'pass_rate', mde: 0.05, planned_split: { 'claude-3-5-sonnet': 50, 'gpt-4o-mini': 50 } } });
  await saveScreenshot('23-experiments-declared');

  // Removing the declaration drops its card; the model experiment over all runs stays.
  await declared.getByTestId('declared-remove').click();
  await expect(declared).toHaveCount(0);
  await expect(page.locator('[data-testid="experiment"][data-factor="model"]')).toHaveCount(1);
  await waitForOp<unknown[]>(server, 'listDeclaredExperiments', { project_id: 'regression_bench' }, (l) => l.length === 0);
});

test('a run field named in Settings becomes an experiment after the re-scan the page offers', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');

  await openApp(server, { hash: '#/settings' });
  const section = page.getByTestId('settings-experiment-factors');
  // A built-in factor is refused under the field.
  await section.getByTestId('experiment-factor-input').fill('model');
  await section.getByRole('button', { name: 'Add factor' }).click();
  await expect(section.getByTestId('experiment-factor-error')).toContainText('"model" is a built-in factor');
  // The demo's runs carry task_type, a field RunBrain keeps in extra.
  await section.getByTestId('experiment-factor-input').fill('task_type');
  await section.getByRole('button', { name: 'Add factor' }).click();
  await expect(section.getByTestId('experiment-factor-list')).toContainText('task_type');
  await expect(section.getByTestId('experiment-factor-error')).toBeHidden();
  await expect(section.getByTestId('experiment-factor-rescan')).toBeVisible();
  await saveScreenshot('24-settings-experiment-factors');

  await openApp(server, { hash: '#/p/support_bot/experiments' });
  await expect(page.getByTestId('experiments-page')).toHaveAttribute('data-state', 'ready');
  const notice = page.getByTestId('experiments-rescan');
  await expect(notice).toContainText('"task_type"');
  await expect(page.locator('[data-testid="experiment"][data-factor="task_type"]')).toHaveCount(0);
  await notice.getByRole('button', { name: 'Re-scan now' }).click();
  await waitForOp<{ folders: string[]; experiment_factors_rescan: string[] }>(server, 'getSettings', {}, (s) => s.experiment_factors_rescan.length === 0);
  await page.reload();
  await expect(page.getByTestId('experiments-page')).toHaveAttribute('data-state', 'ready');
  const exp = page.locator('[data-testid="experiment"][data-factor="task_type"]');
  await expect(exp).toBeVisible();
  await expect(exp.locator('[data-testid="variant-row"]').first()).toBeVisible();
  await expect(page.getByTestId('experiments-rescan')).toBeHidden();
  await saveScreenshot('25-experiments-named-factor');
});
