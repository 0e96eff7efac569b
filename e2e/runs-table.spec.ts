/**
 * Scale: a 100 000-run project. Its dashboard must be interactive < 1 s after navigation
 * (measured in the page and printed), and its runs table must scroll all 100 000 rows.
 * One test, so the 100 000 runs are written and ingested once.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, waitForOp, type Page, type RunningServer } from './fixtures';
import { writeRunsJsonl } from './run-logs';

const PROJECT = 'big_project';
const RUNS = 100_000;
const CHARTS = ['chart-cost-over-time', 'chart-cost-distribution', 'chart-rounds-distribution', 'chart-qa-trend', 'chart-comparison'];
const COUNT_TEXT = /100[,.\s\u202f]?000/;
/** The target of the issue; overridable to keep CI green on a known-slow machine while it is being fixed. */
const BUDGET_MS = Number(process.env.RUNBRAIN_DASHBOARD_BUDGET_MS ?? 1_000);
const MAX_DOM_ROWS = 120;

test.describe.configure({ timeout: 150_000 });

/**
 * Runs in the page before its scripts: records when the cards and each chart became ready and
 * every long task, so a slow navigation says where its time went.
 */
const MILESTONES_SCRIPT = `
  window.__milestones = [];
  const seen = new Set();
  const mark = (name) => { if (!seen.has(name)) { seen.add(name); window.__milestones.push(Math.round(performance.now()) + ' ms ' + name); } };
  new PerformanceObserver((list) => list.getEntries().forEach((e) =>
    window.__milestones.push(Math.round(e.startTime) + '→' + Math.round(e.startTime + e.duration) + ' ms long task'))).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    const total = document.querySelector('[data-testid="card-total-runs"] .stat-value');
    if (total && /\\d/.test(total.textContent) && !seen.has('cards')) {
      mark('cards');
      // Interactive: the numbers are on screen and the page answers the next frame and task,
      // i.e. input is handled (charts then mount one per frame without blocking it).
      requestAnimationFrame(() => setTimeout(() => mark('interactive'), 0));
    }
    document.querySelectorAll('[data-testid^="chart-"][data-state="ready"]').forEach((el) => mark(el.dataset.testid + ' ready'));
    document.querySelectorAll('[data-testid^="chart-"] svg.recharts-surface').forEach((el) => mark(el.closest('[data-testid]').dataset.testid + ' drawn'));
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
`;

/** Resources (document, chunks, API calls) and milestones, in ms after navigation start. */
const TIMELINE_EXPR = `
  performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .map((e) => Math.round(e.startTime) + '→' + Math.round(e.responseEnd) + ' ms ' + e.name.replace(location.origin, ''))
    .concat(window.__milestones).join('\\n')`;

/** Scrolls the runs table 600 px a frame for 120 frames; frame-time percentiles and DOM row count. */
const SCROLL_FRAMES_EXPR = `new Promise((resolve) => {
  const el = document.querySelector('[data-testid="runs-scroller"]');
  const times = [];
  let last = performance.now();
  const step = (now) => {
    times.push(now - last);
    last = now;
    el.scrollTop += 600;
    if (times.length < 120) return requestAnimationFrame(step);
    const sorted = times.slice(1).sort((a, b) => a - b);
    const at = (q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
    resolve({ p50: at(0.5), p95: at(0.95), max: Math.round(sorted[sorted.length - 1]), rows: el.querySelectorAll('[data-testid="run-row"]').length });
  };
  requestAnimationFrame(step);
})`;

/** Milliseconds from the start of the navigation (performance.timeOrigin) until the page answers a frame. */
const INTERACTIVE_EXPR = 'new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))';

/** One full navigation to the dashboard; resolves with the in-page time at which it answered. */
async function measureDashboard(page: Page, server: RunningServer): Promise<{ ms: number; cardsMs: number; chartsMs: number; timeline: string }> {
  await page.goto('about:blank');
  await page.goto(`${server.origin}/#/p/${PROJECT}/dashboard`);
  await expect(page.getByTestId('card-total-runs').locator('.stat-value')).toHaveText(COUNT_TEXT);
  await expect(page.getByTestId('dashboard-page')).toHaveAttribute('data-state', 'ready');
  for (const id of CHARTS) await expect(page.getByTestId(id).locator('svg.recharts-surface').first(), id).toBeVisible();
  const chartsMs = Math.round(await page.evaluate<number>(INTERACTIVE_EXPR));
  const timeline = await page.evaluate<string>(TIMELINE_EXPR);
  // When the six cards showed numbers, and when the page then answered a frame (interactive).
  const cardsMs = Number(/^(\d+) ms cards$/m.exec(timeline)?.[1] ?? NaN);
  const ms = Number(/^(\d+) ms interactive$/m.exec(timeline)?.[1] ?? NaN);
  return { ms, cardsMs, chartsMs, timeline };
}

