/**
 * The browser journey, in the real desktop shell: launch → onboarding → "Try with demo data" →
 * project dashboard with its six cards. Runs wherever the Electron binary exists (a laptop after
 * `npm install && npm start`); skipped, with the reason, where it cannot be downloaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { desktopBuildProblem, electronBinaryAvailable, electronExecutable, REPO_ROOT } from './electron-binary';

const binary = electronExecutable();
if (!binary.path) console.log(`[electron e2e] skipped: Electron binary not installed here (${binary.reason}).`);

test.describe('desktop app', () => {
  test.skip(
    !electronBinaryAvailable(),
    `Electron binary not installed here: ${binary.reason} (download blocked); runs on a laptop after npm install && npm start`,
  );

  let app: ElectronApplication;
  let userData: string;

  test.beforeEach(() => {
    const problem = desktopBuildProblem();
    test.skip(problem !== null, `Desktop build not ready: ${problem}`);
  });

  test.beforeEach(async () => {
    // A fresh data folder per test; the app takes its single-instance lock inside it.
    userData = mkdtempSync(join(tmpdir(), 'rb-electron-e2e-'));
    app = await electron.launch({
      executablePath: binary.path!,
      args: [REPO_ROOT],
      cwd: REPO_ROOT,
      env: { ...process.env, RUNBRAIN_USER_DATA_DIR: userData, ELECTRON_DISABLE_SECURITY_WARNINGS: 'true' },
    });
  });

  test.afterEach(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  test('onboarding → demo data → dashboard shows six cards', async () => {
    const page = await app.firstWindow();
    await expect(page.locator('[data-app-state="onboarding"]')).toBeVisible({ timeout: 30_000 });

    // The desktop shell offers the native picker instead of the typed path.
    await expect(page.getByTestId('onboarding-pick-folder')).toBeVisible();
    // The page sees only the named bridge, never Node or ipcRenderer.
    // (globalThis is the page's window; this tsconfig has no DOM types.)
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { runbrain: object }).runbrain).sort())).toContain('onEvent');
    expect(await page.evaluate(() => 'ipcRenderer' in (globalThis as unknown as { runbrain: object }).runbrain)).toBe(false);

    await page.getByTestId('onboarding-demo').click();
    await expect(page.getByTestId('projects-page')).toBeVisible({ timeout: 60_000 });
    const firstProject = page.getByTestId('project-row').first();
    await expect(firstProject).toBeVisible({ timeout: 60_000 });
    await firstProject.click();

    await expect(page.locator('[data-testid="dashboard-page"][data-state="ready"]')).toBeVisible({ timeout: 30_000 });
    for (const card of ['total-runs', 'avg-cost', 'qa-pass-rate', 'avg-rounds', 'preferred-mode', 'preferred-strategy']) {
      await expect(page.getByTestId(`card-${card}`)).toBeVisible();
    }
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'screenshots', 'electron-dashboard.png') });
  });

  test('links never replace the app window', async () => {
    const page = await app.firstWindow();
    await expect(page.locator('[data-app-state]')).toBeVisible({ timeout: 30_000 });
    const before = page.url();
    // Non-http targets: blocked and not handed to the OS (http links would open the user's browser).
    await page.evaluate(() => {
      const win = globalThis as unknown as { open(url: string, target: string): unknown; location: { href: string } };
      win.open('file:///etc/hosts', '_blank');
      win.location.href = 'file:///etc/hosts';
    });
    // A negative check needs a moment for a (wrongly) allowed navigation or window to appear.
    const newWindow = await app.waitForEvent('window', { timeout: 1_000 }).catch(() => null);
    expect(newWindow).toBeNull();
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  });

  test('the renderer comes from app://runbrain/ with the CSP as a response header', async () => {
    const page = await app.firstWindow();
    await expect(page.locator('[data-app-state]')).toBeVisible({ timeout: 30_000 });
    expect(page.url()).toMatch(/^app:\/\/runbrain\/index\.html/);
    // The page's own fetch of its document shows the header the protocol handler sends.
    const csp = await page.evaluate(async () => (await fetch('app://runbrain/index.html')).headers.get('content-security-policy'));
    expect(csp).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(csp).toContain("frame-ancestors 'none'");
    // Nothing outside out/renderer is reachable.
    const outside = await page.evaluate(async () => (await fetch('app://runbrain/../main/index.js')).status);
    expect(outside).toBe(404);
  });

  test('an http(s) link is shown to the user before it opens, and Cancel opens nothing', async () => {
    const page = await app.firstWindow();
    await expect(page.locator('[data-app-state]')).toBeVisible({ timeout: 30_000 });
    // Replace the dialog and shell in the main process to observe them (no real browser opens).
    await app.evaluate(({ dialog, shell }) => {
      const g = globalThis as unknown as { asked: string[]; opened: string[] };
      g.asked = [];
      g.opened = [];
      dialog.showMessageBox = (async (...args: unknown[]) => {
        const options = args[args.length - 1] as { message: string };
        g.asked.push(options.message);
        return { response: 1, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
      shell.openExternal = (async (url: string) => void g.opened.push(url)) as typeof shell.openExternal;
    });
    await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/docs'));
    await expect
      .poll(() => app.evaluate(() => (globalThis as unknown as { asked: string[] }).asked))
      .toEqual(['Open example.com in your browser?']);
    expect(await app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened)).toEqual([]);
    expect(app.windows()).toHaveLength(1);
  });
});
