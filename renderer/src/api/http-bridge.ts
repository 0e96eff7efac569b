/**
 * The browser-mode transport: each operation is a POST to `/api/op/<name>`, events arrive over
 * server-sent events. Authentication: the server sets an HttpOnly cookie when the page is first
 * loaded with `?token=`; we also keep the token in sessionStorage and send it as a header, so a
 * tab keeps working if the cookie is dropped (e.g. third-party cookie settings).
 */
import { HTTP, type BridgeError, type RunBrainBridge } from '../../../shared/bridge';
import type { RunBrainEvent } from '../../../shared/events';
import { OPERATION_NAMES, type OperationName } from '../../../shared/operation-names';
import type { RunBrainApi } from '../../../shared/operations';

const STORAGE_KEY = 'runbrain.token';

/** Reads `?token=` once, stores it for this tab and removes it from the address bar. */
export function captureToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get(HTTP.tokenParam);
  if (fromUrl) {
    storage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete(HTTP.tokenParam);
    // The token must not linger in history, bookmarks or screenshots.
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(STORAGE_KEY);
}

/** Raised for a failed operation; the message is the server's, meant for the user. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: BridgeError['code'] | 'network',
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function call(name: OperationName, req: unknown, token: string | null): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers[HTTP.tokenHeader] = token;
  let res: Response;
  try {
    res = await fetch(HTTP.apiPrefix + name, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify(req ?? {}),
    });
  } catch {
    throw new ApiError('Cannot reach the RunBrain server. Is `runbrain serve` still running?', 'network', 0);
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Non-JSON answer (proxy page, crash): fall through to the generic message below.
  }
  if (!res.ok) {
    const err = body as Partial<BridgeError> | undefined;
    const message = typeof err?.error === 'string' ? err.error : `${name} failed (HTTP ${res.status})`;
    throw new ApiError(message, err?.code ?? 'failed', res.status);
  }
  return body;
}

type Listener = (event: RunBrainEvent) => void;

/** One shared EventSource for all listeners; reconnects with backoff when it drops. */
function createEventHub(token: string | null) {
  const listeners = new Set<Listener>();
  let source: EventSource | null = null;
  let retry = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const open = () => {
    const url = token ? `${HTTP.eventsPath}?${HTTP.tokenParam}=${encodeURIComponent(token)}` : HTTP.eventsPath;
    source = new EventSource(url, { withCredentials: true });
    source.onopen = () => {
      retry = 0;
    };
    source.onmessage = (msg) => {
      let event: RunBrainEvent;
      try {
        event = JSON.parse(msg.data) as RunBrainEvent;
      } catch {
        return;
      }
      for (const l of listeners) l(event);
    };
    source.onerror = () => {
      // EventSource retries by itself while CONNECTING; once CLOSED (e.g. a 401 or server restart)
      // it gives up, so reopen it ourselves with capped exponential backoff.
      if (source?.readyState === EventSource.CLOSED) {
        source.close();
        source = null;
        const delay = Math.min(30_000, 500 * 2 ** retry++);
        timer = setTimeout(() => {
          timer = null;
          if (listeners.size > 0) open();
        }, delay);
      }
    };
  };

  return (listener: Listener): (() => void) => {
    listeners.add(listener);
    if (!source && !timer) open();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        source?.close();
        source = null;
        if (timer) clearTimeout(timer);
        timer = null;
      }
    };
  };
}

/** Builds the HTTP implementation of the bridge, one function per operation. */
export function createHttpBridge(token: string | null): RunBrainBridge {
  const ops = Object.fromEntries(OPERATION_NAMES.map((name) => [name, (req: unknown) => call(name, req, token)])) as unknown as RunBrainApi;
  return { ...ops, onEvent: createEventHub(token) };
}
