import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../shared/domain';
import { readProjectConfig } from './project-config';
import { SEED_CONFIG, tempConfig } from './test-fixtures';
import { setTuning, setTuningFor } from './tuning';

describe('setTuning', () => {
  it('changes only the auto_tune values, keeping the comments', () => {
    const { dir, path } = tempConfig(SEED_CONFIG);
    const t = setTuning(path, { enabled: true, confidence_threshold: 'high' });
    expect(t).toEqual({ ...DEFAULT_TUNING, enabled: true, confidence_threshold: 'high' });
    expect(readFileSync(path, 'utf8')).toBe(
      SEED_CONFIG.replace('"enabled": false', '"enabled": true').replace('"confidence_threshold": "medium"', '"confidence_threshold": "high"'),
    );
    expect(readProjectConfig(path, 'p').tuning).toEqual(t);
    expect(readdirSync(dir)).toEqual(['project_config.json']);
  });

  it('creates the section when absent', () => {
    const { path } = tempConfig('{\n    // four spaces\n    "mode": "2loop"\n}\n');
    expect(setTuning(path, { enabled: true })).toEqual({ ...DEFAULT_TUNING, enabled: true });
    expect(readFileSync(path, 'utf8')).toBe('{\n    // four spaces\n    "mode": "2loop",\n    "auto_tune": {\n        "enabled": true\n    }\n}\n');
  });

  it('validates values and does not write when nothing changes', () => {
    const { path } = tempConfig(SEED_CONFIG);
    expect(() => setTuning(path, { enabled: 'yes' as unknown as boolean })).toThrow(/auto_tune.enabled must be true or false/);
    expect(() => setTuning(path, { min_runs_for_recommendations: 0 })).toThrow(/whole number ≥ 1/);
    expect(setTuning(path, { enabled: false })).toEqual(DEFAULT_TUNING);
    expect(readFileSync(path, 'utf8')).toBe(SEED_CONFIG);
  });
});

const SHARED = `{
  "mode": "2loop",
  "auto_tune": {
    "enabled": false,
    "confidence_threshold": "high"
  },
  "projects": {
    // two projects share this file
    "alpha": { "max_rounds": 8 },
    "beta": {}
  }
}
`;

describe('per-project auto_tune', () => {
  it('a project section inherits key by key from the top level, which inherits from the defaults', () => {
    const { path } = tempConfig(SHARED.replace('"alpha": { "max_rounds": 8 }', '"alpha": { "max_rounds": 8, "auto_tune": { "enabled": true } }'));
    const alpha = readProjectConfig(path, 'alpha');
    expect(alpha.tuning).toEqual({ ...DEFAULT_TUNING, enabled: true, confidence_threshold: 'high' });
    expect(alpha.tuningSources).toEqual({ enabled: 'project', confidence_threshold: 'file', apply_safely: 'default', min_runs_for_recommendations: 'default' });
    expect(alpha.tuningInherited).toEqual({ ...DEFAULT_TUNING, enabled: false, confidence_threshold: 'high' });
    const beta = readProjectConfig(path, 'beta');
    expect(beta.tuning).toEqual({ ...DEFAULT_TUNING, enabled: false, confidence_threshold: 'high' });
    expect(beta.tuningSources.enabled).toBe('file');
    // A project without a section of its own reads the top level.
    expect(readProjectConfig(path, 'gamma').tuning.enabled).toBe(false);
  });

  it('the per-project toggle writes only that project’s section; null inherits again', () => {
    const { dir, path } = tempConfig(SHARED);
    const on = setTuningFor(path, { enabled: true }, { projectId: 'beta', scope: 'project' });
    expect(on.tuning.enabled).toBe(true);
    expect(on.sources.enabled).toBe('project');
    expect(readFileSync(path, 'utf8')).toBe(SHARED.replace('"beta": {}', '"beta": {\n      "auto_tune": {\n        "enabled": true\n      }\n    }'));
    expect(readProjectConfig(path, 'alpha').tuning.enabled).toBe(false);
    // A project with no section yet gets one.
    setTuningFor(path, { enabled: true, min_runs_for_recommendations: 12 }, { projectId: 'gamma', scope: 'project' });
    expect(readProjectConfig(path, 'gamma').tuning).toMatchObject({ enabled: true, min_runs_for_recommendations: 12 });
    expect(readProjectConfig(path, 'alpha').tuning).toMatchObject({ enabled: false, min_runs_for_recommendations: 5 });
    const back = setTuningFor(path, { enabled: null }, { projectId: 'beta', scope: 'project' });
    expect(back.tuning.enabled).toBe(false);
    expect(back.sources.enabled).toBe('file');
    // The file-wide switch reaches every project that does not override it.
    const all = setTuningFor(path, { enabled: true }, { projectId: 'alpha' });
    expect(all.sources.enabled).toBe('file');
    expect(readProjectConfig(path, 'beta').tuning.enabled).toBe(true);
    expect(readdirSync(dir)).toEqual(['project_config.json']);
  });

  it('names the project section, line and column of a bad value', () => {
    const { path } = tempConfig(SHARED.replace('"beta": {}', '"beta": { "auto_tune": { "enabled": "yes" } }'));
    expect(() => readProjectConfig(path, 'beta')).toThrow(
      new RegExp(`${path}: projects\\.beta\\.auto_tune\\.enabled must be true or false, found "yes" \\(line 10, column 41\\)`),
    );
    expect(() => setTuningFor(path, { enabled: true }, { scope: 'project' })).toThrow(/a project is needed/);
  });
});
