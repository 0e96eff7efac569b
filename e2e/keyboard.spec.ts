/**
 * Keyboard and focus: the runs table is one Tab stop with arrow keys inside, Esc on the run
 * drawer returns focus to its row, each date field is one Tab stop, chart surfaces show a focus
 * ring, and info tooltips are not cut off by their card.
 */
import { expect, test, waitForOp, writeDemoLogs, type Page } from './fixtures';

interface Focused {
  testId: string | null;
  index: string | null;
  runId: string | null;
  tag: string | null;
}

/** What has keyboard focus (an expression: this file is typed without the DOM library). */
const focused = (page: Page): Promise<Focused> =>
  page.evaluate<Focused>(`(() => {
    const el = document.activeElement;
    const d = (el && el.dataset) || {};
    return { testId: d.testid ?? null, index: d.index ?? null, runId: d.runId ?? null, tag: el ? el.tagName.toLowerCase() : null };
  })()`);

/** Presses Tab until the focused element matches, at most `limit` times; returns the presses. */
async function tabUntil(page: Page, match: (f: Focused) => boolean, limit = 40, key = 'Tab'): Promise<number> {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press(key);
    if (match(await focused(page))) return i;
  }
  throw new Error(`focus never reached the target in ${limit} presses of ${key}`);
}

test.beforeEach(async ({ workspace }) => writeDemoLogs(workspace.logsDir, 120));

test('the runs table is one Tab stop; arrows, Home/End and Page keys move inside; Esc on the drawer returns to the row', async ({ page, startServer, openApp, saveScreenshot }) => {
  const server = await startServer();
  await waitForOp<{ counts: { runs: number } }>(server, 'getStatus', {}, (s) => s.counts.runs > 0);
  const [project] = await server.op<Array<{ project_id: string; runs_count: number }>>('listProjects');
  await openApp(server, { hash: `#/p/${encodeURIComponent(project.project_id)}/runs` });
  const rows = page.getByTestId('run-row');
  await expect(rows.first()).toHaveAttribute('data-run-id', /.+/);
  await expect(page.locator('[data-testid="run-row"][tabindex="0"]')).toHaveCount(1);

  // From the last date filter, Tab reaches a run row (past the column headers) and the next Tab leaves the rows.
  await page.getByTestId('filter-to').focus();
  await tabUntil(page, (f) => f.testId === 'run-row');
  expect(await focused(page)).toMatchObject({ index: '0' });
  await page.keyboard.press('Tab');
  expect((await focused(page)).testId).not.toBe('run-row');
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toMatchObject({ testId: 'run-row', index: '0' });

  // Focus follows a move on the next frame: poll for it.
  const at = (index: string) => expect.poll(() => focused(page)).toMatchObject({ testId: 'run-row', index });
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await at('3');
  await page.keyboard.press('ArrowUp');
  await at('2');
  await page.keyboard.press('End');
  await expect.poll(async () => (await focused(page)).index).toBe(String(project.runs_count - 1));
  await page.keyboard.press('Home');
  await expect.poll(async () => (await focused(page)).index).toBe('0');
  await page.keyboard.press('PageDown');
  await expect.poll(async () => Number((await focused(page)).index)).toBeGreaterThan(5);
  // Quick presses add up even before focus has caught up.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await at('2');
  const row = await focused(page);
  // Still one Tab stop, and it is the row we moved to.
  await expect(page.locator('[data-testid="run-row"][tabindex="0"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="run-row"][tabindex="0"]')).toHaveAttribute('data-index', '2');

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-drawer')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/runs/${encodeURIComponent(row.runId!)}$`));
  await saveScreenshot('19-run-drawer-keyboard');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-drawer')).toBeHidden();
  await expect.poll(() => focused(page)).toMatchObject({ testId: 'run-row', index: '2', runId: row.runId });

  // The row keeps its place as the table's Tab stop after the user tabs away and back.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await at('2');
});

test('each date field is one Tab stop and filters by the typed day', async ({ page, startServer, openApp, saveScreenshot }) => {
  const server = await startServer();
  await waitForOp<{ counts: { runs: number } }>(server, 'getStatus', {}, (s) => s.counts.runs > 0);
  const [project] = await server.op<Array<{ project_id: string }>>('listProjects');
  await openApp(server, { hash: `#/p/${encodeURIComponent(project.project_id)}/runs` });
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-run-id', /.+/);
  const total = page.getByTestId('runs-total');
  const before = await total.textContent();

  await page.getByTestId('filter-from').focus();
  await page.keyboard.press('Tab');
  expect((await focused(page)).testId).toBe('filter-to');
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).testId).toBe('filter-from');

  await page.keyboard.type('2025-02-30');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('filter-from')).toHaveAttribute('aria-invalid', 'true');
  await expect(total).toHaveText(before!);
  await saveScreenshot('21-runs-date-field-invalid');

  // The demo history ends "now": from a day in the future no run matches.
  await page.getByTestId('filter-from').fill('2999-01-01');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('filter-from')).not.toHaveAttribute('aria-invalid');
  await expect(total).toHaveText('0 runs');
  await page.getByTestId('filter-from').fill('');
  await page.keyboard.press('Tab');
  await expect(total).toHaveText(before!);
});

test('chart surfaces show a focus ring; info tooltips are not cut off by their card', async ({ page, startServer, openApp, saveScreenshot }) => {
  const server = await startServer();
  await waitForOp<{ counts: { runs: number } }>(server, 'getStatus', {}, (s) => s.counts.runs > 0);
  const [project] = await server.op<Array<{ project_id: string }>>('listProjects');
  await openApp(server, { hash: `#/p/${encodeURIComponent(project.project_id)}/dashboard` });
  await expect(page.getByTestId('dashboard-page')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('chart-cost-over-time').locator('svg.recharts-surface').first()).toBeVisible();

  // Keyboard focus on a chart is visible.
  await page.getByTestId('card-preferred-strategy').locator('.tip').focus();
  await tabUntil(page, (f) => f.tag === 'svg');
  const outline = await page.evaluate<{ style: string; width: number }>(
    `(() => { const s = getComputedStyle(document.activeElement); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }; })()`,
  );
  expect(outline.style).toBe('solid');
  expect(outline.width).toBeGreaterThanOrEqual(2);

  // The ⓘ of the right-most card: its tooltip lies wholly inside the viewport and above the card's clipping.
  const help = page.getByTestId('card-preferred-strategy').locator('.stat-help');
  await help.focus();
  const bubble = page.getByTestId('tip-bubble');
  await expect(bubble).toBeVisible();
  await saveScreenshot('20-dashboard-info-tooltip');
  const inBody = await bubble.evaluate((el) => el.parentElement?.tagName === 'BODY');
  const rect = (await bubble.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(inBody).toBe(true);
  expect(rect.x).toBeGreaterThanOrEqual(0);
  expect(rect.y).toBeGreaterThanOrEqual(0);
  expect(rect.x + rect.width).toBeLessThanOrEqual(viewport.width);
  expect(rect.y + rect.height).toBeLessThanOrEqual(viewport.height);
  expect(rect.width).toBeGreaterThan(100);
  await page.keyboard.press('Escape');
  await expect(bubble).toHaveCount(0);
});
