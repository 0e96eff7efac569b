/**
 * Health on the demo data (issue 11 §5): analytics_api's v1.2-rc1 episode shows as resolved with
 * no revert; support_bot's v3.1 degradation is ongoing and its revert to v3.0 goes preview →
 * apply → undo, the config file restored byte for byte.
 */
import { readFileSync } from 'node:fs';
import { generateDemo } from '../main/demo/generate-demo';
import { expect, test, waitForOp } from './fixtures';

/**
 * The demo as the onboarding button writes it, ending now: what these tests check does not depend
 * on when the demo is generated (main/core/health-demo.test.ts checks 8 generation times).
 */
const writeDemoLogs = (dir: string) => void generateDemo(dir, { seed: 42 });

test('both demo episodes on the Health page; the ongoing one is reverted and the revert undone', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');

  // The resolved episode: found, linked to v1.2-rc1, nothing proposed.
  await openApp(server, { hash: '#/p/analytics_api/health' });
  await expect(page.getByTestId('health-page')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const resolved = page.locator('[data-testid="health-alert"][data-metric="qa_pass_rate"][data-status="resolved"]').filter({ hasText: 'v1.2-rc1' });
  await expect(resolved).toHaveCount(1);
  await resolved.click();
  const detail = page.getByTestId('alert-detail');
  await expect(detail).toHaveAttribute('data-status', 'resolved');
  await expect(detail.getByTestId('detail-status')).toContainText('Resolved');
  await expect(detail.getByTestId('linked-causes')).toContainText('v1.2-rc1');
  await expect(detail.getByTestId('alert-timeline')).toBeVisible();
  await expect(detail.getByTestId('revert-proposal')).toHaveAttribute('data-has-proposal', 'false');
  await expect(detail.getByTestId('no-revert')).toContainText('episode is over');
  await saveScreenshot('health-analytics-api-resolved');
  // Drill-down: the runs table filtered to the episode (from the change to its resolution).
  const view = await server.op<{ health: { alerts: Array<{ metric: string; series: string; status: string; change_at: string; resolved_at: string }> } }>('getHealth', { project_id: 'analytics_api' });
  const ep = view.health.alerts.find((a) => a.metric === 'qa_pass_rate' && a.series === 'project' && a.status === 'resolved')!;
  const episode = await server.op<{ total: number }>('listRuns', { project_id: 'analytics_api', from: ep.change_at, to: ep.resolved_at, limit: 1 });
  expect(episode.total).toBeGreaterThan(0);
  await detail.getByTestId('alert-runs-link').click();
  await expect(page).toHaveURL(/#\/p\/analytics_api\/runs$/);
  await expect(page.getByTestId('runs-total')).toHaveText(`${episode.total.toLocaleString('en-US')} runs`);
  await page.goBack();
  // The dashboard's QA chart marks the episode.
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('markers-qa')).toHaveAttribute('data-alerts', /^[1-9]/);
  await expect(page.locator('[data-testid="chart-qa-trend"] .chart-marker-alert').first()).toBeAttached();

  // The ongoing episode: open alerts come first, linked to v3.1, with a revert to v3.0.
  const recs = await server.op<{ config_path: string }>('getRecommendations', { project_id: 'support_bot' });
  const configPath = recs.config_path;
  const before = readFileSync(configPath);
  await page.getByTestId('nav-projects').click();
  // The strip puts projects with open alerts first; support_bot's grade is poor.
  await expect(page.locator('[data-testid="health-strip-chip"][data-project-id="support_bot"]')).toHaveAttribute('data-grade', 'poor', { timeout: 30_000 });
  await saveScreenshot('health-projects-strip');
  await page.goto(`${server.origin}/#/p/support_bot/health`);
  await expect(page.getByTestId('health-page')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('health-grade')).toHaveAttribute('data-grade', 'poor');
  await expect(page.getByTestId('health-alert').first()).toHaveAttribute('data-status', 'ongoing');
  const degradation = page.locator('[data-testid="health-alert"][data-kind="degradation"][data-status="ongoing"]').filter({ hasText: 'v3.1' }).first();
  await expect(degradation).toBeVisible();
  await degradation.click();
  const ongoing = page.getByTestId('alert-detail');
  await expect(ongoing).toHaveAttribute('data-status', 'ongoing');
  await expect(ongoing.getByTestId('linked-causes')).toContainText('v3.1');
  const proposal = ongoing.getByTestId('revert-proposal');
  await expect(proposal).toHaveAttribute('data-has-proposal', 'true');
  const card = proposal.getByTestId('recommendation');
  await expect(card.locator('.value-old')).toHaveText('v3.1');
  await expect(card.locator('.value-new')).toHaveText('v3.0');
  await expect(card.getByTestId('kind-badge')).toHaveText('recovery');
  await saveScreenshot('health-support-bot-ongoing');

  await card.getByTestId('apply-button').click();
  const dialog = page.getByTestId('apply-dialog');
  await expect(dialog.getByTestId('diff-preview')).toContainText('"prompt_version": "v3.0"');
  await dialog.getByTestId('confirm-apply').click();
  await expect(dialog).toBeHidden();
  const toast = page.getByTestId('toast').filter({ has: page.getByTestId('toast-undo') });
  await expect(toast).toBeVisible();
  const applied = readFileSync(configPath, 'utf8');
  expect(applied).toMatch(/"support_bot": \{[^}]*"prompt_version": "v3\.0"/);
  expect(applied.replace('"prompt_version": "v3.0"', '"prompt_version": "v3.1"')).toBe(before.toString('utf8'));
  // Applied: the revert is no longer proposed (the config holds v3.0 until runs with it arrive).
  await expect(page.getByTestId('alert-detail').getByTestId('revert-not-applyable')).toBeVisible();

  await toast.getByTestId('toast-undo').click();
  await expect.poll(() => readFileSync(configPath).equals(before), { timeout: 5_000 }).toBe(true);
  await expect(page.getByTestId('alert-detail').getByTestId('revert-proposal').getByTestId('recommendation')).toBeVisible();
  const ledger = await server.op<Array<{ field: string; status: string; recommendation: { kind?: string } | null }>>('listLedger', { project_id: 'support_bot' });
  expect(ledger.find((e) => e.field === 'prompt_version' && e.status === 'undone')?.recommendation?.kind).toBe('recovery');
  // The revert and its undo are config changes on the dashboard's charts.
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('markers-cost')).toHaveAttribute('data-configs', '2');
  await saveScreenshot('health-dashboard-markers');
});

