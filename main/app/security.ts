/**
 * Guards every web contents RunBrain creates: no navigation away from the app, no redirects, no
 * <webview>, no new windows (http(s) links open in the system browser instead), and no
 * permission (camera, notifications, clipboard, …) is ever granted to page content.
 */
import { shell, type Session, type WebContents } from 'electron';

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

/** Opens a link in the system browser if it is a safe http(s) URL; returns whether it did. */
export function openExternalSafely(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  void shell.openExternal(url).catch(() => undefined);
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
    openExternalSafely(url);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check for a session. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
