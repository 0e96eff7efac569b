import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type LedgerStore, type Store } from '../store';
import { applyChange, listLedger, previewChange, previewUndo, undoChange } from './apply';
import { atomicFs } from './atomic-write';
import { ConfigConflictError, sha256 } from './jsonc';
import { PROJECTS_CONFIG, SEED_CONFIG, rec, tempConfig } from './test-fixtures';

const NOW = new Date('2026-11-21T21:30:00.123Z');
const LATER = new Date('2026-11-22T08:00:00Z');
let store: Store;
let db: LedgerStore;
let dir: string;
let path: string;

beforeEach(async () => {
  ({ dir, path } = tempConfig(SEED_CONFIG));
  store = openStore(join(dir, 'db', 'runbrain.sqlite'));
    db = store.ledger;
});
afterEach(async () => await store.close());

const files = () => readdirSync(dir).filter((f) => f !== 'db').sort();
const read = () => readFileSync(path, 'utf8');

describe('previewChange / applyChange', () => {
  it('previews a unified diff without touching the file', async () => {
    const p = previewChange({ path, projectId: 'p1', field: 'max_rounds', value: 3 });
    expect(p.config_path).toBe(path);
    expect(p.key_path).toBe('max_rounds');
    expect(p.before_value).toBe(5);
    expect(p.after_value).toBe(3);
    expect(p.base_hash).toBe(sha256(SEED_CONFIG));
    expect(p.diff).toContain('-  "max_rounds": 5, // rounds per run\n+  "max_rounds": 3, // rounds per run\n');
    expect(p.diff).toMatch(/^Index: .*\n=+\n--- .*\tcurrent\n\+\+\+ .*\tafter change\n@@ -1,7 \+1,7 @@/);
    expect(read()).toBe(SEED_CONFIG);
  });

  it('writes exactly what the preview showed, keeps a backup and records the ledger row', async () => {
    const r = rec('max_rounds', 3, 'high');
    const p = previewChange({ path, projectId: 'p1', field: 'max_rounds', value: 3 });
    const row = await applyChange(db, { path, projectId: 'p1', field: 'max_rounds', value: 3, baseHash: p.base_hash, by: 'user', recommendation: r, now: NOW });
    expect(read()).toBe(applyPatch(SEED_CONFIG, p.diff));
    expect(read()).toBe(SEED_CONFIG.replace('"max_rounds": 5,', '"max_rounds": 3,'));
    // Only the config and its backup exist: no temp file, nothing else written.
    expect(files()).toEqual(['project_config.json', 'project_config.json.runbrain-backup-20261121T213000Z']);
    expect(row.backup_path).toBe(`${path}.runbrain-backup-20261121T213000Z`);
    expect(readFileSync(row.backup_path!)).toEqual(Buffer.from(SEED_CONFIG));
    expect(row).toMatchObject({
      project_id: 'p1',
      config_path: path,
      key_path: 'max_rounds',
      field: 'max_rounds',
      before_value: 5,
      after_value: 3,
      applied_at: NOW.toISOString(),
      applied_by: 'user',
      status: 'applied',
      undone_at: null,
      outcome: null,
      undo_of: null,
    });
    expect(row.recommendation).toEqual(r);
    expect(row.recommendation!.evidence.rule).toBe('test-max_rounds');
    const stored = await db.getStored(row.id);
    expect({ before_hash: stored?.before_hash, after_hash: stored?.after_hash }).toEqual({ before_hash: sha256(SEED_CONFIG), after_hash: sha256(read()) });
    expect(await listLedger(db, 'p1')).toEqual([row]);
    expect(await listLedger(db, 'other')).toEqual([]);
  });

  it('refuses when the file changed on disk after the preview', async () => {
    const p = previewChange({ path, projectId: 'p1', field: 'mode', value: '3loop' });
    const edited = SEED_CONFIG.replace('"gpt-4o"', '"gpt-5"');
    writeFileSync(path, edited);
    await expect(
      applyChange(db, { path, projectId: 'p1', field: 'mode', value: '3loop', baseHash: p.base_hash, by: 'user', recommendation: null, now: NOW }),
    ).rejects.toThrow(new ConfigConflictError('project_config.json changed on disk since the preview; preview again'));
    expect(read()).toBe(edited);
    expect(files()).toEqual(['project_config.json']);
    expect(await listLedger(db)).toEqual([]);
  });

  it('refuses invalid JSONC with line and column, writing nothing', async () => {
    const broken = SEED_CONFIG.replace('"mode": "2loop",', '"mode": "2loop"');
    writeFileSync(path, broken);
    expect(() => previewChange({ path, projectId: 'p1', field: 'mode', value: '3loop' })).toThrow(/not valid JSONC: a ',' is expected at line 4, column 3/);
    await expect(
      applyChange(db, { path, projectId: 'p1', field: 'mode', value: '3loop', baseHash: sha256(broken), by: 'user', recommendation: null, now: NOW }),
    ).rejects.toThrow(/not valid JSONC/);
    expect(read()).toBe(broken);
    expect(files()).toEqual(['project_config.json']);
    expect(await listLedger(db)).toEqual([]);
  });

  it('leaves the original intact, no temp file and no ledger row when the rename fails', async () => {
    const p = previewChange({ path, projectId: 'p1', field: 'max_cost_usd', value: 1.14 });
    const realRename = atomicFs.rename;
    atomicFs.rename = () => {
      throw Object.assign(new Error('EXDEV: simulated rename failure'), { code: 'EXDEV' });
    };
    try {
      await expect(
        applyChange(db, { path, projectId: 'p1', field: 'max_cost_usd', value: 1.14, baseHash: p.base_hash, by: 'user', recommendation: null, now: NOW }),
      ).rejects.toThrow(/simulated rename failure/);
    } finally {
      atomicFs.rename = realRename;
    }
    expect(read()).toBe(SEED_CONFIG);
    expect(files()).toEqual(['project_config.json']);
    expect(await listLedger(db)).toEqual([]);
  });

  it('keeps the file mode', async () => {
    chmodSync(path, 0o600);
    const p = previewChange({ path, projectId: 'p1', field: 'model', value: 'gpt-4o-mini' });
    await applyChange(db, { path, projectId: 'p1', field: 'model', value: 'gpt-4o-mini', baseHash: p.base_hash, by: 'user', recommendation: null, now: NOW });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('validates the value and refuses a no-op', async () => {
    expect(() => previewChange({ path, projectId: 'p1', field: 'max_rounds', value: '3' })).toThrow(/max_rounds must be a whole number ≥ 1, got "3"/);
    expect(() => previewChange({ path, projectId: 'p1', field: 'max_cost_usd', value: -1 })).toThrow(/max_cost_usd must be a number > 0/);
    expect(() => previewChange({ path, projectId: 'p1', field: 'prompt_strategy', value: 'nope' })).toThrow(
      /prompt strategy "nope" is not defined in prompts.strategies \(baseline, aggressive_refactor, fast_iter\)/,
    );
    expect(() => previewChange({ path, projectId: 'p1', field: 'mode', value: '2loop' })).toThrow(/mode is already "2loop" in project_config.json; nothing to change/);
  });

  it('writes into the projects.<id> section when there is one', async () => {
    writeFileSync(path, PROJECTS_CONFIG);
    const p = previewChange({ path, projectId: 'contafuel', field: 'mode', value: '3loop' });
    expect(p.key_path).toBe('projects.contafuel.mode');
    expect(p.before_value).toBeNull();
    // Not "unset": the project runs with the top-level value until it has its own.
    expect(p.before_inherited).toEqual({ value: '2loop', key_path: 'mode', source: 'top-level' });
    const row = await applyChange(db, { path, projectId: 'contafuel', field: 'mode', value: '3loop', baseHash: p.base_hash, by: 'user', recommendation: null, now: NOW });
    expect(row.before_inherited).toEqual({ value: '2loop', key_path: 'mode', source: 'top-level' });
    expect(row.after_inherited).toBeNull();
    expect((await listLedger(db, 'contafuel'))[0].before_inherited).toEqual({ value: '2loop', key_path: 'mode', source: 'top-level' });
    expect(read()).toBe(
      PROJECTS_CONFIG.replace(
        '"prompts": { "default_strategy": "fast_iter" }\n',
        '"prompts": { "default_strategy": "fast_iter" },\n      "mode": "3loop"\n',
      ),
    );
    const p2 = previewChange({ path, projectId: 'contafuel', field: 'prompt_strategy', value: 'baseline' });
    expect(p2.key_path).toBe('projects.contafuel.prompts.default_strategy');
    // Undo removes the key it added: the file is back byte-for-byte, and says what is inherited again.
    expect((await previewUndo(db, row.id)).after_inherited).toEqual({ value: '2loop', key_path: 'mode', source: 'top-level' });
    const undo = await undoChange(db, row.id, { now: LATER });
    expect(read()).toBe(PROJECTS_CONFIG);
    expect(undo).toMatchObject({ after_value: null, after_inherited: { value: '2loop', key_path: 'mode', source: 'top-level' }, before_inherited: null });
  });
});

describe('prompt_version and recipe', () => {
  it('apply writes them as top-level keys, or into the project section, and undo removes them again', async () => {
    const p = previewChange({ path, projectId: 'p1', field: 'prompt_version', value: 'v7' });
    // A top-level key that is absent has nothing to inherit from: it is unset.
    expect(p).toMatchObject({ key_path: 'prompt_version', before_value: null, after_value: 'v7', before_inherited: null });
    const row = await applyChange(db, { path, projectId: 'p1', field: 'prompt_version', value: 'v7', baseHash: p.base_hash, by: 'user', recommendation: null, now: NOW });
    expect(read()).toContain('"prompt_version": "v7"');
    await undoChange(db, row.id, { now: LATER });
    expect(read()).toBe(SEED_CONFIG);

    writeFileSync(path, PROJECTS_CONFIG);
    const r = previewChange({ path, projectId: 'contafuel', field: 'recipe', value: 'tdd-first' });
    expect(r.key_path).toBe('projects.contafuel.recipe');
    const row2 = await applyChange(db, { path, projectId: 'contafuel', field: 'recipe', value: 'tdd-first', baseHash: r.base_hash, by: 'user', recommendation: null, now: NOW });
    expect(row2).toMatchObject({ field: 'recipe', key_path: 'projects.contafuel.recipe', after_value: 'tdd-first' });
    await undoChange(db, row2.id, { now: LATER });
    expect(read()).toBe(PROJECTS_CONFIG);
  });

  it('refuses empty values', async () => {
    expect(() => previewChange({ path, projectId: 'p1', field: 'recipe', value: ' ' })).toThrow('recipe must be a non-empty string, got " "');
    expect(() => previewChange({ path, projectId: 'p1', field: 'prompt_version', value: 3 })).toThrow('prompt_version must be a non-empty string, got 3');
  });
});

describe('undo', () => {
  const apply = async (field: 'max_rounds' | 'mode', value: string | number, by: 'user' | 'auto-tune' = 'user') => {
    const p = previewChange({ path, projectId: 'p1', field, value });
    return await applyChange(db, { path, projectId: 'p1', field, value, baseHash: p.base_hash, by, recommendation: rec(field, value, 'high'), now: NOW });
  };

  it('restores byte-for-byte when nothing else changed, and records itself', async () => {
    const row = await apply('max_rounds', 3);
    const pu = await previewUndo(db, row.id);
    expect(pu).toMatchObject({ change_id: row.id, key_path: 'max_rounds', before_value: 3, after_value: 5 });
    expect(pu.diff).toContain('-  "max_rounds": 3, // rounds per run\n+  "max_rounds": 5, // rounds per run');
    const undo = await undoChange(db, row.id, { baseHash: pu.base_hash, now: LATER });
    expect(read()).toBe(SEED_CONFIG);
    expect(undo).toMatchObject({ undo_of: row.id, before_value: 3, after_value: 5, applied_by: 'user', status: 'applied', recommendation: null });
    const [newest, original] = await listLedger(db, 'p1');
    expect(newest.id).toBe(undo.id);
    expect(original).toMatchObject({ id: row.id, status: 'undone', undone_at: LATER.toISOString() });
    await expect(undoChange(db, row.id, { now: LATER })).rejects.toThrow(/already undone/);
    await expect(undoChange(db, undo.id, { now: LATER })).rejects.toThrow(/is itself the undo of/);
  });

  it('keeps later edits to other keys', async () => {
    const row = await apply('max_rounds', 3);
    const handEdited = read().replace('"gpt-4o"', '"gpt-5"').replace('// rounds per run', '// rounds per run (tuned)');
    writeFileSync(path, handEdited);
    await undoChange(db, row.id, { now: LATER });
    expect(read()).toBe(handEdited.replace('"max_rounds": 3,', '"max_rounds": 5,'));
  });

  it('refuses when the value was changed by hand, or the file changed since the undo preview', async () => {
    const row = await apply('max_rounds', 3);
    const pu = await previewUndo(db, row.id);
    writeFileSync(path, read().replace('"max_rounds": 3,', '"max_rounds": 4,'));
    await expect(undoChange(db, row.id, { baseHash: pu.base_hash, now: LATER })).rejects.toThrow(/changed on disk since the preview/);
    await expect(undoChange(db, row.id, { now: LATER })).rejects.toThrow(
      /cannot undo change #\d+: max_rounds in project_config.json is now 4, not the 3 RunBrain wrote/,
    );
    expect((await listLedger(db))[0].status).toBe('applied');
  });

  it('refuses to undo a change that a later change of the same key superseded', async () => {
    const first = await apply('max_rounds', 3);
    const second = await apply('max_rounds', 4);
    await expect(undoChange(db, first.id, { now: LATER })).rejects.toThrow(new RegExp(`changed again by change #${second.id}`));
    await undoChange(db, second.id, { now: LATER });
    await undoChange(db, first.id, { now: LATER });
    expect(read()).toBe(SEED_CONFIG);
    expect((await listLedger(db)).map((r) => r.status)).toEqual(['applied', 'applied', 'undone', 'undone']);
  });

  it('undoing an auto-tune change also takes the field out of the marks', async () => {
    const row = await apply('max_rounds', 3, 'auto-tune');
    expect(read()).toContain('"_auto_tuned": true,\n  "_tuned_fields": ["max_rounds"]\n}');
    await undoChange(db, row.id, { now: LATER });
    expect(read()).toBe(SEED_CONFIG);
  });
});
