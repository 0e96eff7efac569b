import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRevealable } from './reveal-guard';

const bases: string[] = [];
afterEach(() => bases.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function layout() {
  const base = mkdtempSync(join(tmpdir(), 'rb-reveal-'));
  bases.push(base);
  const logs = join(base, 'run_logs');
  const data = join(base, 'data');
  const project = join(base, 'agent');
  for (const d of [join(logs, 'alpha'), data, project, join(base, 'elsewhere')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(logs, 'alpha', 'run_1.json'), '{}');
  writeFileSync(join(project, 'project_config.json'), '{}');
  writeFileSync(join(project, 'secrets.env'), 'X=1');
  writeFileSync(join(base, 'elsewhere', 'private.txt'), 'x');
  return { base, logs, data, project, scope: { folders: [logs, data], files: [join(project, 'project_config.json')] } };
}

describe('isRevealable', () => {
  it('allows files inside watched folders and the data folder, the config files and their backups', () => {
    const { logs, data, project, scope } = layout();
    expect(isRevealable(join(logs, 'alpha', 'run_1.json'), scope)).toBe(true);
    expect(isRevealable(join(logs, 'alpha', 'not-yet-there.json'), scope)).toBe(true);
    expect(isRevealable(logs, scope)).toBe(true);
    expect(isRevealable(join(data, 'runbrain.db'), scope)).toBe(true);
    expect(isRevealable(join(project, 'project_config.json'), scope)).toBe(true);
    expect(isRevealable(join(project, 'project_config.json.runbrain-backup-20261121T213000Z'), scope)).toBe(true);
  });

  it('refuses everything else: siblings of a config, other folders, traversal, relative paths', () => {
    const { base, logs, project, scope } = layout();
    expect(isRevealable(join(project, 'secrets.env'), scope)).toBe(false);
    expect(isRevealable(project, scope)).toBe(false);
    expect(isRevealable(join(base, 'elsewhere', 'private.txt'), scope)).toBe(false);
    expect(isRevealable(`${logs}/../elsewhere/private.txt`, scope)).toBe(false);
    expect(isRevealable(`${logs}-evil/x.json`, scope)).toBe(false);
    expect(isRevealable('/etc/passwd', scope)).toBe(false);
    expect(isRevealable('run_logs/alpha/run_1.json', scope)).toBe(false);
    expect(isRevealable(`${logs}/alpha/run_1.json\0`, scope)).toBe(false);
    expect(isRevealable('/etc/passwd', { folders: [], files: [] })).toBe(false);
  });

  it('follows symlinks: a link inside a watched folder to a file outside is refused', () => {
    const { base, logs, scope } = layout();
    symlinkSync(join(base, 'elsewhere', 'private.txt'), join(logs, 'alpha', 'sneaky.json'));
    expect(isRevealable(join(logs, 'alpha', 'sneaky.json'), scope)).toBe(false);
    // A watched folder that is itself a link is fine: its files resolve inside its target.
    const linked = join(base, 'linked-logs');
    symlinkSync(logs, linked);
    expect(isRevealable(join(linked, 'alpha', 'run_1.json'), { folders: [linked], files: [] })).toBe(true);
  });
});
