/** The connection caps and idle timeout, with real sockets on 127.0.0.1. */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, tooManyConnections, tooManyStreams } from './connection-limits';
import { startBridgeFixture, type BridgeFixture } from './testing/bridge-fixture';
import { rawRequest } from './testing/raw-request';

let fx: BridgeFixture | null = null;
const sockets: Socket[] = [];
const requests: ClientRequest[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const r of requests.splice(0)) r.destroy();
  await fx?.close();
  fx = null;
});

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
    sockets.push(s);
  });
}

/** Everything the server sends on `s` until it closes the socket (or `ms` pass). */
function readUntilClosed(s: Socket, ms = 5000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve({ text, closed: false }), ms);
    s.on('data', (b: Buffer) => (text += b.toString()));
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

/** Opens an event stream and resolves with its response once the headers arrived. */
function openStream(f: BridgeFixture): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: f.bridge.port, path: `/api/events?token=${f.bridge.token}`, headers: { host: `127.0.0.1:${f.bridge.port}` }, agent: false },
      resolve,
    );
    req.on('error', reject);
    req.end();
    requests.push(req);
  });
}

const body = (res: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    res.on('data', (b: Buffer) => (text += b.toString()));
    res.on('end', () => resolve(text));
  });

describe('connection caps', () => {
  it('holds at most 256 connections; the next one reads a 503 sentence; a freed slot serves again', async () => {
    fx = await startBridgeFixture();
    const { port } = fx.bridge;
    expect(DEFAULT_LIMITS.maxConnections).toBe(256);
    for (let i = 0; i < 256; i++) await openSocket(port);
    const extra = await openSocket(port);
    const answer = await readUntilClosed(extra);
    expect(answer.closed).toBe(true);
    expect(answer.text).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(answer.text).toContain('Connection: close');
    expect(JSON.parse(answer.text.split('\r\n\r\n')[1])).toEqual({ error: tooManyConnections(256), code: 'unavailable' });
    expect(tooManyConnections(256)).toBe(
      'RunBrain is already serving 256 open connections, its limit; close other tabs or clients and try again.',
    );

    // A client that sends its request at once gets the same 503, and the server handles nothing.
    const eager = await openSocket(port);
    eager.write(`POST /api/op/createDemoData HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-runbrain-token: ${fx.bridge.token}\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`);
    const eagerAnswer = await readUntilClosed(eager);
    expect(eagerAnswer.text).toMatch(/^HTTP\/1\.1 503 /);
    expect(eagerAnswer.text.match(/HTTP\/1\.1/g)).toHaveLength(1);
    expect(fx.core.calls).toEqual([]);
    expect(fx.logged).toEqual([]);

    // Free ten slots: new requests are answered normally again (401: no token, but not 503).
    for (const s of sockets.splice(0, 10)) s.destroy();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 401; attempt++) {
      status = (await rawRequest(port, { path: '/' })).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
  }, 30_000);

  it('closes connections idle for longer than the idle timeout (60 s by default)', async () => {
    expect(DEFAULT_LIMITS.idleMs).toBe(60_000);
    fx = await startBridgeFixture({ limits: { idleMs: 300 }, heartbeatMs: 50 });
    const silent = await openSocket(fx.bridge.port);
    const partial = await openSocket(fx.bridge.port);
    partial.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const t0 = Date.now();
    const [a, b] = await Promise.all([readUntilClosed(silent), readUntilClosed(partial)]);
    expect(a.closed && b.closed).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(Date.now() - t0).toBeLessThan(4000);
    // An event stream is not idle: its heartbeat keeps it open well past the timeout.
    const stream = await openStream(fx);
    expect(stream.statusCode).toBe(200);
    let ended = false;
    stream.on('close', () => (ended = true));
    stream.resume();
    await new Promise((r) => setTimeout(r, 1000));
    expect(ended).toBe(false);
  }, 30_000);

  it('streams events to at most 64 clients; the next gets a 503 sentence; a closed stream frees its slot', async () => {
    fx = await startBridgeFixture();
    expect(DEFAULT_LIMITS.maxEventStreams).toBe(64);
    const open: IncomingMessage[] = [];
    for (let i = 0; i < 64; i++) open.push(await openStream(fx));
    expect(open.every((r) => r.statusCode === 200)).toBe(true);
    const refused = await openStream(fx);
    expect(refused.statusCode).toBe(503);
    expect(JSON.parse(await body(refused))).toEqual({ error: tooManyStreams(64), code: 'unavailable' });
    requests[0].destroy();
    let again: IncomingMessage | null = null;
    for (let attempt = 0; attempt < 50; attempt++) {
      again = await openStream(fx);
      if (again.statusCode === 200) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(again?.statusCode).toBe(200);
  }, 30_000);
});
