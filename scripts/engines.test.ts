/**
 * `engines` agrees with the dependencies: every package in the lockfile that declares a Node
 * range accepts the oldest Node we promise, except the Electron tooling listed (and explained)
 * in docs/dependencies.md. A dependency bump that drops Node 20 fails here, not on a laptop.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
// semver comes with npm's tree (not a direct dependency); untyped, so typed here by what we use.
const semver = createRequire(import.meta.url)('semver') as { satisfies(v: string, range: string): boolean; minVersion(r: string): { version: string } };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }>;
};

/** Development-only packages that declare Node ≥ 22 and have no Node-20 version for us (docs/dependencies.md). */
const KNOWN_NODE_22_DEV = ['electron', '@electron/get', '@electron-internal/extract-zip', '@electron/rebuild', 'node-abi'];

const nameOf = (key: string): string => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('engines', () => {
  const oldest = semver.minVersion(pkg.engines.node).version;

  it('promises Node 20.19, as the README says', () => {
    expect(oldest).toBe('20.19.0');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('Node.js 20.19 or newer');
  });

  it('every locked package accepts that Node, but the documented Electron tooling', () => {
    const rejecting: Array<{ name: string; line: string; dev: boolean }> = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!key || !range || semver.satisfies(oldest, range)) continue;
      rejecting.push({ name: nameOf(key), line: `${nameOf(key)}@${entry.version}: node ${range}`, dev: !!entry.dev });
    }
    expect(rejecting.filter((r) => !r.dev || !KNOWN_NODE_22_DEV.includes(r.name)).map((r) => r.line)).toEqual([]);
    // The docs name every package that still warns.
    const docs = readFileSync(join(ROOT, 'docs', 'dependencies.md'), 'utf8');
    for (const r of rejecting) expect(docs, r.line).toContain(`\`${r.name}`);
  });
});
