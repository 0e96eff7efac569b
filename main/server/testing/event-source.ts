/**
 * Enough of the browser's EventSource, over fetch, to run the renderer's client under Node 20
 * (which has none): relative URLs, `onopen`/`onmessage`/`onerror`, `readyState`, `close()`.
 */
import { vi } from 'vitest';

/** Installs a global EventSource that resolves URLs against `origin`. */
export function installEventSource(origin: string, realFetch: typeof fetch): void {
  class NodeEventSource {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 2;
    readyState = NodeEventSource.CONNECTING;
    onopen: (() => void) | null = null;
    onmessage: ((msg: { data: string }) => void) | null = null;
    onerror: (() => void) | null = null;
    private readonly abort = new AbortController();

    constructor(url: string) {
      void this.run(new URL(url, origin));
    }

    private async run(url: URL): Promise<void> {
      try {
        const res = await realFetch(url, { headers: { accept: 'text/event-stream' }, signal: this.abort.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        this.readyState = NodeEventSource.OPEN;
        this.onopen?.();
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          const blocks = buffer.split('\n\n');
          buffer = blocks.pop() ?? '';
          for (const block of blocks) {
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).replace(/^ /, ''));
            if (data.length) this.onmessage?.({ data: data.join('\n') });
          }
        }
      } catch {
        // Aborted by close(), or the server went away.
      }
      if (this.readyState !== NodeEventSource.CLOSED) {
        this.readyState = NodeEventSource.CLOSED;
        this.onerror?.();
      }
    }

    close(): void {
      this.readyState = NodeEventSource.CLOSED;
      this.abort.abort();
    }
  }
  vi.stubGlobal('EventSource', NodeEventSource);
}
