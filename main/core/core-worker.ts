/** Worker-thread entry: runs the core off the main event loop and answers calls by message. */
import { parentPort, workerData } from 'node:worker_threads';
import { ValidationError, isOperationName, parseRequest } from '../../shared/operations';
import { createCore, type CoreOptions } from './create-core';
import { UserError } from './types';
import type { FromWorker, ToWorker } from './worker-protocol';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('core-worker must run in a worker thread');
  const send = (m: FromWorker) => port.postMessage(m);
  let core: Awaited<ReturnType<typeof createCore>>;
  try {
    core = await createCore(workerData as CoreOptions);
  } catch (err) {
    send({ kind: 'init-error', error: err instanceof Error ? err.message : String(err) });
    return;
  }
  core.subscribe((event) => send({ kind: 'event', event }));
  port.on('message', async (msg: ToWorker) => {
    if (msg.kind === 'close') {
      await core.close();
      send({ kind: 'closed' });
      port.close();
      return;
    }
    try {
      if (!isOperationName(msg.op)) throw new ValidationError(String(msg.op), 'unknown operation');
      // Validated again here: the worker trusts nobody, and parsing applies the schema defaults.
      const req = parseRequest(msg.op, msg.req);
      const handler = core.handlers[msg.op] as (r: unknown) => Promise<unknown>;
      send({ kind: 'result', id: msg.id, ok: true, value: await handler(req) });
    } catch (err) {
      const code = err instanceof ValidationError ? 'invalid-request' : err instanceof UserError ? err.code : 'failed';
      const error = err instanceof Error ? err.message : String(err);
      if (code === 'failed') console.error(`[runbrain] ${msg.op} failed:`, err);
      send({ kind: 'result', id: msg.id, ok: false, error, code });
    }
  });
  send({ kind: 'ready' });
}

void main();
