import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runtime (non-type) import specifiers of a TypeScript source. */
const runtimeImports = (text: string): string[] =>
  [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);

// The only shared module the preload may load at runtime: it is import-free, so it bundles in.
const SHARED_NAMES = '../shared/operation-names';

describe('preload protocol', () => {
  it('preload sources load nothing at runtime but electron, each other and the name list (sandbox rule)', () => {
    const dir = import.meta.dirname;
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources).toContain('index.ts');
    for (const file of sources) {
      for (const spec of runtimeImports(readFileSync(join(dir, file), 'utf8'))) {
        expect([file, spec]).toSatisfy(([, s]: string[]) => s === 'electron' || s.startsWith('./') || s === SHARED_NAMES);
      }
    }
  });

  it('the shared name list imports nothing at all, not even types', () => {
    const text = readFileSync(join(import.meta.dirname, `${SHARED_NAMES}.ts`), 'utf8');
    expect(text).not.toMatch(/^\s*(import|export\s.*\sfrom)\s/m);
    expect(text).not.toMatch(/\brequire\(/);
  });
});
