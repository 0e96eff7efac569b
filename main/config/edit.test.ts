import { describe, expect, it } from 'vitest';
import { detectFormatting, editConfigText, editConfigTextMany } from './edit';
import { ConfigError } from './jsonc';
import { SEED_CONFIG } from './test-fixtures';

describe('editConfigText', () => {
  it('changes only the value: comments, order and blank lines stay byte-for-byte', () => {
    const out = editConfigText(SEED_CONFIG, ['max_rounds'], 3);
    expect(out).toBe(SEED_CONFIG.replace('"max_rounds": 5, // rounds per run', '"max_rounds": 3, // rounds per run'));
    const out2 = editConfigText(SEED_CONFIG, ['prompts', 'default_strategy'], 'fast_iter');
    expect(out2).toBe(SEED_CONFIG.replace('"default_strategy": "baseline"', '"default_strategy": "fast_iter"'));
    const out3 = editConfigText(SEED_CONFIG, ['max_cost_usd'], 1.14);
    expect(out3).toBe(SEED_CONFIG.replace('"max_cost_usd": 2.0,', '"max_cost_usd": 1.14,'));
  });

  it('inserts a missing key in the file style and removing it restores the text exactly', () => {
    const text = '{\n    // four spaces\n    "mode": "2loop"\n}\n';
    const out = editConfigText(text, ['prompts', 'default_strategy'], 'fast');
    expect(out).toBe('{\n    // four spaces\n    "mode": "2loop",\n    "prompts": {\n        "default_strategy": "fast"\n    }\n}\n');
    expect(editConfigText(out, ['prompts'], undefined)).toBe(text);
  });

  it('follows tabs and CRLF', () => {
    const tabs = '{\r\n\t"mode": "2loop" // c\r\n}\r\n';
    expect(detectFormatting(tabs)).toMatchObject({ insertSpaces: false, eol: '\r\n' });
    const out = editConfigText(tabs, ['max_rounds'], 4);
    expect(out).toBe('{\r\n\t"mode": "2loop", // c\r\n\t"max_rounds": 4\r\n}\r\n');
    expect(editConfigText(out, ['max_rounds'], undefined)).toBe(tabs);
    expect(detectFormatting(SEED_CONFIG)).toMatchObject({ insertSpaces: true, tabSize: 2, eol: '\n' });
  });

  it('keeps same-line trailing comments with their property on insert and remove', () => {
    const text = '{\n  "a": 1, // about a\n  // about b\n  "b": 2 // about b too\n}\n';
    const added = editConfigText(text, ['c'], [1, 2]);
    expect(added).toBe('{\n  "a": 1, // about a\n  // about b\n  "b": 2, // about b too\n  "c": [1, 2]\n}\n');
    expect(editConfigText(added, ['c'], undefined)).toBe(text);
    // Removing a middle key takes its line only; comments above it stay (they may say more).
    expect(editConfigText(text, ['a'], undefined)).toBe('{\n  // about b\n  "b": 2 // about b too\n}\n');
    expect(editConfigText(text, ['b'], undefined)).toBe('{\n  "a": 1 // about a\n  // about b\n}\n');
  });

  it('adds a key at the end of the seed config and removes it again exactly', () => {
    const out = editConfigTextMany(SEED_CONFIG, [
      { keyPath: ['_auto_tuned'], value: true },
      { keyPath: ['_tuned_fields'], value: ['max_rounds'] },
    ]);
    expect(out).toBe(SEED_CONFIG.replace(/ {2}}\n}\n$/, '  },\n  "_auto_tuned": true,\n  "_tuned_fields": ["max_rounds"]\n}\n'));
    expect(editConfigTextMany(out, [{ keyPath: ['_tuned_fields'], value: undefined }, { keyPath: ['_auto_tuned'], value: undefined }])).toBe(SEED_CONFIG);
  });

  it('handles trailing commas, empty and one-line objects', () => {
    expect(editConfigText('{\n  "a": 1,\n}', ['b'], 2)).toBe('{\n  "a": 1,\n  "b": 2,\n}');
    expect(editConfigText('{}', ['b'], 2)).toBe('{\n  "b": 2\n}');
    expect(editConfigText('{ "a": 1 }', ['b'], 2)).toBe('{ "a": 1, "b": 2 }');
    expect(editConfigText('{ "a": 1, "b": 2 }', ['a'], undefined)).toBe('{ "b": 2 }');
    expect(editConfigText('{ "a": 1, "b": 2 }', ['b'], undefined)).toBe('{ "a": 1 }');
    expect(editConfigText('{\n  "p": { // c\n  }\n}', ['p', 'x'], 'y')).toBe('{\n  "p": { // c\n    "x": "y"\n  }\n}');
  });

  it('removing the only key of an object that was `{}` gives `{}` back; comments inside keep the braces as they are', () => {
    const text = '{\n  "projects": {\n    "a": {}\n  }\n}\n';
    const added = editConfigText(text, ['projects', 'a', 'prompts', 'default_strategy'], 'x');
    expect(added).toBe('{\n  "projects": {\n    "a": {\n      "prompts": {\n        "default_strategy": "x"\n      }\n    }\n  }\n}\n');
    expect(editConfigText(added, ['projects', 'a', 'prompts'], undefined)).toBe(text);
    expect(editConfigText('{ "a": { "b": 1, } }', ['a', 'b'], undefined)).toBe('{ "a": {} }');
    const commented = '{\n  "p": { // c\n  }\n}';
    expect(editConfigText(editConfigText(commented, ['p', 'x'], 'y'), ['p', 'x'], undefined)).toBe(commented);
  });

  it('keeps a byte-order mark', () => {
    const out = editConfigText('\uFEFF{ "mode": "a" }', ['mode'], 'b');
    expect(out).toBe('\uFEFF{ "mode": "b" }');
  });

  it('refuses invalid JSONC with line and column', () => {
    const bad = '{\n  "mode": "2loop"\n  "max_rounds": 5\n}\n';
    let err: unknown;
    try {
      editConfigText(bad, ['mode'], '3loop', 'project_config.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe("project_config.json is not valid JSONC: a ',' is expected at line 3, column 3");
    expect((err as ConfigError).line).toBe(3);
    expect(() => editConfigText('[1, 2]', ['a'], 1)).toThrow(/must contain a JSON object/);
  });

  it('refuses to write through a non-object parent', () => {
    expect(() => editConfigText('{ "prompts": "x" }', ['prompts', 'default_strategy'], 'a')).toThrow(
      /prompts is a string, not an object/,
    );
  });

  it('applies several edits in order', () => {
    const out = editConfigTextMany('{}', [
      { keyPath: ['a'], value: 1 },
      { keyPath: ['b'], value: [1] },
      { keyPath: ['a'], value: undefined },
    ]);
    expect(JSON.parse(out)).toEqual({ b: [1] });
  });
});
