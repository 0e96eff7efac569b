/**
 * Guards every web contents RunBrain creates: no navigation away from the app, no redirects, no
 * <webview>, no new windows (an http(s) link opens in the system browser instead, after the
 * user has seen where it goes and said yes), and no permission (camera, notifications,
 * clipboard, …) is ever granted to page content.
 */
import { BrowserWindow, dialog, shell, type Session, type WebContents } from 'electron';

const MAX_EXTERNAL_URL_LENGTH = 2048;

/** True for absolute http(s) URLs without embedded credentials: the only links we hand to the OS. */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (!parsed.hostname) return false;
  // user:pass@host links are a classic way to disguise where a link really goes.
  if (parsed.username || parsed.password) return false;
  return true;
}

/** Hosts whose links open without asking (none today: every link is shown first). */
export const EXTERNAL_ALLOWLIST: ReadonlySet<string> = new Set<string>();

/** One confirmation at a time: a page cannot stack dialogs by firing links in a loop. */
let asking = false;

/**
 * Opens a safe http(s) link in the system browser once the user has seen it and agreed (hosts
 * in the allowlist open directly). Resolves whether it was opened.
 */
export async function openExternalSafely(url: string, parent: BrowserWindow | null = null): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  const { host, href } = new URL(url);
  if (!EXTERNAL_ALLOWLIST.has(host)) {
    if (asking) return false;
    asking = true;
    try {
      const options = {
        type: 'question' as const,
        buttons: ['Open in browser', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
        title: 'Open link',
        // The punycode host (new URL gives it) shows look-alike letters for what they are.
        message: `Open ${host} in your browser?`,
        detail: href,
      };
      const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
      if (response !== 0) return false;
    } finally {
      asking = false;
    }
  }
  await shell.openExternal(href).catch(() => undefined);
  return true;
}

const hardened = new WeakSet<WebContents>();

/** Blocks navigation, redirects, webviews and new windows for one web contents (idempotent). */
export function hardenWebContents(contents: WebContents): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.on('will-navigate', (event, url) => {
    // The dashboard is a single page; any navigation is a link that should leave the app.
    event.preventDefault();
    void openExternalSafely(url, BrowserWindow.fromWebContents(contents));
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url, BrowserWindow.fromWebContents(contents));
    return { action: 'deny' };
  });
}

/** Denies every permission request and check for a session. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
