/**
 * Decides whether an IPC message comes from one of our windows showing our renderer. Both must
 * hold: the frame's URL is the bundled renderer (app://runbrain/index.html, or a file:// path
 * when one is given) or, in development, the electron-vite dev server origin; and the sender
 * belongs to a window we made.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { pathToFileURL } from 'node:url';

/** Where our renderer is loaded from. */
export type RendererLocation =
  | { kind: 'app'; url: string }
  | { kind: 'file'; path: string }
  | { kind: 'dev-server'; url: string };

/** True when `url` is our renderer page (any hash or query string allowed). */
export function isRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (location.kind === 'app') {
    const expected = new URL(location.url);
    return parsed.protocol === expected.protocol && parsed.host === expected.host && parsed.pathname === expected.pathname;
  }
  if (location.kind === 'file') {
    const expected = pathToFileURL(location.path);
    return parsed.protocol === 'file:' && parsed.host === expected.host && parsed.pathname === expected.pathname;
  }
  return parsed.origin === new URL(location.url).origin;
}

/** Builds the `isTrustedSender` predicate used by registerOperations. */
export function createSenderGuard(
  location: RendererLocation,
  isOurWebContents: (contents: WebContents) => boolean,
): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame) return false; // the frame navigated away or was destroyed
    // We never create sub-frames; a message from one is not ours.
    if (frame.parent) return false;
    if (!isRendererUrl(frame.url, location)) return false;
    return isOurWebContents(event.sender);
  };
}
