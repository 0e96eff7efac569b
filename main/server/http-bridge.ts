/**
 * Browser mode: the renderer and every operation over HTTP on loopback, guarded by a per-launch
 * token, a loopback-only Host check (DNS rebinding) and a same-origin Origin check.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP, type BridgeError } from '../../shared/bridge';
import type { CoreConnection } from '../core/types';
import { DEFAULT_LIMITS, isRefusedSocket, limitConnections, type ConnectionLimits } from './connection-limits';
import { EventStreams, HEARTBEAT_MS } from './event-stream';
import { handleOperation } from './operation-route';
import {
  allowedHostHeaders,
  hostAllowed,
  hostWithPort,
  isLoopbackHost,
  newToken,
  originAllowed,
  requestAuthorized,
  tokenCookie,
  tokenMatches,
} from './request-guards';
import { sendError, setSecurityHeaders } from './responses';
import { createStaticSite } from './static-files';

export interface HttpBridgeOptions {
  core: CoreConnection;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** Must be a loopback address; default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); default a fresh random one. */
  token?: string;
  /** SSE heartbeat interval (tests shorten it). */
  heartbeatMs?: number;
  /** Where unexpected errors are described; default stderr. */
  log?: (line: string) => void;
  /** Connection caps and idle timeout (tests lower them); default DEFAULT_LIMITS. */
  limits?: Partial<ConnectionLimits>;
}

export interface HttpBridge {
  /** The URL to open, with `?token=`. */
  url: string;
  port: number;
  token: string;
  /** Stops accepting requests, ends event streams and open connections. Does not close the core. */
  close(): Promise<void>;
}

/** Thrown for a non-loopback host: browser mode never listens on a network interface. */
export class NonLoopbackHostError extends Error {
  constructor(host: string) {
    super(`--host must be a loopback address (127.0.0.1, ::1 or localhost), not "${host}".`);
    this.name = 'NonLoopbackHostError';
  }
}

const PAGE_401 =
  '<!doctype html><meta charset="utf-8"><title>RunBrain</title><p>This RunBrain server needs its access link. ' +
  'Open the URL that <code>runbrain serve</code> printed in the terminal (it ends with <code>?token=…</code>).</p>';

/** Starts the bridge; resolves once it is listening. */
export async function startHttpBridge(options: HttpBridgeOptions): Promise<HttpBridge> {
  const { core, staticDir, host = '127.0.0.1', port: wantedPort = 0 } = options;
  if (!isLoopbackHost(host)) throw new NonLoopbackHostError(host);
  const token = options.token ?? newToken();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const site = await createStaticSite(staticDir);
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const streams = new EventStreams(core, options.heartbeatMs ?? HEARTBEAT_MS, limits.maxEventStreams);
  let port = wantedPort;
  let allowedHosts = new Set<string>();

  function refuse(res: ServerResponse, status: 401 | 403, code: BridgeError['code'], message: string, page: boolean): void {
    setSecurityHeaders(res);
    if (page && status === 401) {
      res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(PAGE_401);
      return;
    }
    sendError(res, status, code, message);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const isApi = url.pathname.startsWith('/api/');
    if (!hostAllowed(req, allowedHosts)) return refuse(res, 403, 'forbidden', 'This server only answers requests addressed to its loopback address.', false);
    if (!originAllowed(req)) return refuse(res, 403, 'forbidden', 'Cross-origin requests are not allowed.', false);

    const isRead = req.method === 'GET' || req.method === 'HEAD';
    const urlToken = url.searchParams.get(HTTP.tokenParam);
    if (!isApi && isRead && urlToken !== null) {
      if (!tokenMatches(urlToken, token)) return refuse(res, 401, 'unauthorized', 'The access token is wrong or from an earlier launch.', true);
      // Trade the token in the URL for a cookie, then drop it from the address bar and history.
      url.searchParams.delete(HTTP.tokenParam);
      // One leading slash: `//host` in Location would send the browser to another site.
      const location = `/${url.pathname.replace(/^\/+/, '')}${url.search}`;
      setSecurityHeaders(res);
      res.writeHead(302, { 'Set-Cookie': tokenCookie(token, port), Location: location, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    // EventSource cannot send headers, so the event stream also takes the token as a parameter.
    const sseToken = url.pathname === HTTP.eventsPath && tokenMatches(urlToken, token);
    if (!sseToken && !requestAuthorized(req, token, port)) return refuse(res, 401, 'unauthorized', 'Missing or wrong access token.', !isApi);

    setSecurityHeaders(res);
    if (url.pathname.startsWith(HTTP.apiPrefix)) {
      return handleOperation(req, res, url.pathname.slice(HTTP.apiPrefix.length), core.handlers, log);
    }
    if (url.pathname === HTTP.eventsPath) {
      if (req.method !== 'GET') return sendError(res, 405, 'invalid-request', 'The event stream is read with GET.');
      return streams.attach(req, res);
    }
    if (isApi) return sendError(res, 404, 'not-found', `No API route ${url.pathname}.`);
    if (!isRead) {
      res.setHeader('Allow', 'GET, HEAD');
      return sendError(res, 405, 'invalid-request', `${req.method} is not allowed here.`);
    }
    return site.serve(req, res, url.pathname);
  }

  const server = createServer((req, res) => {
    // Over the connection cap: the socket already got its 503 and is closing.
    if (isRefusedSocket(req.socket)) return;
    route(req, res).catch((err: unknown) => {
      log(`runbrain serve: ${req.method} ${req.url?.split('?')[0]} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendError(res, 500, 'failed', 'The server failed to answer; the details are in its log.');
    });
  });

  limitConnections(server, limits);

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      rejectListen(err.code === 'EADDRINUSE' ? new Error(`Port ${wantedPort} is already in use; pick another with --port.`) : err);
    });
    server.listen(wantedPort, host, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port);

  return {
    url: `http://${hostWithPort(host, port)}/?${HTTP.tokenParam}=${token}`,
    port,
    token,
    async close() {
      streams.closeAll();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
    },
  };
}
