import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../shared/domain';
import { readProjectConfig } from './project-config';
import { SEED_CONFIG, tempConfig } from './test-fixtures';
import { setTuning } from './tuning';

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
