import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/types';
import { MAX_BODY_BYTES } from './operation-route';
import { startBridgeFixture, type BridgeFixture } from './testing/bridge-fixture';
import { rawRequest } from './testing/raw-request';

let fx: BridgeFixture;
beforeEach(async () => {
  fx = await startBridgeFixture({ heartbeatMs: 40 });
});
afterEach(async () => {
  await fx.close();
});

function post(op: string, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return rawRequest(fx.bridge.port, { method: 'POST', path: `/api/op/${op}`, body: text, headers: { ...fx.auth, 'content-type': 'application/json', ...headers } });
}

describe('POST /api/op/<name>', () => {
  it('validates the payload and hands the parsed request (with defaults) to the handler', async () => {
    const res = await post('listRuns', { project_id: 'alpha', mode: '2loop' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({
      op: 'listRuns',
      request: { project_id: 'alpha', mode: '2loop', sort: 'started_at', dir: 'desc', offset: 0, limit: 200 },
    });
  });

  it('treats an empty JSON body as {}', async () => {
    const res = await rawRequest(fx.bridge.port, { method: 'POST', path: '/api/op/getStatus', headers: { ...fx.auth, 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
  });

  it('refuses any body, even an empty one, that is not sent as application/json (415)', async () => {
    const variants: Record<string, string>[] = [{ 'content-type': 'text/plain', 'content-length': '0' }, { 'content-length': '0' }, { 'content-type': 'text/plain' }];
    for (const headers of variants) {
      const res = await rawRequest(fx.bridge.port, { method: 'POST', path: '/api/op/createDemoData', headers: { ...fx.auth, ...headers } });
      expect(res.status).toBe(415);
      expect(JSON.parse(res.body)).toEqual({ error: 'Operations must be sent with Content-Type: application/json.', code: 'invalid-request' });
    }
    const plain = await post('addFolder', '{"path":"/tmp"}', { 'content-type': 'text/plain;charset=UTF-8' });
    expect(plain.status).toBe(415);
    expect(fx.core.calls).toEqual([]);
  });

  it('rejects an invalid payload with 400 and a message naming the field', async () => {
    const wrongType = await post('getProfile', { project_id: 42 });
    expect(wrongType.status).toBe(400);
    const body = JSON.parse(wrongType.body);
    expect(body.code).toBe('invalid-request');
    expect(body.error).toMatch(/^Invalid request for getProfile: project_id: /);

    const missing = JSON.parse((await post('getRun', { project_id: 'a' })).body);
    expect(missing.error).toContain('run_id');
    const extra = await post('getStatus', { sneaky: true });
    expect(extra.status).toBe(400);
    expect(JSON.parse(extra.body).error).toContain('sneaky');
    const range = JSON.parse((await post('listRuns', { project_id: 'a', limit: 5000 })).body);
    expect(range.error).toContain('limit');
    expect(fx.core.calls).toEqual([]);
  });

  it('rejects malformed JSON, other content types and oversized bodies', async () => {
    const bad = await post('getStatus', '{not json');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'Request body is not valid JSON.', code: 'invalid-request' });
    // A cross-site HTML form can only send form encodings or text/plain.
    const form = await post('addFolder', 'path=/etc', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const huge = await post('addFolder', { path: 'x'.repeat(MAX_BODY_BYTES + 10) });
    expect(huge.status).toBe(413);
    expect(fx.core.calls).toEqual([]);
  });

  it('answers 404 for an unknown operation and 405 for GET', async () => {
    const unknown = await post('dropDatabase', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({ error: 'Unknown operation "dropDatabase".', code: 'not-found' });
    expect((await post('__proto__', {})).status).toBe(404);
    expect((await post('toString', {})).status).toBe(404);
    const get = await rawRequest(fx.bridge.port, { path: '/api/op/getStatus', headers: fx.auth });
    expect(get.status).toBe(405);
    expect((await rawRequest(fx.bridge.port, { path: '/api/nothing', headers: fx.auth })).status).toBe(404);
  });

  it('maps UserError codes to statuses and hides unexpected errors', async () => {
    fx.core.override('getProfile', async () => {
      throw new UserError('No project named "ghost".', 'not-found');
    });
    fx.core.override('applyRecommendation', async () => {
      throw new UserError('The config file changed since the preview.', 'conflict');
    });
    fx.core.override('addFolder', async () => {
      throw new UserError('Not a folder: /tmp/x', 'invalid-request');
    });
    fx.core.override('listLedger', async () => {
      throw new Error('SQLITE_CORRUPT at /home/me/secret/path.db');
    });
    const notFound = await post('getProfile', { project_id: 'ghost' });
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.body)).toEqual({ error: 'No project named "ghost".', code: 'not-found' });
    expect((await post('applyRecommendation', { project_id: 'a', recommendation_id: 'r', base_hash: 'h' })).status).toBe(409);
    expect((await post('addFolder', { path: '/tmp/x' })).status).toBe(400);
    const crash = await post('listLedger', {});
    expect(crash.status).toBe(500);
    expect(crash.body).not.toContain('SQLITE');
    expect(JSON.parse(crash.body)).toEqual({ error: 'listLedger failed unexpectedly; the details are in the server log.', code: 'failed' });
    expect(fx.logged.join('\n')).toContain('SQLITE_CORRUPT');
  });
});

/** Opens the event stream and collects what arrives. */
function openEvents(path = '/api/events', headers: Record<string, string> = fx.auth) {
  let text = '';
  let status = 0;
  let contentType = '';
  let stop: () => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: fx.bridge.port, path, headers: { host: `127.0.0.1:${fx.bridge.port}`, ...headers }, agent: false }, (res) => {
      status = res.statusCode ?? 0;
      contentType = String(res.headers['content-type']);
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('error', () => undefined);
      resolve();
    });
    req.on('error', reject);
    req.end();
    stop = () => req.destroy();
  });
  return { ready, text: () => text, status: () => status, contentType: () => contentType, stop: () => stop() };
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('GET /api/events', () => {
  it('streams core events as SSE data lines with heartbeats, and unsubscribes on disconnect', async () => {
    const stream = openEvents();
    await stream.ready;
    expect(stream.status()).toBe(200);
    expect(stream.contentType()).toContain('text/event-stream');
    await until(() => fx.core.listenerCount() === 1);
    fx.core.emit({ type: 'runs-changed', project_ids: ['alpha'] });
    fx.core.emit({ type: 'quarantine-changed' });
    await until(() => stream.text().includes('quarantine-changed'));
    expect(stream.text()).toContain('data: {"type":"runs-changed","project_ids":["alpha"]}\n\n');
    await until(() => stream.text().includes(': heartbeat\n\n'));
    stream.stop();
    await until(() => fx.core.listenerCount() === 0);
  });

  it('accepts the token as a parameter (EventSource cannot send headers)', async () => {
    const stream = openEvents(`/api/events?token=${fx.bridge.token}`, {});
    await stream.ready;
    expect(stream.status()).toBe(200);
    stream.stop();
  });

  it('ends open streams when the bridge closes', async () => {
    const stream = openEvents();
    await stream.ready;
    await until(() => fx.core.listenerCount() === 1);
    await fx.bridge.close();
    expect(fx.core.listenerCount()).toBe(0);
  });
});
