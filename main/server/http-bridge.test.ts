import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpBridge } from './http-bridge';
import { resolveStaticPath } from './static-files';
import { startBridgeFixture, type BridgeFixture } from './testing/bridge-fixture';
import { createFakeCore } from './testing/fake-core';
import { rawRequest } from './testing/raw-request';

let fx: BridgeFixture;
beforeEach(async () => {
  fx = await startBridgeFixture();
});
afterEach(async () => {
  await fx.close();
});

const cookieHeader = (setCookie: string[] | undefined) => (setCookie ?? [])[0]?.split(';')[0] ?? '';

describe('the access token', () => {
  it('is a fresh 256-bit base64url value per launch and part of the printed URL', async () => {
    const core = createFakeCore();
    const a = await startHttpBridge({ core, staticDir: fx.base, log: () => undefined });
    const b = await startHttpBridge({ core, staticDir: fx.base, log: () => undefined });
    try {
      expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(a.token).not.toBe(b.token);
      expect(a.url).toBe(`http://127.0.0.1:${a.port}/?token=${a.token}`);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses the page, assets, operations and events without it (401)', async () => {
    const { port } = fx.bridge;
    const page = await rawRequest(port, { path: '/' });
    expect(page.status).toBe(401);
    expect(page.body).toContain('runbrain serve');
    expect((await rawRequest(port, { path: '/assets/app-1a2b.js' })).status).toBe(401);
    const op = await rawRequest(port, { method: 'POST', path: '/api/op/getStatus', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(op.status).toBe(401);
    expect(JSON.parse(op.body)).toEqual({ error: 'Missing or wrong access token.', code: 'unauthorized' });
    expect((await rawRequest(port, { path: '/api/events' })).status).toBe(401);
    expect(fx.core.calls).toEqual([]);
  });

  it('refuses a wrong token in the URL, header or cookie', async () => {
    const { port } = fx.bridge;
    expect((await rawRequest(port, { path: '/?token=nope' })).status).toBe(401);
    expect((await rawRequest(port, { path: '/', headers: { 'x-runbrain-token': 'nope' } })).status).toBe(401);
    expect((await rawRequest(port, { path: '/', headers: { cookie: `runbrain_token_${port}=nope` } })).status).toBe(401);
    // A token sent as a query parameter does not authenticate operations.
    const op = await rawRequest(port, { method: 'POST', path: `/api/op/getStatus?token=${fx.bridge.token}` });
    expect(op.status).toBe(401);
  });

  it('trades ?token= for an HttpOnly SameSite=Strict cookie and a redirect without it', async () => {
    const { port, token } = fx.bridge;
    const first = await rawRequest(port, { path: `/projects/alpha?tab=runs&token=${token}` });
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/projects/alpha?tab=runs');
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(first.headers['referrer-policy']).toBe('no-referrer');

    const cookie = cookieHeader(first.headers['set-cookie']);
    const page = await rawRequest(port, { path: '/projects/alpha?tab=runs', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-app-state');
    const asset = await rawRequest(port, { path: '/assets/app-1a2b.js', headers: { cookie } });
    expect(asset.status).toBe(200);
    const op = await rawRequest(port, { method: 'POST', path: '/api/op/getStatus', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(op.status).toBe(200);
    expect(JSON.parse(op.body)).toEqual({ op: 'getStatus', request: {} });
  });

  it('never redirects to another site', async () => {
    for (const path of [`//evil.example/x?token=${fx.bridge.token}`, `///evil.example?token=${fx.bridge.token}`, `/%2F%2Fevil.example?token=${fx.bridge.token}`]) {
      const res = await rawRequest(fx.bridge.port, { path });
      expect(res.status, path).toBe(302);
      expect(res.headers.location, path).toMatch(/^\/(?!\/)/);
    }
  });

  it('accepts the x-runbrain-token header', async () => {
    const op = await rawRequest(fx.bridge.port, { method: 'POST', path: '/api/op/listProjects', headers: { ...fx.auth, 'content-type': 'application/json' } });
    expect(op.status).toBe(200);
  });
});

describe('DNS rebinding and cross-site requests', () => {
  it('answers 403 to a foreign Host even with the right token', async () => {
    const { port } = fx.bridge;
    for (const host of ['evil.example:' + port, `127.0.0.1:${port + 1}`, 'attacker.localhost', '127.0.0.1']) {
      const res = await rawRequest(port, { method: 'POST', path: '/api/op/getStatus', headers: { ...fx.auth, host } });
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.body).code).toBe('forbidden');
    }
    expect((await rawRequest(port, { path: `/?token=${fx.bridge.token}`, headers: { host: 'rebound.example' } })).status).toBe(403);
    expect(fx.core.calls).toEqual([]);
  });

  it('accepts every loopback name for its own port', async () => {
    const { port } = fx.bridge;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const res = await rawRequest(port, { method: 'POST', path: '/api/op/getStatus', headers: { ...fx.auth, 'content-type': 'application/json', host } });
      expect(res.status, host).toBe(200);
    }
  });

  it('answers 403 to a foreign Origin and accepts its own', async () => {
    const { port } = fx.bridge;
    for (const origin of ['http://evil.example', `http://localhost:${port}`, `https://127.0.0.1:${port}`, 'null']) {
      const res = await rawRequest(port, { method: 'POST', path: '/api/op/getStatus', headers: { ...fx.auth, origin } });
      expect(res.status, origin).toBe(403);
    }
    const events = await rawRequest(port, { path: '/api/events', headers: { ...fx.auth, origin: 'http://evil.example' } });
    expect(events.status).toBe(403);
    const own = await rawRequest(port, { method: 'POST', path: '/api/op/getStatus', headers: { ...fx.auth, 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` } });
    expect(own.status).toBe(200);
  });

  it('refuses to bind anything but loopback', async () => {
    const core = createFakeCore();
    await expect(startHttpBridge({ core, staticDir: fx.base, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startHttpBridge({ core, staticDir: fx.base, host: '192.168.1.5' })).rejects.toThrow(/loopback/);
  });
});

describe('static files', () => {
  it('serves assets with their content type, long caching and the security headers', async () => {
    const { port } = fx.bridge;
    const js = await rawRequest(port, { path: '/assets/app-1a2b.js', headers: fx.auth });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    const css = await rawRequest(port, { path: '/assets/app-1a2b.css', headers: fx.auth });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const page = await rawRequest(port, { path: '/', headers: fx.auth });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    // The page policy is the one index.html declares, plus frame-ancestors (a meta tag cannot set it).
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('falls back to index.html for client routes but not for missing files', async () => {
    const { port } = fx.bridge;
    const route = await rawRequest(port, { path: '/projects/alpha/runs', headers: fx.auth });
    expect(route.status).toBe(200);
    expect(route.body).toContain('data-app-state');
    expect((await rawRequest(port, { path: '/assets/missing.js', headers: fx.auth })).status).toBe(404);
  });

  it('revalidates with ETag', async () => {
    const { port } = fx.bridge;
    const first = await rawRequest(port, { path: '/assets/app-1a2b.js', headers: fx.auth });
    const again = await rawRequest(port, { path: '/assets/app-1a2b.js', headers: { ...fx.auth, 'if-none-match': String(first.headers.etag) } });
    expect(again.status).toBe(304);
  });

  it('never serves a file outside the folder, nor dotfiles', async () => {
    const { port } = fx.bridge;
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/assets/%00/../../secret.txt',
      '/.env',
      '/%2eenv',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const res = await rawRequest(port, { path, headers: fx.auth });
      expect(res.body, path).not.toContain('SECRET');
      expect([200, 404], path).toContain(res.status);
    }
    expect(resolveStaticPath('/srv/static', '/../secret.txt')).toBeNull();
    expect(resolveStaticPath('/srv/static', '/assets/a.js')).toBe('/srv/static/assets/a.js');
    expect(resolveStaticPath('/srv/static', '/%2e%2e/secret.txt')).toBeNull();
  });

  it('allows only GET and HEAD on pages', async () => {
    const { port } = fx.bridge;
    expect((await rawRequest(port, { method: 'POST', path: '/', headers: fx.auth })).status).toBe(405);
    const head = await rawRequest(port, { method: 'HEAD', path: '/assets/app-1a2b.js', headers: fx.auth });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});
