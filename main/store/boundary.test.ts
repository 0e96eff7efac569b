/**
 * The store boundary: outside main/store no file loads the SQLite driver, imports the store's
 * internals (the Db handle among them) or carries SQL; main/store imports nothing from the
 * engine. Checked over the source tree, and each check is shown to fire on a fixture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { UNTYPED } from '../../scripts/lint/untyped-lint';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** SQL statements and SQLite idioms, as they appear in string literals and driver calls. */
const SQL_PATTERNS: Array<[string, RegExp]> = [
  ['SELECT … FROM', /\bSELECT\s+(?:DISTINCT\s+)?[\w*().,\s]+?\s+FROM\s+\w/],
  ['INSERT INTO', /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b/],
  ['UPDATE … SET', /\bUPDATE\s+\w+\s+SET\b/],
  ['DELETE FROM', /\bDELETE\s+FROM\b/],
  ['CREATE/DROP TABLE/INDEX', /\b(?:CREATE|DROP)\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)\b/],
  ['BEGIN/COMMIT/ROLLBACK', /['"`]\s*(?:BEGIN(?:\s+IMMEDIATE|\s+EXCLUSIVE)?|COMMIT|ROLLBACK)\s*['"`]/],
  ['PRAGMA', /\bPRAGMA\b|\.pragma\(/],
  ['driver call', /\.(?:prepare|pluck|iterate)\(/],
];
const DRIVER_IMPORT = /from\s+['"]better-sqlite3['"]|require\(\s*['"]better-sqlite3['"]\s*\)/;
/** An import of anything under a store/ folder but its index (renderer/src/store is the UI's own state). */
const STORE_INTERNAL_IMPORT = /from\s+['"](?:\.\.?\/)+(?:[\w-]+\/)*store\/(?!index['"])[\w./-]+['"]/;
const ENGINE_IMPORT = /from\s+['"](?:\.\.?\/)+(?:[\w-]+\/)*engine(?:\/[\w./-]*)?['"]/;

/** What in `text` (a file outside main/store) breaks the boundary. */
export function boundaryFindings(text: string): string[] {
  const found = SQL_PATTERNS.filter(([, re]) => re.test(text)).map(([name]) => name);
  if (DRIVER_IMPORT.test(text)) found.push('imports better-sqlite3');
  if (STORE_INTERNAL_IMPORT.test(text)) found.push('imports a store internal');
  return found;
}

describe('store boundary', () => {
  const outside = ['main', 'shared', 'preload']
    .flatMap((d) => sourceFiles(join(ROOT, d)))
    .filter((f) => !relative(ROOT, f).startsWith(join('main', 'store')));

  it('no file outside main/store runs SQL, loads the driver or imports store internals', () => {
    expect(outside.length).toBeGreaterThan(50);
    const bad = outside.map((f) => [relative(ROOT, f), boundaryFindings(readFileSync(f, 'utf8'))] as const).filter(([, found]) => found.length > 0);
    expect(bad).toEqual([]);
  });

  it('main/store (tests aside) imports nothing from main/engine', () => {
    const store = sourceFiles(join(ROOT, 'main', 'store')).filter((f) => !f.endsWith('.test.ts'));
    expect(store.length).toBeGreaterThan(5);
    expect(store.filter((f) => ENGINE_IMPORT.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f))).toEqual([]);
  });

  it("main/store reads no user files and takes no request schemas: node:fs only to create the database's folder", () => {
    const store = sourceFiles(join(ROOT, 'main', 'store')).filter((f) => !f.endsWith('.test.ts'));
    const fsUsers = store.filter((f) => /from\s+['"](?:node:)?fs['"]/.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(fsUsers).toEqual([join('main', 'store', 'db.ts')]);
    expect(readFileSync(join(ROOT, 'main', 'store', 'db.ts'), 'utf8')).toMatch(/import \{ mkdirSync \} from 'node:fs'/);
    expect(store.filter((f) => /shared\/operations/.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('the scan fires on each kind of breach', () => {
    expect(boundaryFindings(`db.prepare("SELECT id, path FROM sources WHERE root = ?").pluck().all(r)`)).toEqual(['SELECT … FROM', 'driver call']);
    expect(boundaryFindings("run('INSERT OR REPLACE INTO settings (key) VALUES (?)')")).toEqual(['INSERT INTO']);
    expect(boundaryFindings("x('UPDATE ledger SET status = 1'); y('DELETE FROM runs')")).toEqual(['UPDATE … SET', 'DELETE FROM']);
    expect(boundaryFindings("db.exec('BEGIN IMMEDIATE'); db.pragma('cache_size = 1')")).toEqual(['BEGIN/COMMIT/ROLLBACK', 'PRAGMA']);
    expect(boundaryFindings("import Database from 'better-sqlite3';")).toEqual(['imports better-sqlite3']);
    expect(boundaryFindings("import type { Db } from '../store/db';")).toEqual(['imports a store internal']);
    expect(boundaryFindings("import { openStore } from '../../store';\nimport type { Store } from '../store/index';")).toEqual([]);
    expect(boundaryFindings("import { useAppStore } from '../store/app-store';")).toEqual(['imports a store internal']); // the scan excludes renderer/
    expect(ENGINE_IMPORT.test("import { foldRun } from '../engine/aggregates';")).toBe(true);
    expect(ENGINE_IMPORT.test("import type { RunFacts } from '../../shared/aggregates';")).toBe(false);
  });

  it('the lint rules fire: driver and store internals outside main/store, the engine inside it', async () => {
    const eslint = new ESLint({ cwd: ROOT, overrideConfig: UNTYPED });
    const lint = async (file: string, code: string) =>
      (await eslint.lintText(code, { filePath: join(ROOT, file) }))[0].messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);
    const breach = "import Database from 'better-sqlite3';\nimport type { Db } from '../store/db';\nimport { openStore } from '../store';\nexport const x = [Database, openStore] as unknown as Db;\n";
    expect(await lint('main/core/fixture.ts', breach)).toEqual([1, 2]);
    expect(await lint('main/app/fixture.ts', breach)).toEqual([1, 2]);
    const engine = "import { foldRun } from '../engine/aggregates';\nimport { x } from '../../main/engine/profile';\nexport const f = [foldRun, x];\n";
    const storeLint = async (file: string) =>
      (await eslint.lintText(engine, { filePath: join(ROOT, file) }))[0].messages.filter((m) => m.ruleId === 'runbrain/import-boundary').map((m) => m.line);
    expect(await storeLint('main/store/fixture.ts')).toEqual([1, 2]);
    expect(await storeLint('main/store/fixture.test.ts')).toEqual([]);
  }, 60_000);

  it('the boundary is asynchronous: an un-awaited store call and an await of a plain value are lint errors', async () => {
    // Type-aware rules need a file of the TypeScript project: the snippet stands in for one.
    // Under CI=true typescript-eslint infers a one-shot run and types the file as it is on disk,
    // not the snippet: keep the program that sees the text we lint.
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfig: { files: ['main/**/*.ts'], languageOptions: { parserOptions: { disallowAutomaticSingleRunInference: true } } },
    });
    const code = [
      "import { openStore } from '../store';",
      'export async function f(): Promise<number> {',
      "  const s = openStore(':memory:');",
      "  s.settings.put({ k: 'v' });", // floating: its error would be lost, and it may run after a unit ends
      '  const n = (await s.counts()).runs;',
      '  return await n;', // a plain value: a store call that is not asynchronous any more, or a missing one
      '}',
    ].join('\n');
    const [r] = await eslint.lintText(code, { filePath: join(ROOT, 'main/core/context.ts') });
    expect(r.messages.map((m) => [m.line, m.ruleId])).toEqual([
      [4, '@typescript-eslint/no-floating-promises'],
      [6, '@typescript-eslint/await-thenable'],
    ]);
  }, 60_000);
});
