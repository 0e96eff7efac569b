import { describe, expect, it } from 'vitest';
import { parseHash, projectHash, toHash, type Route } from './route';

describe('hash routes', () => {
  it('parses the top-level pages', () => {
    expect(parseHash('')).toEqual({ page: 'home' });
    expect(parseHash('#/')).toEqual({ page: 'home' });
    expect(parseHash('#/projects')).toEqual({ page: 'projects' });
    expect(parseHash('#/settings/')).toEqual({ page: 'settings' });
    expect(parseHash('#/quarantine')).toEqual({ page: 'quarantine' });
  });

  it('parses project tabs and defaults to the dashboard', () => {
    expect(parseHash('#/p/alpha')).toEqual({ page: 'project', projectId: 'alpha', tab: 'dashboard' });
    expect(parseHash('#/p/alpha/recommendations')).toEqual({ page: 'project', projectId: 'alpha', tab: 'recommendations' });
    expect(parseHash('#/p/alpha/health')).toEqual({ page: 'project', projectId: 'alpha', tab: 'health' });
    expect(parseHash('#/p/alpha/runs/r%201')).toEqual({ page: 'project', projectId: 'alpha', tab: 'runs', runId: 'r 1' });
  });

  it('round-trips ids with slashes, spaces and unicode', () => {
    const routes: Route[] = [
      { page: 'project', projectId: 'org/repo name', tab: 'ledger' },
      { page: 'project', projectId: 'ünï/%', tab: 'runs', runId: 'a/b#c' },
      { page: 'settings' },
    ];
    for (const r of routes) expect(parseHash(toHash(r))).toEqual(r);
    expect(projectHash('a/b')).toBe('#/p/a%2Fb/dashboard');
  });

  it('reports unknown paths instead of guessing', () => {
    expect(parseHash('#/nope')).toEqual({ page: 'not-found', path: '/nope' });
    expect(parseHash('#/p/alpha/bogus')).toEqual({ page: 'not-found', path: '/p/alpha/bogus' });
    expect(parseHash('#/p/%E0%A4%A/runs')).toMatchObject({ page: 'project', projectId: '%E0%A4%A' });
  });
});
