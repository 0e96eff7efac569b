/** Browser mode refuses requests without the token (401) and with a foreign Host or Origin (403, DNS rebinding). */
import { request as httpRequest } from 'node:http';
import { expect, test } from './fixtures';

/** A raw request: browsers cannot forge Host, an attacker's DNS rebinding makes it arrive anyway. */
function raw(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

test('requests without the token are refused', async ({ page, startServer, request }) => {
  const server = await startServer({ folder: false });

  const pageResponse = await page.goto(`${server.origin}/`);
  expect(pageResponse?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('runbrain serve');
  await expect(page.locator('[data-app-state]')).toHaveCount(0);

  const wrong = await page.goto(`${server.origin}/?token=not-the-token`);
  expect(wrong?.status()).toBe(401);

  const api = await request.post(`${server.origin}/api/op/getStatus`, { data: {}, headers: { 'content-type': 'application/json' } });
  expect(api.status()).toBe(401);
  expect(await api.json()).toMatchObject({ code: 'unauthorized' });
  expect((await request.get(`${server.origin}/api/events`)).status()).toBe(401);
  expect((await request.get(`${server.origin}/assets/`)).status()).toBe(401);
});

test('the printed URL signs the tab in with an HttpOnly cookie and drops the token from the address bar', async ({ page, context, startServer, openApp }) => {
  const server = await startServer({ folder: false });
  await openApp(server, { state: 'onboarding' });
  expect(page.url()).toBe(`${server.origin}/`);
  const cookies = await context.cookies(server.origin);
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(await page.evaluate<string>('document.cookie'), 'the token cookie is invisible to scripts').toBe('');
  const status = await page.evaluate(async () => (await fetch('/api/op/getStatus', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
  expect(status).toBe(200);

  const headers = (await page.request.get(`${server.origin}/`)).headers();
  expect(headers['content-security-policy']).toContain("default-src 'none'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
});

test('a foreign Host or Origin gets 403 even with the token', async ({ startServer }) => {
  const server = await startServer({ folder: false });
  const auth = { 'x-runbrain-token': server.token, 'content-type': 'application/json' };
  const own = `127.0.0.1:${server.port}`;

  expect((await raw(server.port, '/api/op/getStatus', { ...auth, host: own }, 'POST')).status).toBe(200);
  for (const host of ['attacker.example', `attacker.example:${server.port}`, `192.168.0.10:${server.port}`]) {
    const res = await raw(server.port, '/api/op/getStatus', { ...auth, host }, 'POST');
    expect(res.status, host).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'forbidden' });
  }
  expect((await raw(server.port, `/?token=${server.token}`, { host: 'attacker.example' })).status).toBe(403);
  for (const origin of ['http://attacker.example', `http://localhost:${server.port}`, 'null']) {
    const res = await raw(server.port, '/api/op/getStatus', { ...auth, host: own, origin }, 'POST');
    expect(res.status, origin).toBe(403);
  }
});
