/**
 * Caps on what one browser-mode server holds open, so a runaway tab or a local script cannot
 * exhaust file descriptors: at most `maxConnections` sockets (256) and `maxEventStreams` event
 * streams (64), and any socket idle for `idleMs` (60 s) is closed. Event streams stay alive:
 * their heartbeat (15 s) is activity. Over a cap the client gets a 503 with a sentence.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { BridgeError } from '../../shared/bridge';

export interface ConnectionLimits {
  maxConnections: number;
  maxEventStreams: number;
  idleMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { maxConnections: 256, maxEventStreams: 64, idleMs: 60_000 };

/** The sentence a refused connection reads. */
export const tooManyConnections = (max: number): string =>
  `RunBrain is already serving ${max} open connections, its limit; close other tabs or clients and try again.`;
export const tooManyStreams = (max: number): string =>
  `RunBrain already streams events to ${max} tabs, its limit; close some RunBrain tabs and reload this one.`;

/** A complete 503 answer written straight to a socket that never reaches the HTTP parser. */
function raw503(message: string): string {
  const body = JSON.stringify({ error: message, code: 'unavailable' } satisfies BridgeError);
  return (
    'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\nRetry-After: 5\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`
  );
}

/** Sockets answered with the raw 503: a request that still arrives on one gets no other answer. */
const refused = new WeakSet<Socket>();

/** True for a socket that was over the cap (its request must not be handled). */
export const isRefusedSocket = (socket: Socket): boolean => refused.has(socket);

/** Applies the connection cap and the idle timeout to `server`; returns the live socket count. */
export function limitConnections(server: Server, limits: ConnectionLimits): { readonly open: number } {
  const open = new Set<Socket>();
  // Sockets idle this long are destroyed (no 'timeout' listener on the server means destroy).
  server.setTimeout(limits.idleMs);
  // Keep-alive lasts the whole idle window (Node's default is 5 s): a client reusing a socket just
  // as the server's short keep-alive timer fires — likely after a long synchronous stretch, such as
  // a big ingest in the same process — gets a reset instead of an answer.
  server.keepAliveTimeout = limits.idleMs;
  server.headersTimeout = Math.min(server.headersTimeout, limits.idleMs);
  server.requestTimeout = Math.max(server.headersTimeout, Math.min(server.requestTimeout || Infinity, limits.idleMs * 5));
  server.on('connection', (socket: Socket) => {
    if (open.size >= limits.maxConnections) {
      // Answer before the request is even read, then let go of the socket quickly.
      refused.add(socket);
      socket.on('error', () => undefined);
      socket.end(raw503(tooManyConnections(limits.maxConnections)));
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return {
    get open() {
      return open.size;
    },
  };
}
