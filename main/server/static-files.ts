/**
 * Serves the built renderer: content types, cache headers, SPA fallback to index.html, and a
 * path resolution that cannot leave the static folder (no `..`, no dotfiles, no symlink escapes).
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { DEFAULT_CSP, setSecurityHeaders } from './responses';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticSite {
  /** The page CSP (the one in index.html plus `frame-ancestors`, which a meta tag cannot set). */
  csp: string;
  /** Answers a GET/HEAD for `pathname` (already stripped of its query). */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
}

/** Reads the CSP the renderer declares in its meta tag so browser mode enforces the same policy. */
export function cspFromIndexHtml(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']content-security-policy["']/i.test(tag)) continue;
    const content = /content\s*=\s*"([^"]*)"|content\s*=\s*'([^']*)'/i.exec(tag);
    const policy = (content?.[1] ?? content?.[2] ?? '').trim().replace(/;\s*$/, '');
    if (policy) return policy;
  }
  return null;
}

function withFrameAncestors(policy: string): string {
  return /frame-ancestors/i.test(policy) ? policy : `${policy}; frame-ancestors 'none'`;
}

/** Maps a URL path to a file under root, or null when it would escape it or names a dotfile. */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  const full = resolve(root, ...segments);
  return full === root || full.startsWith(root + sep) ? full : null;
}

/** Builds the static handler for a folder (normally `out/renderer`). */
export async function createStaticSite(staticDir: string): Promise<StaticSite> {
  const root = await realpath(staticDir).catch(() => resolve(staticDir));
  const indexPath = resolve(root, 'index.html');
  const indexHtml = await readFile(indexPath, 'utf8').catch(() => null);
  const csp = withFrameAncestors((indexHtml && cspFromIndexHtml(indexHtml)) || DEFAULT_CSP);

  async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): Promise<boolean> {
    const real = await realpath(file).catch(() => null);
    if (!real || !(real === root || real.startsWith(root + sep))) return false;
    const info = await stat(real).catch(() => null);
    if (!info?.isFile()) return false;
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    setSecurityHeaders(res, csp);
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304);
      res.end();
      return true;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(real);
      stream.on('error', () => {
        res.destroy();
        done();
      });
      res.on('close', () => {
        stream.destroy();
        done();
      });
      stream.pipe(res);
    });
    return true;
  }

  function notFound(res: ServerResponse): void {
    setSecurityHeaders(res, csp);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('Not found');
  }

  return {
    csp,
    async serve(req, res, pathname) {
      const file = resolveStaticPath(root, pathname);
      if (file === null) return notFound(res);
      // Vite fingerprints everything under assets/, so those can be cached forever; the rest must revalidate.
      const hashed = pathname.startsWith('/assets/');
      if (file !== root && (await sendFile(req, res, file, hashed ? 'private, max-age=31536000, immutable' : 'no-cache'))) return;
      // Client-side routes (no file extension) get the app shell; a missing asset is a plain 404.
      const isRoute = file === root || extname(file) === '' || extname(file) === '.html';
      if (isRoute && (await sendFile(req, res, indexPath, 'no-cache'))) return;
      notFound(res);
    },
  };
}