test('a 100 000-run project: dashboard interactive < 1 s, runs table scrolls every row', async ({ page, workspace, startServer, openApp, saveScreenshot }) => {
  const server = await test.step('write and ingest 100 000 runs', async () => {
    const dir = join(workspace.logsDir, PROJECT);
    mkdirSync(dir);
    const t0 = Date.now();
    await writeRunsJsonl(join(dir, 'runs.jsonl'), PROJECT, RUNS);
    const written = Date.now() - t0;
    const s = await startServer();
    await waitForOp<{ counts: { runs: number } }>(s, 'getStatus', {}, (st) => st.counts.runs === RUNS, 90_000);
    console.log(`[e2e] wrote ${RUNS} runs as JSONL in ${written} ms; serve ingested them ${Date.now() - t0 - written} ms after starting`);
    return s;
  });

  await test.step('dashboard interactive after navigation', async () => {
    await openApp(server);
    await page.addInitScript(MILESTONES_SCRIPT);
    // The first navigation fills the HTTP cache, as a returning user's browser has it; the
    // median of the next three is the figure (one slow outlier on a shared CI box says little).
    await measureDashboard(page, server);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await measureDashboard(page, server));
    const sorted = [...runs].sort((a, b) => a.ms - b.ms);
    const median = sorted[1];
    const list = runs.map((r) => `${r.ms} (cards ${r.cardsMs}, all charts ${r.chartsMs})`).join(', ');
    console.log(
      `[e2e] dashboard of a ${RUNS}-run project interactive ${median.ms} ms after navigation ` +
        `(cards filled at ${median.cardsMs} ms; all five charts drawn by ${median.chartsMs} ms; median of ${list} ms)`,
    );
    test.info().annotations.push({ type: 'dashboard-interactive-ms', description: `${median.ms}; cards ${median.cardsMs}; runs ${list}` });
    await test.info().attach('dashboard-timeline.txt', { body: median.timeline, contentType: 'text/plain' });
    await saveScreenshot('16-dashboard-100k');
    // Interactive means it answers input: the runs tab opens from the sidebar.
    await page.getByTestId('nav-runs').click();
    await expect(page.getByTestId('runs-page')).toBeVisible();
    expect.soft(median.ms, `dashboard interactive < ${BUDGET_MS} ms after navigation; timeline:\n${median.timeline}`).toBeLessThan(BUDGET_MS);
  });

  await test.step('the runs table scrolls through all rows', async () => {
    await page.goto(`${server.origin}/#/p/${PROJECT}/runs`);
    await expect(page.getByTestId('runs-total')).toContainText(COUNT_TEXT);
    const scroller = page.getByTestId('runs-scroller');
    await expect(scroller.getByTestId('run-row').first()).toHaveAttribute('data-run-id', /.+/);
    await saveScreenshot('17-runs-100k');
    // Virtualised: only a screenful of rows exists in the DOM, however far we scroll.
    expect(await scroller.getByTestId('run-row').count()).toBeLessThan(MAX_DOM_ROWS);

    await scroller.hover();
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 1_000);
    // Scrolled: the top rows left the DOM (row 0, the keyboard's Tab stop, is kept on purpose).
    await expect(scroller.locator('[data-testid="run-row"][data-index="1"]')).toHaveCount(0);
    // Smoothness: a fast flick, 600 px (~17 rows) per frame for 120 frames, and time the frames in the page.
    const frames = await page.evaluate<{ p50: number; p95: number; max: number; rows: number }>(SCROLL_FRAMES_EXPR);

    for (const target of [Math.floor(RUNS / 2), RUNS - 1]) {
      await scroller.evaluate((el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f), target / (RUNS - 1));
      const row = scroller.locator(`[data-testid="run-row"][data-index="${target}"]`);
      await expect(row, `row ${target}`).toBeVisible();
      await expect(row, `row ${target} loaded`).toHaveAttribute('data-run-id', /.+/);
    }
    expect(await scroller.getByTestId('run-row').count()).toBeLessThan(MAX_DOM_ROWS);
    await saveScreenshot('18-runs-100k-bottom');
    console.log(`[e2e] runs table: 120 frames scrolling 600 px each: p50 ${frames.p50} ms, p95 ${frames.p95} ms, max ${frames.max} ms per frame, ${frames.rows} rows in the DOM; jumped to rows 50 000 and 100 000`);
    test.info().annotations.push({ type: 'runs-scroll-frame-ms', description: `p50 ${frames.p50}, p95 ${frames.p95}, max ${frames.max}` });
    expect(frames.rows).toBeLessThan(MAX_DOM_ROWS);
  });
});
