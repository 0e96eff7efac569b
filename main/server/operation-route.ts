/**
 * POST /api/op/<name>: reads the JSON body, validates it against the operation table, runs the
 * handler and maps errors to the BridgeError shape with an HTTP status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BridgeError } from '../../shared/bridge';
import { isOperationName, parseRequest, type OperationName, type RunBrainHandlers } from '../../shared/operations';
import { sendError, sendJson } from './responses';

/** Largest request body accepted; every operation's payload is a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The body was not read to its end: discard the rest, or drop the connection. */
    readonly unread: 'drain' | 'drop' | null = null,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`, declared <= 8 * MAX_BODY_BYTES ? 'drain' : 'drop');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`, 'drop');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJsonPayload(req: IncomingMessage): Promise<unknown> {
  // Requiring a JSON content type, even for an empty body, means a plain HTML form or a
  // no-preflight fetch from another site can never reach an operation. Checked before reading.
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    const declared = Number(req.headers['content-length'] ?? 0);
    const unread = req.headers['transfer-encoding'] !== undefined || declared > MAX_BODY_BYTES ? 'drop' : 'drain';
    throw new BodyError(415, 'Operations must be sent with Content-Type: application/json.', unread);
  }
  const text = await readBody(req);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'Request body is not valid JSON.');
  }
}

const USER_ERROR_STATUS: Record<string, number> = { 'not-found': 404, conflict: 409, 'invalid-request': 400, failed: 500 };

/** Maps a thrown error to a status and a message that is safe to show; details go to the log only. */
export function describeError(err: unknown, operation: string): { status: number; body: BridgeError } {
  // Matched by name, not instanceof: errors re-created by the worker client keep name and code.
  const e = err as { name?: string; message?: string; code?: string } | null;
  if (e?.name === 'ValidationError') return { status: 400, body: { error: String(e.message), code: 'invalid-request' } };
  if (e?.name === 'UserError') {
    const code = (e.code && e.code in USER_ERROR_STATUS ? e.code : 'failed') as BridgeError['code'];
    return { status: USER_ERROR_STATUS[code], body: { error: String(e.message), code } };
  }
  return { status: 500, body: { error: `${operation} failed unexpectedly; the details are in the server log.`, code: 'failed' } };
}

/** Handles one operation request; `name` is the path segment after the API prefix. */
export async function handleOperation(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  handlers: RunBrainHandlers,
  log: (line: string) => void,
): Promise<void> {
  if (!isOperationName(name)) return sendError(res, 404, 'not-found', `Unknown operation "${name}".`);
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendError(res, 405, 'invalid-request', `Operations are called with POST, not ${req.method}.`);
  }
  let payload: unknown;
  try {
    payload = await readJsonPayload(req);
  } catch (err) {
    if (err instanceof BodyError) {
      sendError(res, err.status, 'invalid-request', err.message);
      // A modestly oversized body is discarded so the client reads our answer cleanly; anything
      // bigger, or a chunked body that ran past the limit, may be a flood: drop the connection.
      if (err.unread === 'drain') req.resume();
      else if (err.unread === 'drop') res.on('finish', () => req.destroy());
      return;
    }
    throw err;
  }
  try {
    const request = parseRequest(name, payload);
    const handler = handlers[name] as (r: unknown) => Promise<unknown>;
    const result = await handler(request);
    sendJson(res, 200, result ?? null);
  } catch (err) {
    const { status, body } = describeError(err, name as OperationName);
    if (status === 500) log(`runbrain serve: ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendError(res, status, body.code, body.error);
  }
}
