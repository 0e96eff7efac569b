import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electron, resetElectronMock } from './test/electron-mock';
import type { Session } from 'electron';
import { APP_INDEX_URL, FALLBACK_CSP, pageCsp, rendererRequestHandler, serveRenderer } from './app-protocol';

const REPO = join(import.meta.dirname, '..', '..');
let base: string;
let rendererDir: string;
beforeEach(() => {
  resetElectronMock();
  base = mkdtempSync(join(tmpdir(), 'rb-app-protocol-'));
  rendererDir = join(base, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  // The real index.html of the renderer, so the header carries the policy it declares.
  writeFileSync(join(rendererDir, 'index.html'), readFileSync(join(REPO, 'renderer', 'index.html')));
  writeFileSync(join(rendererDir, 'assets', 'index-1a2b.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, '.secret'), 'no');
  writeFileSync(join(base, 'outside.txt'), 'no');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('the app:// protocol', () => {
  it('serves index.html and assets with the page CSP as a response header', async () => {
    await serveRenderer(electron.session.defaultSession as unknown as Session, rendererDir);
    const handle = electron.session.defaultSession.protocol.handlers.get('app')!;
    expect(APP_INDEX_URL).toBe('app://runbrain/index.html');
    const page = await handle(new Request(APP_INDEX_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; script-src 'self'; /);
    expect(csp).toMatch(/; frame-ancestors 'none'$/);
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await handle(new Request('app://runbrain/assets/index-1a2b.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(csp);
    expect(await js.text()).toBe('console.log(1)');
    expect((await handle(new Request('app://runbrain/'))).status).toBe(200);
  });

  it('serves nothing outside out/renderer, no dotfiles, no other host, no writes', async () => {
    const handle = rendererRequestHandler(rendererDir, pageCsp(null));
    for (const url of [
      'app://runbrain/../outside.txt',
      'app://runbrain/%2e%2e/outside.txt',
      'app://runbrain/assets/..%2f..%2foutside.txt',
      'app://runbrain/.secret',
      'app://runbrain/missing.js',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect((await handle(new Request(url))).status, url).toBe(404);
    }
    expect((await handle(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('falls back to a strict policy when index.html declares none', () => {
    expect(pageCsp('<html></html>')).toBe(`${FALLBACK_CSP}; frame-ancestors 'none'`);
    expect(pageCsp(null)).toContain("default-src 'none'");
  });

  it('the packaging config turns the grantFileProtocolExtraPrivileges fuse off', () => {
    const yml = readFileSync(join(REPO, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^ {2}grantFileProtocolExtraPrivileges: false$/m);
    expect(yml).not.toMatch(/grantFileProtocolExtraPrivileges: true/);
    expect(yml).toMatch(/^ {2}runAsNode: false$/m);
  });
});
