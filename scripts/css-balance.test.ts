/** Every stylesheet's braces balance: one lost `}` (a bad merge) silently swallows every rule after it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(__dirname, '..', 'renderer', 'src', 'styles');

describe('stylesheets', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.css'))) {
    it(`${file}: every block is closed`, () => {
      // Comments may hold braces; strip them first.
      const text = readFileSync(join(DIR, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      let depth = 0;
      for (const ch of text) {
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
        expect(depth, `${file}: a } without its {`).toBeGreaterThanOrEqual(0);
      }
      expect(depth, `${file}: ${depth} block(s) left open`).toBe(0);
    });
  }
});
