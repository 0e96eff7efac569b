/** React hook over the hash route. */
import { useSyncExternalStore } from 'react';
import { parseHash, type Route } from './route';

let cachedHash: string | null = null;
let cachedRoute: Route = { page: 'home' };

function snapshot(): Route {
  const h = window.location.hash;
  if (h !== cachedHash) {
    cachedHash = h;
    cachedRoute = parseHash(h);
  }
  return cachedRoute;
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

/** The current route; re-renders on hash changes. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot);
}
