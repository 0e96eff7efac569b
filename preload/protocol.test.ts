import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES, channelOf, EVENT_CHANNEL as SHARED_EVENT_CHANNEL } from '../shared/operations';
import { EVENT_CHANNEL, operationChannel } from './protocol';

describe('preload protocol', () => {
  it('uses the same channels as the operation table', () => {
    expect(EVENT_CHANNEL).toBe(SHARED_EVENT_CHANNEL);
    for (const op of OPERATION_NAMES) expect(operationChannel(op)).toBe(channelOf(op));
  });

  it('preload sources load nothing at runtime but electron and each other (sandbox rule)', () => {
    const dir = import.meta.dirname;
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources).toContain('index.ts');
    for (const file of sources) {
      const text = readFileSync(join(dir, file), 'utf8');
      const specifiers = [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
      for (const spec of specifiers) expect([file, spec]).toSatisfy(([, s]: string[]) => s === 'electron' || s.startsWith('./'));
    }
  });
});
