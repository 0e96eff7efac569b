/**
 * The checks every browser-mode request passes before it reaches a handler: loopback-only Host
 * (DNS rebinding), same-origin Origin (CSRF from other sites) and the per-launch token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { HTTP } from '../../shared/bridge';

/** A fresh unguessable token for one launch of the server. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** True for the addresses the bridge may bind: 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** `host:port` with IPv6 literals bracketed, as browsers write it in Host and Origin. */
export function hostWithPort(host: string, port: number): string {
  const h = host.replace(/^\[|\]$/g, '');
  return `${isIP(h) === 6 ? `[${h}]` : h}:${port}`;
}

/** The Host header values a legitimate browser tab can send to this server. */
export function allowedHostHeaders(boundHost: string, port: number): Set<string> {
  return new Set(['127.0.0.1', 'localhost', '::1', boundHost].map((h) => hostWithPort(h, port).toLowerCase()));
}

/** Host must name this server by a loopback name; anything else may be a DNS-rebinding page. */
export function hostAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowed.has(host);
}

/** An Origin, when sent, must be this very origin (`http://<Host>`); browsers send it on POST and cross-origin requests. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin.toLowerCase() === `http://${req.headers.host?.toLowerCase()}`;
}

/** Cookie name of one server: cookies ignore ports, so two servers on one machine must not share a name. */
export const tokenCookieName = (port: number): string => `${HTTP.tokenCookie}_${port}`;

/** Constant-time token comparison (hashing first makes lengths equal and leaks nothing about them). */
export function tokenMatches(candidate: string | undefined | null, token: string): boolean {
  if (!candidate) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** Reads one cookie value from the Cookie header. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    // Raw value: our tokens are base64url, so there is nothing to decode.
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** True when the request carries the token in the header or in this server's cookie. */
export function requestAuthorized(req: IncomingMessage, token: string, port: number): boolean {
  const header = req.headers[HTTP.tokenHeader];
  if (typeof header === 'string' && tokenMatches(header, token)) return true;
  return tokenMatches(readCookie(req, tokenCookieName(port)), token);
}

/** The Set-Cookie value that remembers the token for this tab session. */
export const tokenCookie = (token: string, port: number): string =>
  `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
