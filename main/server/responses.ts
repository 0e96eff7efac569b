/** Small response helpers shared by the bridge's routes: security headers and JSON bodies. */
import type { ServerResponse } from 'node:http';
import type { BridgeError } from '../../shared/bridge';

/** Used when the built index.html carries no CSP of its own: nothing but our own files and API. */
export const DEFAULT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** API answers are data, never documents: they may load nothing. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Headers every response carries; `csp` is the page policy for documents, a deny-all one otherwise. */
export function setSecurityHeaders(res: ServerResponse, csp: string = API_CSP): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/** Sends a JSON body with an explicit length; API answers are never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Sends a BridgeError, the one error shape every transport uses. */
export function sendError(res: ServerResponse, status: number, code: BridgeError['code'], error: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error, code } satisfies BridgeError);
}
