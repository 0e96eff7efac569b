/** The recommendations page lists what it considered and why it is not a card: the demo's marketing_site. */
import { expect, test, waitForOp, writeDemoLogs } from './fixtures';

interface Considered {
  field: string;
  value: string;
  reason_kind: string;
  reason: string;
}

test('marketing_site: fast_iter is cheaper but listed under "considered" with its QA reason', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');
  const recs = await server.op<{ recommendations: Array<{ field: string; recommended_value: string }>; considered: Considered[] }>('getRecommendations', { project_id: 'marketing_site' });
  expect(recs.recommendations.find((r) => r.field === 'prompt_strategy' && r.recommended_value === 'fast_iter')).toBeUndefined();
  const fast = recs.considered.find((c) => c.field === 'prompt_strategy' && c.value === 'fast_iter');
  expect(fast?.reason_kind).toBe('qa_risk');

  await openApp(server, { hash: '#/p/marketing_site/recommendations' });
  await expect(page.getByTestId('recommendations-page')).toHaveAttribute('data-state', 'ready');
  const section = page.getByTestId('considered');
  await expect(section).toBeVisible();
  // Collapsed until opened.
  const item = section.locator('[data-testid="considered-item"][data-value="fast_iter"]');
  await expect(item).toBeHidden();
  await section.locator('summary').click();
  await expect(item).toBeVisible();
  await expect(item).toHaveAttribute('data-reason-kind', 'qa_risk');
  await expect(item).toContainText('QA may be worse by more than 5 points');
  await expect(item).toContainText(/chance QA drops by more than 5 points/);
  await saveScreenshot('20-considered-not-recommended');
});

test('cards show their kind and both confidences; limits share one card; the projects list shows each top recommendation', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  writeDemoLogs(workspace.logsDir);
  const server = await startServer();
  await waitForOp<{ phase: string }>(server, 'getIngestProgress', {}, (p) => p.phase === 'watching' || p.phase === 'idle');

  await openApp(server, { hash: '#/p/checkout_service/recommendations' });
  await expect(page.getByTestId('recommendations-page')).toHaveAttribute('data-state', 'ready');
  const mode = page.locator('[data-testid="recommendation"][data-category="mode"]');
  await expect(mode.getByTestId('kind-badge')).toHaveAttribute('data-kind', 'cheaper');
  await expect(mode.getByTestId('rec-confidences')).toContainText(/Cost confidence (high|medium) · QA confidence (high|medium|low)/);
  await saveScreenshot('21-cheaper-card');

  await openApp(server, { hash: '#/p/data_pipeline/recommendations' });
  await expect(page.getByTestId('recommendations-page')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('limits-card').getByTestId('recommendation')).toHaveCount(1);

  await openApp(server, { hash: '#/' });
  const row = page.locator('[data-testid="project-row"][data-project-id="checkout_service"]');
  await expect(row.getByTestId('top-rec')).toContainText(/mode 2loop → 3loop · (high|medium) · −\$[\d.,]+ per 100 runs/);
  await saveScreenshot('22-projects-top-recommendation');
});

