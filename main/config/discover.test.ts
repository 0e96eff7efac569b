import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findConfigNear } from './discover';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('findConfigNear', () => {
  it('searches the folder, its parent and grandparent, plain name before agent/', () => {
    root = mkdtempSync(join(tmpdir(), 'runbrain-discover-'));
    const logs = join(root, 'repo', 'agent', 'run_logs');
    mkdirSync(logs, { recursive: true });
    expect(findConfigNear(logs)).toBeNull();
    writeFileSync(join(root, 'project_config.json'), '{}');
    expect(findConfigNear(logs)).toBeNull(); // three levels up: too far
    writeFileSync(join(root, 'repo', 'project_config.json'), '{}');
    expect(findConfigNear(logs)).toBe(join(root, 'repo', 'project_config.json'));
    writeFileSync(join(root, 'repo', 'agent', 'project_config.json'), '{}');
    // repo/agent/project_config.json is both <parent>/project_config.json and <grandparent>/agent/…
    expect(findConfigNear(logs)).toBe(join(root, 'repo', 'agent', 'project_config.json'));
    writeFileSync(join(logs, 'project_config.json'), '{}');
    mkdirSync(join(logs, 'agent'));
    writeFileSync(join(logs, 'agent', 'project_config.json'), '{}');
    expect(findConfigNear(logs)).toBe(join(logs, 'project_config.json'));
    mkdirSync(join(root, 'x', 'y', 'z'), { recursive: true });
    expect(findConfigNear(join(root, 'x', 'y', 'z'))).toBeNull();
    mkdirSync(join(root, 'x', 'agent'));
    writeFileSync(join(root, 'x', 'agent', 'project_config.json'), '{}');
    expect(findConfigNear(join(root, 'x', 'y', 'z'))).toBe(join(root, 'x', 'agent', 'project_config.json'));
  });
});
