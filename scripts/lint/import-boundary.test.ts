/**
 * Proves the layer rules of eslint.config.js fire: each snippet is linted by the project's own
 * configuration as if it were the named file, and only the boundary rule's verdict is read.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { UNTYPED } from './untyped-lint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RULE = 'runbrain/import-boundary';
let eslint: ESLint;

/** The boundary messages ESLint reports for `code` placed at repository path `file`. */
async function boundaryMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, `parse errors in the ${file} snippet`).toEqual([]);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfig: UNTYPED });
});

describe('main/engine may import only shared/, its own modules and @stdlib/*', () => {
  const file = 'main/engine/stats/sample.ts';
  it.each([
    ["import 'node:fs';", 'Node built-in node:fs'],
    ["import { readFileSync } from 'fs';\nexport const r = readFileSync;", 'Node built-in fs'],
    ["import { openStore } from '../../store/db';\nexport const o = openStore;", 'resolves to main/store/db'],
    ["import type { Db } from '../../store/db';\nexport type D = Db;", 'resolves to main/store/db'],
    ["export * from '../../core/analysis';", 'resolves to main/core/analysis'],
    ["export const m = () => import('node:path');", 'node:path'],
    ["export const m = require('node:child_process');", 'node:child_process'],
    ["import { z } from 'zod';\nexport const s = z.string();", 'not zod'],
    ["import { it } from 'vitest';\nexport const t = it;", 'not vitest'],
  ])('refuses %j', async (code, reason) => {
    const messages = await boundaryMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(reason);
    expect(messages[0]).toContain('main/engine/stats/sample.ts');
  });

  it('allows shared/, its own modules and the stats packages', async () => {
    const code = [
      "import type { RunRow } from '../../../shared/domain';",
      "import { wilson } from './wilson';",
      "import { profile } from '../profile';",
      "import cdf from '@stdlib/stats-base-dists-beta-cdf';",
      'export type R = RunRow;',
      'export const all = [wilson, profile, cdf];',
    ].join('\n');
    expect(await boundaryMessages(file, code)).toEqual([]);
  });

  it('lets engine tests use vitest, nothing more', async () => {
    expect(await boundaryMessages('main/engine/stats/sample.test.ts', "import { it } from 'vitest';\nit('x', () => {});")).toEqual([]);
    expect(await boundaryMessages('main/engine/stats/sample.test.ts', "import 'node:fs';")).toHaveLength(1);
  });
});

describe('renderer files at any depth cannot import main/, preload/, node:* or electron', () => {
  const deep = 'renderer/src/pages/runs/detail/panel.tsx';
  it.each([
    ["import '../../../../../main/store/db';", 'may not import main/store/db'],
    ["export * from '../../../../../main/engine/profile';", 'may not import main/engine/profile'],
    ["import type { IpcEnvelope } from '../../../../../preload/protocol';\nexport type E = IpcEnvelope<1>;", 'may not import preload/protocol'],
    ["import 'node:fs';", 'Node built-in node:fs'],
    ["import 'path';", 'Node built-in path'],
    ["import 'electron';", 'may not import electron'],
  ])('refuses %j', async (code, reason) => {
    const messages = await boundaryMessages(deep, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(reason);
  });

  it('refuses the same from a file directly in renderer/src, and judges the resolved path, not the spelling', async () => {
    expect(await boundaryMessages('renderer/src/app.tsx', "import '../../main/core/types';")).toHaveLength(1);
    // From three folders down, ../../../main is renderer/src/main: the page's own folder, allowed.
    expect(await boundaryMessages('renderer/src/pages/runs/detail/panel.tsx', "import '../../../main/x';")).toEqual([]);
  });

  it('allows shared/, its own modules and web packages', async () => {
    const code = [
      "import { OPERATION_NAMES } from '../../../../../shared/operation-names';",
      "import { api } from '../../../api/client';",
      "import { useState } from 'react';",
      'export const all = [OPERATION_NAMES, api, useState];',
    ].join('\n');
    expect(await boundaryMessages(deep, code)).toEqual([]);
  });
});

describe('shared/ imports only its own modules and zod', () => {
  it.each([
    ["import 'node:fs';", 'node:fs'],
    ["import '../main/engine/profile';", 'resolves to main/engine/profile'],
    ["import 'react';", 'not react'],
  ])('refuses %j', async (code, reason) => {
    const messages = await boundaryMessages('shared/sample.ts', code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(reason);
  });

  it('allows zod and its own modules', async () => {
    expect(await boundaryMessages('shared/sample.ts', "import { z } from 'zod';\nimport './domain';\nexport const s = z.string();")).toEqual([]);
  });
});