test('an error pattern shows its messages over time, lists its runs, and a run opens its drawer', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');
  const view = await server.op<{ health: { error_patterns: Array<{ id: string; template: string; runs: number; count: number; counts: { counts: number[] } }> } }>('getHealth', { project_id: 'analytics_api' });
  const pattern = view.health.error_patterns[0];
  expect(pattern.counts.counts.reduce((a, b) => a + b, 0)).toBe(pattern.count);
  const runs = await server.op<{ total_runs: number; runs: Array<{ run_id: string; message: string }> }>('getPatternRuns', { project_id: 'analytics_api', template_id: pattern.id });
  expect(runs.total_runs).toBe(pattern.runs);

  await openApp(server, { hash: '#/p/analytics_api/health' });
  await expect(page.getByTestId('health-page')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const row = page.locator(`[data-testid="error-pattern-row"][data-template-id="${pattern.id}"]`);
  await expect(row.getByTestId('pattern-bars')).toHaveAttribute('data-buckets', String(pattern.counts.counts.length));
  await row.getByTestId('error-pattern-open').click();
  const panel = page.getByTestId('pattern-runs');
  await expect(panel).toHaveAttribute('data-state', 'ready');
  await expect(panel.getByTestId('pattern-runs-total')).toHaveAttribute('data-total', String(pattern.runs));
  await expect(panel.getByTestId('pattern-run-row')).toHaveCount(Math.min(200, pattern.runs));
  const first = panel.getByTestId('pattern-run-row').first();
  await expect(first).toHaveAttribute('data-run-id', runs.runs[0].run_id);
  await expect(first).toContainText(runs.runs[0].message);
  await saveScreenshot('health-error-pattern-runs');
  await first.click();
  const drawer = page.getByTestId('run-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText(runs.runs[0].run_id);
  await saveScreenshot('health-error-pattern-run-drawer');
});

test('the dashboard follows a date range: daily/weekly, spend for the range, breakdown by model / prompt version / strategy', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');
  await openApp(server, { hash: '#/p/analytics_api/dashboard' });
  await expect(page.getByTestId('dashboard-page')).toHaveAttribute('data-state', 'ready');
  const all = await server.op<{ from: string; totals: { runs: number; total_cost: number } }>('getTrends', { project_id: 'analytics_api', range: 'all', bucket: 'week' });
  await expect(page.getByTestId('range-summary')).toHaveAttribute('data-runs', String(all.totals.runs));

  await page.getByTestId('range-7d').click();
  await page.getByTestId('bucket-day').click();
  const week = await server.op<{ from: string; totals: { runs: number; total_cost: number }; points: unknown[] }>('getTrends', { project_id: 'analytics_api', range: '7d', bucket: 'day' });
  expect(week.totals.runs).toBeLessThan(all.totals.runs);
  await expect(page.getByTestId('range-summary')).toHaveAttribute('data-runs', String(week.totals.runs));
  await expect(page.getByTestId('range-total-spend')).toHaveText(`$${week.totals.total_cost.toFixed(2)}`);
  await expect(page.getByTestId('chart-cost-over-time')).toContainText('by day');
  await expect(page.getByTestId('chart-qa-trend')).toContainText('Daily pass rate');

  await page.getByTestId('breakdown-prompt_version').click();
  await expect(page.getByTestId('breakdown')).toHaveAttribute('data-factor', 'prompt_version');
  await expect(page.getByTestId('breakdown-row').first()).toBeVisible();
  // The v1.2-rc1 episode is weeks before the last 7 days: it is in the all-time breakdown only.
  await expect(page.locator('[data-testid="breakdown-row"][data-value="v1.2-rc1"]')).toHaveCount(0);
  await page.getByTestId('range-all').click();
  await expect(page.locator('[data-testid="breakdown-row"][data-value="v1.2-rc1"]')).toHaveCount(1);

  await page.getByTestId('range-custom').click();
  // Everything before the last 7 days: all runs but those.
  const dayBefore = new Date(Date.parse(`${week.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('range-from').fill(all.from);
  await page.getByTestId('range-to').fill(dayBefore);
  await expect(page.getByTestId('range-summary')).toHaveAttribute('data-runs', String(all.totals.runs - week.totals.runs));
  await saveScreenshot('dashboard-date-range');
});
