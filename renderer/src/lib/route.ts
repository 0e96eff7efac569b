/**
 * Hash routing: the whole location lives after `#`, so URLs work in browser mode (the server only
 * serves index.html) and under file:// in Electron. Pure parse/format functions plus a tiny hook.
 */

export type ProjectTab = 'dashboard' | 'health' | 'recommendations' | 'experiments' | 'runs' | 'ledger' | 'learning';

export type Route =
  | { page: 'home' }
  | { page: 'onboarding' }
  | { page: 'projects' }
  | { page: 'project'; projectId: string; tab: ProjectTab; runId?: string }
  | { page: 'quarantine' }
  | { page: 'settings' }
  | { page: 'not-found'; path: string };

const TABS: ProjectTab[] = ['dashboard', 'health', 'recommendations', 'experiments', 'runs', 'ledger', 'learning'];

/** "#/p/my%2Fproject/runs/run-42" → the route it names. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '') return { page: 'home' };
  const parts = path.split('/');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  switch (parts[0]) {
    case 'onboarding':
    case 'projects':
    case 'quarantine':
    case 'settings':
      if (parts.length === 1) return { page: parts[0] };
      break;
    case 'p': {
      if (parts.length < 2 || !parts[1]) break;
      const projectId = decode(parts[1]);
      const tab = (parts[2] ?? 'dashboard') as ProjectTab;
      if (!TABS.includes(tab)) break;
      if (tab === 'runs' && parts.length === 4) return { page: 'project', projectId, tab, runId: decode(parts[3]) };
      if (parts.length > 3) break;
      return { page: 'project', projectId, tab };
    }
  }
  return { page: 'not-found', path: '/' + path };
}

/** The hash for a route; inverse of parseHash. */
export function toHash(route: Route): string {
  switch (route.page) {
    case 'home':
      return '#/';
    case 'project': {
      const base = `#/p/${encodeURIComponent(route.projectId)}/${route.tab}`;
      return route.runId ? `${base}/${encodeURIComponent(route.runId)}` : base;
    }
    case 'not-found':
      return '#' + route.path;
    default:
      return `#/${route.page}`;
  }
}

/** Shorthand for links inside a project. */
export function projectHash(projectId: string, tab: ProjectTab = 'dashboard', runId?: string): string {
  return toHash({ page: 'project', projectId, tab, runId });
}

/** Navigates; `replace` avoids a history entry (redirects). */
export function navigate(hash: string, replace = false): void {
  if (replace) {
    const url = new URL(window.location.href);
    url.hash = hash;
    window.history.replaceState(window.history.state, '', url);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (window.location.hash !== hash) {
    window.location.hash = hash;
  }
}
