import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TunableField } from '../../shared/run-record';
import { openStore, type LedgerStore, type Store } from '../store';
import { applyChange, previewChange, previewUndo, undoChange } from './apply';
import { editConfigText } from './edit';
import { PROJECTS_CONFIG, rec, tempConfig } from './test-fixtures';

const NOW = new Date('2026-11-21T21:30:00Z');
const LATER = new Date('2026-11-22T08:00:00Z');

/** A config without `prompts` (and no strategies list, so any strategy name is accepted). */
const NO_PROMPTS = `{
  // Orchestrator settings
  "mode": "2loop",
  "max_rounds": 5, // rounds per run
  "auto_tune": {
    "enabled": true
  }
}
`;

let store: Store;

let db: LedgerStore;
let dir: string;
let path: string;
beforeEach(async () => {
  ({ dir, path } = tempConfig(NO_PROMPTS));
  store = openStore(join(dir, 'db', 'runbrain.sqlite'));
    db = store.ledger;
});
afterEach(async () => await store.close());

const read = () => readFileSync(path, 'utf8');
async function apply(field: TunableField, value: string | number, opts: { by?: 'user' | 'auto-tune'; projectId?: string } = {}) {
  const projectId = opts.projectId ?? 'p1';
  const p = previewChange({ path, projectId, field, value });
  return await applyChange(db, { path, projectId, field, value, baseHash: p.base_hash, by: opts.by ?? 'user', recommendation: rec(field, value, 'high', projectId), now: NOW });
}
const undo = async (id: number) => await undoChange(db, id, { baseHash: (await previewUndo(db, id)).base_hash, now: LATER });

describe('undo of a change that created its parent object', () => {
  it('removes the created `prompts` object: the file is back byte-for-byte', async () => {
    const row = await apply('prompt_strategy', 'fast');
    expect(read()).toBe(NO_PROMPTS.replace('  }\n}\n', '  },\n  "prompts": {\n    "default_strategy": "fast"\n  }\n}\n'));
    expect((await previewUndo(db, row.id)).diff).toContain('-  },\n-  "prompts": {\n-    "default_strategy": "fast"\n   }\n }\n');
    await undo(row.id);
    expect(read()).toBe(NO_PROMPTS);
  });

  it('keeps the created object, minus our key, when other keys were added inside it since', async () => {
    const row = await apply('prompt_strategy', 'fast');
    const edited = editConfigText(read(), ['prompts', 'strategies'], { fast: {} });
    writeFileSync(path, edited);
    await undo(row.id);
    expect(parse(read())).toMatchObject({ prompts: { strategies: { fast: {} } } });
    expect(read()).toBe(editConfigText(NO_PROMPTS, ['prompts', 'strategies'], { fast: {} }));
  });

  it('keeps other edits elsewhere in the file', async () => {
    const row = await apply('prompt_strategy', 'fast');
    writeFileSync(path, read().replace('"max_rounds": 5', '"max_rounds": 7'));
    await undo(row.id);
    expect(read()).toBe(NO_PROMPTS.replace('"max_rounds": 5', '"max_rounds": 7'));
  });

  it('records the created key path in the ledger', async () => {
    const row = await apply('prompt_strategy', 'fast');
    expect((await db.getStored(row.id))?.created_keys).toEqual([['prompts']]);
    const plain = await apply('model', 'gpt-5');
    expect((await db.getStored(plain.id))?.created_keys).toEqual([['model']]);
  });
});

describe('per-project sections', () => {
  beforeEach(() => writeFileSync(path, PROJECTS_CONFIG));

  it('an insertion into an existing section that lacks the key undoes exactly', async () => {
    const row = await apply('model', 'gpt-5', { projectId: 'contafuel' });
    expect(row.key_path).toBe('projects.contafuel.model');
    await undo(row.id);
    expect(read()).toBe(PROJECTS_CONFIG);
  });

  it('an empty section `{}` that got a created `prompts` object is `{}` again after undo', async () => {
    const row = await apply('prompt_strategy', 'fast_iter', { projectId: 'other' });
    expect(row.key_path).toBe('projects.other.prompts.default_strategy');
    expect(parse(read()).projects.other).toEqual({ prompts: { default_strategy: 'fast_iter' } });
    await undo(row.id);
    expect(read()).toBe(PROJECTS_CONFIG);
  });

  it('never creates projects.<id>: a project without a section writes the top level', async () => {
    const row = await apply('max_rounds', 9, { projectId: 'newproj' });
    expect(row.key_path).toBe('max_rounds');
    expect(parse(read()).projects.newproj).toBeUndefined();
    await undo(row.id);
    expect(read()).toBe(PROJECTS_CONFIG);
  });
});

