import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../shared/domain';
import { ConfigError } from './jsonc';
import { readProjectConfig } from './project-config';
import { PROJECTS_CONFIG, SEED_CONFIG, tempConfig } from './test-fixtures';

describe('readProjectConfig', () => {
  it("reads seed 000's commented config", () => {
    const { path } = tempConfig(SEED_CONFIG);
    const cfg = readProjectConfig(path, 'p1');
    expect(cfg.text).toBe(SEED_CONFIG);
    expect(cfg.hash).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    expect(cfg.current).toEqual({ mode: '2loop', max_rounds: 5, max_cost_usd: 2, model: 'gpt-4o', prompt_strategy: 'baseline' });
    expect(cfg.tuning).toEqual(DEFAULT_TUNING);
    expect(cfg.strategies.default_strategy).toBe('baseline');
    expect(cfg.strategies.strategies.fast_iter).toEqual({ file: 'prompts_fast.json', description: 'Fast iteration with minimal validation' });
    expect(cfg.keyPaths.prompt_strategy).toEqual(['prompts', 'default_strategy']);
    expect(cfg.section).toBeNull();
  });

  it('merges a partial auto_tune section over the defaults', () => {
    const { path } = tempConfig('{ "auto_tune": { "enabled": true, "confidence_threshold": "high" } }');
    expect(readProjectConfig(path, 'p1').tuning).toEqual({ ...DEFAULT_TUNING, enabled: true, confidence_threshold: 'high' });
  });

  it('names a bad auto_tune value with its line and column', () => {
    const { path } = tempConfig('{\n  "auto_tune": {\n    "enabled": "yes"\n  }\n}\n');
    expect(() => readProjectConfig(path, 'p1')).toThrow(/auto_tune.enabled must be true or false, found "yes" \(line 3, column 16\)/);
    const { path: p2 } = tempConfig('{ "auto_tune": { "confidence_threshold": "max" } }');
    expect(() => readProjectConfig(p2, 'p1')).toThrow(/confidence_threshold must be "high", "medium" or "low"/);
    const { path: p3 } = tempConfig('{ "auto_tune": { "min_runs_for_recommendations": 2.5 } }');
    expect(() => readProjectConfig(p3, 'p1')).toThrow(/whole number ≥ 1/);
  });

  it('reports invalid JSONC with line and column', () => {
    const { path } = tempConfig('{\n  // ok\n  "mode": ,\n}');
    expect(() => readProjectConfig(path, 'p1')).toThrow(ConfigError);
    expect(() => readProjectConfig(path, 'p1')).toThrow(/not valid JSONC: a value is expected at line 3, column 11/);
  });

  it('uses the projects.<id> section: an override present wins, writes go to the section', () => {
    const { path } = tempConfig(PROJECTS_CONFIG);
    const c = readProjectConfig(path, 'contafuel');
    expect(c.section).toEqual(['projects', 'contafuel']);
    expect(c.current).toMatchObject({ mode: '2loop', max_rounds: 8, prompt_strategy: 'fast_iter' });
    expect(c.keyPaths.mode).toEqual(['projects', 'contafuel', 'mode']);
    const other = readProjectConfig(path, 'other');
    expect(other.current).toMatchObject({ max_rounds: 5, prompt_strategy: 'baseline' });
    expect(other.keyPaths.max_rounds).toEqual(['projects', 'other', 'max_rounds']);
    const none = readProjectConfig(path, 'nosection');
    expect(none.section).toBeNull();
    expect(none.keyPaths.max_rounds).toEqual(['max_rounds']);
  });

  it('says when the file is missing', () => {
    expect(() => readProjectConfig('/nonexistent/project_config.json', 'p')).toThrow(/cannot read .*: no such file/);
  });
});
