import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electron, FakeBrowserWindow, FakeWebContents, resetElectronMock } from './test/electron-mock';
import type { Session, WebContents } from 'electron';
import { denyAllPermissions, hardenWebContents, isSafeExternalUrl, openExternalSafely } from './security';

/** The user answers the next link dialogs with `response` (0 = Open in browser, 1 = Cancel). */
const answer = (response: number) => electron.dialog.showMessageBox.mockResolvedValue({ response, checkboxChecked: false });

describe('isSafeExternalUrl', () => {
  it.each(['https://example.com', 'http://example.com/path?q=1#x', 'https://docs.example.org:8443/a'])('accepts %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });
  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'smb://server/share',
    'ms-settings:privacy',
    'vbscript:msgbox',
    'chrome://settings',
    'https://user:pass@evil.example',
    'https://',
    '//example.com',
    'example.com',
    '',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('rejects %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
  it('rejects non-strings', () => {
    for (const v of [null, undefined, 42, {}, ['https://example.com']]) expect(isSafeExternalUrl(v)).toBe(false);
  });
});

describe('hardenWebContents', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    resetElectronMock();
    contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents);
  });

  it('blocks every navigation; an http(s) target opens in the system browser once the user agrees', async () => {
    answer(0);
    expect(contents.fire('will-navigate', 'https://example.com/docs').prevented).toBe(true);
    await vi.waitFor(() => expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/docs'));
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(electron.dialog.showMessageBox.mock.calls[0][0]).toMatchObject({
      message: 'Open example.com in your browser?',
      detail: 'https://example.com/docs',
      buttons: ['Open in browser', 'Cancel'],
      cancelId: 1,
      defaultId: 1,
    });
    expect(contents.fire('will-navigate', 'file:///etc/passwd').prevented).toBe(true);
    expect(contents.fire('will-navigate', 'javascript:alert(1)').prevented).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });

  it('opens nothing when the user cancels', async () => {
    answer(1);
    expect(contents.fire('will-navigate', 'https://example.com/docs').prevented).toBe(true);
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 10));
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('blocks redirects and webview attachment', () => {
    expect(contents.fire('will-redirect', 'https://evil.example').prevented).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {}).prevented).toBe(true);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('denies every new window and offers only http(s) links to the system browser', async () => {
    answer(0);
    const handler = contents.windowOpenHandler!;
    expect(handler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/'));
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'about:blank', 'smb://host/x']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    await new Promise((r) => setTimeout(r, 10));
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });

  it('asks once at a time: a page firing links in a loop gets one dialog, attached to its window', async () => {
    let release!: (v: { response: number; checkboxChecked: boolean }) => void;
    electron.dialog.showMessageBox.mockImplementation(() => new Promise((r) => (release = r)));
    const win = new FakeBrowserWindow();
    const first = openExternalSafely('https://a.example/', win as never);
    for (let i = 0; i < 20; i++) expect(await openExternalSafely(`https://spam${i}.example/`, win as never)).toBe(false);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(electron.dialog.showMessageBox.mock.calls[0][0]).toBe(win);
    release({ response: 0, checkboxChecked: false });
    expect(await first).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://a.example/');
    // Look-alike hosts are shown in punycode.
    answer(1);
    await openExternalSafely('https://exаmple.com/');
    expect(electron.dialog.showMessageBox.mock.calls[1][0]).toMatchObject({ message: 'Open xn--exmple-4nf.com in your browser?' });
  });

  it('is idempotent: hardening twice does not double the listeners', () => {
    hardenWebContents(contents as unknown as WebContents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});

describe('denyAllPermissions', () => {
  it('denies permission requests, checks and devices', () => {
    resetElectronMock();
    const ses = electron.session.defaultSession;
    denyAllPermissions(ses as unknown as Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | undefined;
      ses.permissionRequestHandler!({}, permission, (ok: boolean) => (granted = ok), {});
      expect(granted).toBe(false);
      expect(ses.permissionCheckHandler!({}, permission, 'file://', {})).toBe(false);
    }
    expect(ses.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });
});
