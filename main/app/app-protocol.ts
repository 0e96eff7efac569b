/**
 * The renderer is served from `app://runbrain/…`, a privileged standard scheme, instead of
 * file://: its CSP arrives as a response header (a meta tag cannot set frame-ancestors and is
 * applied only once parsing reaches it), ES modules load without file:// extra privileges, so
 * the `grantFileProtocolExtraPrivileges` fuse is off in electron-builder.yml, and the page
 * cannot read any file outside out/renderer.
 */
import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { cspFromIndexHtml, resolveStaticPath } from '../server/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'runbrain';
/** The URL the main window loads. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Used when index.html carries no policy of its own (it always should). */
export const FALLBACK_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; object-src 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
};

/** Must run before the app is ready: makes `app:` a secure standard scheme with fetch and modules. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** The page policy: the one index.html declares, plus frame-ancestors (header-only). */
export function pageCsp(indexHtml: string | null): string {
  const policy = (indexHtml && cspFromIndexHtml(indexHtml)) || FALLBACK_CSP;
  return /frame-ancestors/i.test(policy) ? policy : `${policy}; frame-ancestors 'none'`;
}

const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The request handler for `app://runbrain/<path>`, reading files under `rendererDir`. */
export function rendererRequestHandler(rendererDir: string, csp: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    const pathname = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = resolveStaticPath(rendererDir, pathname);
    if (!file) return notFound();
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(bytes), {
      status: 200,
      headers: {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  };
}

/** Serves out/renderer on `app://runbrain/` in `session`, with the page CSP as a header. */
export async function serveRenderer(session: Session, rendererDir: string): Promise<void> {
  let indexHtml: string | null = null;
  try {
    indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8');
  } catch {
    // Missing build: every request answers 404 and the window shows nothing, as with file://.
  }
  session.protocol.handle(APP_SCHEME, rendererRequestHandler(rendererDir, pageCsp(indexHtml)));
}
