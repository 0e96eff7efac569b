/** A running bridge over a fake core and a temp static folder, torn down after each test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpBridge, type HttpBridge, type HttpBridgeOptions } from '../http-bridge';
import { createFakeCore, type FakeCore } from './fake-core';

export const INDEX_HTML =
  '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'; connect-src \'self\'">' +
  '<title>RunBrain</title></head><body><div id="root" data-app-state="loading"></div><script type="module" src="/assets/app-1a2b.js"></script></body></html>';

export interface BridgeFixture {
  bridge: HttpBridge;
  core: FakeCore;
  /** Folder holding static/ (served) and secret.txt beside it (must never be served). */
  base: string;
  logged: string[];
  /** Headers that authenticate and address the server correctly. */
  auth: Record<string, string>;
  close(): Promise<void>;
}

/** Starts a bridge on an ephemeral port with a known token. */
export async function startBridgeFixture(extra: Partial<HttpBridgeOptions> = {}): Promise<BridgeFixture> {
  const base = mkdtempSync(join(tmpdir(), 'rb-bridge-'));
  const staticDir = join(base, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(staticDir, 'assets', 'app-1a2b.js'), 'console.log("app");\n');
  writeFileSync(join(staticDir, 'assets', 'app-1a2b.css'), 'body{}\n');
  writeFileSync(join(staticDir, '.env'), 'SECRET=dotfile\n');
  writeFileSync(join(base, 'secret.txt'), 'TOP SECRET\n');
  const core = createFakeCore();
  const logged: string[] = [];
  const bridge = await startHttpBridge({ core, staticDir, token: 'test-token-0123456789', log: (l) => logged.push(l), ...extra });
  return {
    bridge,
    core,
    base,
    logged,
    auth: { 'x-runbrain-token': bridge.token },
    async close() {
      await bridge.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
