/** Starts the core in a worker thread and exposes it as a CoreConnection. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunBrainEventListener } from '../../shared/events';
import { OPERATION_NAMES, type RunBrainHandlers } from '../../shared/operations';
import type { CoreOptions } from './create-core';
import { UserError, type CoreConnection } from './types';
import type { FromWorker, ToWorker } from './worker-protocol';

/**
 * The built worker sits in out/main. From sources (tests, tsx) the worker registers tsx's loader
 * in its own thread first: loader hooks given with --import do not reach worker threads on Node 20.
 */
function createWorker(options: CoreOptions): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'core-worker.js'), join(here, '..', 'core-worker.js')]) {
    if (existsSync(candidate)) return new Worker(candidate, { workerData: options });
  }
  const source = join(here, 'core-worker.ts');
  if (!existsSync(source)) throw new Error(`core-worker not found next to ${here}; run "npm run build" first.`);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(source).href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: options });
}

/** How long close() waits for the core to close its database and watchers before terminating it. */
const CLOSE_GRACE_MS = 5000;

export async function startCoreWorker(options: CoreOptions): Promise<CoreConnection> {
  const worker = createWorker(options);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<RunBrainEventListener>();
  let nextId = 1;
  let closed: (() => void) | null = null;

  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: FromWorker) => {
      if (m.kind === 'ready') {
        worker.off('message', onMessage);
        resolve();
      } else if (m.kind === 'init-error') reject(new Error(m.error));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });

  worker.on('message', (m: FromWorker) => {
    if (m.kind === 'event') for (const l of listeners) l(m.event);
    else if (m.kind === 'result') {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.value);
      else p.reject(new UserError(m.error, m.code as UserError['code']));
    } else if (m.kind === 'closed') closed?.();
  });
  worker.on('error', (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  let exited = false;
  worker.on('exit', () => {
    exited = true;
    for (const p of pending.values()) p.reject(new UserError('RunBrain core has stopped.', 'failed'));
    pending.clear();
  });

  const call = (op: (typeof OPERATION_NAMES)[number], req: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      // A call after close would otherwise wait forever for a thread that is gone.
      if (exited) return reject(new UserError(`${op} failed: RunBrain core has stopped.`, 'failed'));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ kind: 'call', id, op, req } satisfies ToWorker);
    });

  const handlers = Object.fromEntries(OPERATION_NAMES.map((op) => [op, (req: unknown) => call(op, req)])) as unknown as RunBrainHandlers;

  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      const done = new Promise<void>((resolve) => (closed = resolve));
      worker.postMessage({ kind: 'close' } satisfies ToWorker);
      // A core that hangs on close must not keep the process alive: give it 5 s, then terminate.
      let timer: NodeJS.Timeout | undefined;
      const how = await Promise.race([
        done.then(() => 'closed' as const),
        new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), CLOSE_GRACE_MS))),
      ]);
      clearTimeout(timer);
      if (how === 'timeout') console.warn(`[runbrain] the core did not close within ${CLOSE_GRACE_MS / 1000} s; its thread was terminated`);
      await worker.terminate();
    },
  };
}