describe('undo of auto-tune changes and their marks', () => {
  it('removes the marks and the created parent: back to the pre-auto-tune bytes', async () => {
    const row = await apply('prompt_strategy', 'fast', { by: 'auto-tune' });
    expect(parse(read())).toMatchObject({ prompts: { default_strategy: 'fast' }, _auto_tuned: true, _tuned_fields: ['prompt_strategy'] });
    await undo(row.id);
    expect(read()).toBe(NO_PROMPTS);
  });

  it('two auto-tuned changes undone in either order restore the file', async () => {
    for (const order of [[1, 0], [0, 1]]) {
      writeFileSync(path, NO_PROMPTS);
      const rows = [await apply('max_rounds', 3, { by: 'auto-tune' }), await apply('prompt_strategy', 'fast', { by: 'auto-tune' })];
      expect(parse(read())._tuned_fields).toEqual(['max_rounds', 'prompt_strategy']);
      await undo(rows[order[0]].id);
      expect(parse(read())._auto_tuned).toBe(true);
      await undo(rows[order[1]].id);
      expect(read()).toBe(NO_PROMPTS);
    }
  });

  it('a re-tune of the same field, undone newest first, restores the file', async () => {
    const a = await apply('max_rounds', 3, { by: 'auto-tune' });
    const b = await apply('max_rounds', 4, { by: 'auto-tune' });
    await undo(b.id);
    await undo(a.id);
    expect(read()).toBe(NO_PROMPTS);
  });

  it('keeps marks that were in the file before auto-tune touched them', async () => {
    const before = NO_PROMPTS.replace('  }\n}\n', '  },\n  "_auto_tuned": true,\n  "_tuned_fields": []\n}\n');
    writeFileSync(path, before);
    const row = await apply('max_rounds', 3, { by: 'auto-tune' });
    expect(parse(read())._tuned_fields).toEqual(['max_rounds']);
    await undo(row.id);
    expect(read()).toBe(before);
  });

  it('a pre-existing `_auto_tuned: false` comes back as false, byte-for-byte, after several changes are undone', async () => {
    const before = NO_PROMPTS.replace('  }\n}\n', '  },\n  "_auto_tuned": false\n}\n');
    writeFileSync(path, before);
    const a = await apply('max_rounds', 3, { by: 'auto-tune' });
    const b = await apply('mode', '3loop', { by: 'auto-tune' });
    expect(parse(read())).toMatchObject({ _auto_tuned: true, _tuned_fields: ['max_rounds', 'mode'] });
    await undo(a.id);
    expect(parse(read())).toMatchObject({ _auto_tuned: true, _tuned_fields: ['mode'] });
    await undo(b.id);
    expect(read()).toBe(before);
    // And again: a second round of auto-tune and undo gives the same file.
    await undo((await apply('max_rounds', 4, { by: 'auto-tune' })).id);
    expect(read()).toBe(before);
  });

  it('a mark removed by an undo and then written by hand is not ours any more', async () => {
    const a = await apply('max_rounds', 3, { by: 'auto-tune' });
    await undo(a.id);
    const handMarked = NO_PROMPTS.replace('  }\n}\n', '  },\n  "_auto_tuned": true,\n  "_tuned_fields": []\n}\n');
    writeFileSync(path, handMarked);
    const b = await apply('mode', '3loop', { by: 'auto-tune' });
    await undo(b.id);
    expect(read()).toBe(handMarked);
  });

  it('marks in a project section that auto-tune created are removed, the section is `{}` again', async () => {
    writeFileSync(path, PROJECTS_CONFIG);
    const row = await apply('max_rounds', 6, { by: 'auto-tune', projectId: 'other' });
    expect(parse(read()).projects.other).toEqual({ max_rounds: 6, _auto_tuned: true, _tuned_fields: ['max_rounds'] });
    await undo(row.id);
    expect(read()).toBe(PROJECTS_CONFIG);
  });
});
