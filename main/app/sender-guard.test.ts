import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { createSenderGuard, isRendererUrl, type RendererLocation } from './sender-guard';

const file: RendererLocation = { kind: 'file', path: '/opt/RunBrain/resources/app.asar/out/renderer/index.html' };
const dev: RendererLocation = { kind: 'dev-server', url: 'http://localhost:5173/' };
const fileUrl = pathToFileURL(file.kind === 'file' ? file.path : '').href;

describe('isRendererUrl', () => {
  it('accepts our renderer file with any hash or query', () => {
    expect(isRendererUrl(fileUrl, file)).toBe(true);
    expect(isRendererUrl(`${fileUrl}#/projects/alpha`, file)).toBe(true);
    expect(isRendererUrl(`${fileUrl}?x=1`, file)).toBe(true);
  });
  it('rejects other files, other schemes and look-alikes', () => {
    expect(isRendererUrl('file:///tmp/evil/index.html', file)).toBe(false);
    expect(isRendererUrl(fileUrl.replace('index.html', 'other.html'), file)).toBe(false);
    expect(isRendererUrl('https://example.com/out/renderer/index.html', file)).toBe(false);
    expect(isRendererUrl('not a url', file)).toBe(false);
  });
  it('accepts only the dev server origin in development', () => {
    expect(isRendererUrl('http://localhost:5173/#/runs', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isRendererUrl(fileUrl, dev)).toBe(false);
  });
});

describe('createSenderGuard', () => {
  const ours = { id: 1 } as unknown as WebContents;
  const foreign = { id: 2 } as unknown as WebContents;
  const guard = createSenderGuard(file, (wc) => wc === ours);
  const event = (sender: WebContents, frame: { url: string; parent?: unknown } | null) =>
    ({ sender, senderFrame: frame ? { parent: null, ...frame } : null }) as unknown as IpcMainInvokeEvent;

  it('trusts our window showing our renderer', () => {
    expect(guard(event(ours, { url: fileUrl }))).toBe(true);
  });
  it('refuses a foreign web contents even with the right URL', () => {
    expect(guard(event(foreign, { url: fileUrl }))).toBe(false);
  });
  it('refuses our window after it navigated elsewhere, a sub-frame, or a destroyed frame', () => {
    expect(guard(event(ours, { url: 'https://evil.example/' }))).toBe(false);
    expect(guard(event(ours, { url: fileUrl, parent: {} }))).toBe(false);
    expect(guard(event(ours, null))).toBe(false);
  });
});
