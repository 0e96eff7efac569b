/** GET /api/events: pushes every core event to a browser tab as server-sent events. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunBrainEvent } from '../../shared/events';
import type { CoreConnection } from '../core/types';
import { DEFAULT_LIMITS, tooManyStreams } from './connection-limits';
import { sendError } from './responses';

/** Comment lines keep idle connections (and any proxy in between) from timing out. */
export const HEARTBEAT_MS = 15_000;

/** Opens an SSE stream; it ends when the client disconnects or `closeAll` runs. */
export class EventStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly core: Pick<CoreConnection, 'subscribe'>,
    private readonly heartbeatMs = HEARTBEAT_MS,
    private readonly maxStreams = DEFAULT_LIMITS.maxEventStreams,
  ) {}

  /** Starts a stream on this response, or answers 503 when `maxStreams` are already open. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    if (this.open.size >= this.maxStreams) {
      res.setHeader('Retry-After', '5');
      res.setHeader('Connection', 'close');
      return sendError(res, 503, 'unavailable', tooManyStreams(this.maxStreams));
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // `retry` makes EventSource reconnect quickly after a restart; the comment flushes headers now.
    res.write('retry: 2000\n: connected\n\n');
    this.open.add(res);
    const send = (event: RunBrainEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = this.core.subscribe(send);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.heartbeatMs);
    heartbeat.unref();
    let cleaned = false;
    const cleanup = () => {
      if (cleaned) return;
      cleaned = true;
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(res);
    };
    req.on('close', cleanup);
    res.on('close', cleanup);
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }

  get size(): number {
    return this.open.size;
  }
}
