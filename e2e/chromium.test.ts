import { describe, expect, it } from 'vitest';
import { chromiumPath, missingChromium } from './chromium';

describe('the e2e Chromium', () => {
  it('is Debian’s unless RUNBRAIN_CHROMIUM says otherwise', () => {
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ RUNBRAIN_CHROMIUM: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome');
  });

  it('when missing, one sentence says how to install it', () => {
    expect(missingChromium({}, () => true)).toBeNull();
    const missing = missingChromium({}, () => false)!;
    expect(missing).toBe(
      'The e2e tests need Chromium at /usr/bin/chromium: install it with "sudo apt-get install chromium" (.ci/run does this) or set RUNBRAIN_CHROMIUM to a Chromium or Chrome executable.',
    );
    expect(missingChromium({ RUNBRAIN_CHROMIUM: '/x/chrome' }, () => false)).toMatch(/^The e2e tests need Chromium, but RUNBRAIN_CHROMIUM=\/x\/chrome does not exist: /);
    for (const text of [missing]) expect(text.split(/(?<=\.) /)).toHaveLength(1);
  });
});
