import { beforeEach, describe, expect, it } from 'vitest';
import { electron, FakeWebContents, resetElectronMock } from './test/electron-mock';
import type { Session, WebContents } from 'electron';
import { denyAllPermissions, hardenWebContents, isSafeExternalUrl } from './security';

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

  it('blocks every navigation; http(s) targets open in the system browser instead', () => {
    expect(contents.fire('will-navigate', 'https://example.com/docs').prevented).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
    expect(contents.fire('will-navigate', 'file:///etc/passwd').prevented).toBe(true);
    expect(contents.fire('will-navigate', 'javascript:alert(1)').prevented).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks redirects and webview attachment', () => {
    expect(contents.fire('will-redirect', 'https://evil.example').prevented).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {}).prevented).toBe(true);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies every new window and opens only http(s) links externally', () => {
    const handler = contents.windowOpenHandler!;
    expect(handler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'about:blank', 'smb://host/x']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
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
