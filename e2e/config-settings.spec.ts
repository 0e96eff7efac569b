/**
 * Config settings in the browser: the inherited value and its source instead of "unset", the
 * per-project auto-tune switch, and Apply disabled with a "link a config file" action.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { expect, test, waitForOp, writeDemoLogs } from './fixtures';

interface ProjectSummary {
  project_id: string;
  open_recommendations: number;
  config_path: string | null;
}

test('a value the project inherits is shown with its source, in the dialog, the toast and the ledger', async ({ page, workspace, startServer, openApp }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');
  // mobile_app keeps the top-level max_cost_usd (5.0): its cost-limit change adds its own key.
  await openApp(server, { hash: '#/p/mobile_app/recommendations' });
  await expect(page.getByTestId('recommendations-page')).toHaveAttribute('data-state', 'ready');
  const card = page.locator('[data-testid="recommendation"][data-category="cost"]');
  await card.getByTestId('apply-button').click();
  const dialog = page.getByTestId('apply-dialog');
  await expect(dialog.getByTestId('apply-before')).toHaveText('5, from the top-level default');
  await dialog.getByTestId('confirm-apply').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Applied: projects.mobile_app.max_cost_usd 5, from the top-level default →' })).toBeVisible();
  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('ledger-row').first()).toContainText('5, from the top-level default');
  await expect(page.getByTestId('ledger-row').first()).not.toContainText('unset');
});

test('the per-project auto-tune switch writes only that project’s section', async ({ page, workspace, startServer, openApp }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');
  const config = join(workspace.logsDir, 'project_config.json');
  await openApp(server, { hash: '#/p/data_pipeline/recommendations' });
  const panel = page.getByTestId('auto-tune-panel');
  await expect(panel.getByTestId('auto-tune-source')).toContainText('Inherited from the file-wide setting');
  await panel.getByTestId('auto-tune-toggle').click();
  await expect(panel.getByTestId('auto-tune-toggle')).toHaveAttribute('aria-checked', 'true');
  await expect(panel.getByTestId('auto-tune-source')).toContainText('Set for this project; the file-wide setting is off.');
  const cfg = parse(readFileSync(config, 'utf8')) as { auto_tune: { enabled: boolean }; projects: Record<string, { auto_tune?: { enabled: boolean } }> };
  expect(cfg.projects.data_pipeline.auto_tune).toEqual({ enabled: true });
  expect(cfg.auto_tune.enabled).toBe(false);
  expect(cfg.projects.mobile_app.auto_tune).toBeUndefined();
  expect((await server.op<{ enabled: boolean }>('getTuningConfig', { project_id: 'mobile_app' })).enabled).toBe(false);
  await panel.getByTestId('auto-tune-inherit').click();
  await expect(panel.getByTestId('auto-tune-toggle')).toHaveAttribute('aria-checked', 'false');
  await expect(panel.getByTestId('auto-tune-source')).toContainText('Inherited from the file-wide setting');
});

test('without a linked config, Apply is disabled and offers to link a config file', async ({ page, workspace, startServer, openApp }) => {
  writeDemoLogs(workspace.logsDir);
  rmSync(join(workspace.logsDir, 'project_config.json'));
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');
  const projects = await server.op<ProjectSummary[]>('listProjects');
  const project = projects.find((p) => p.open_recommendations > 0);
  expect(project?.config_path).toBeNull();
  await openApp(server, { hash: `#/p/${project!.project_id}/recommendations` });
  const card = page.getByTestId('recommendation').first();
  await expect(card.getByTestId('apply-button')).toBeDisabled();
  await card.getByTestId('link-config-action').click();
  await expect(page).toHaveURL(/#\/settings$/);
});

test('thresholds can be saved for one project only, in its own auto_tune section', async ({ page, workspace, startServer, openApp }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');
  const config = join(workspace.logsDir, 'project_config.json');
  await openApp(server, { hash: '#/settings' });
  await page.getByTestId('tuning-scope').selectOption('data_pipeline');
  await expect(page.getByTestId('tuning-write-scope')).toHaveValue('file');
  await page.getByTestId('tuning-write-scope').selectOption('project');
  await page.getByTestId('tuning-min-runs').fill('7');
  await page.getByTestId('tuning-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Thresholds saved to' })).toBeVisible();
  const cfg = parse(readFileSync(config, 'utf8')) as { auto_tune: Record<string, unknown>; projects: Record<string, { auto_tune?: Record<string, unknown> }> };
  expect(cfg.projects.data_pipeline.auto_tune).toMatchObject({ min_runs_for_recommendations: 7 });
  expect(cfg.auto_tune.min_runs_for_recommendations).not.toBe(7);
  expect((await server.op<{ min_runs_for_recommendations: number }>('getTuningConfig', { project_id: 'mobile_app' })).min_runs_for_recommendations).not.toBe(7);
  // Reopened, the project's own values are shown and saving keeps writing there.
  await page.getByTestId('tuning-scope').selectOption('mobile_app');
  await page.getByTestId('tuning-scope').selectOption('data_pipeline');
  await expect(page.getByTestId('tuning-write-scope')).toHaveValue('project');
  await expect(page.getByTestId('tuning-min-runs')).toHaveValue('7');
});
