/**
 * The store's boundary is asynchronous, one promise per unit of work (a query, a batch of
 * writes, a ledger change), so that a store over an asynchronous client (PostgreSQL for teams)
 * is one more implementation of the same interfaces. The SQLite implementation stays
 * synchronous inside: each sub-store is a plain class, and `asyncFacade` turns it into its
 * boundary interface. `UnitGate` keeps a unit's transaction to itself: while an ingest unit is
 * open, calls made from inside it (its own async context) run at once and belong to it, and
 * calls from any other flow wait until it has committed or rolled back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** A synchronous method's result at the boundary: a promise, and a stream of rows an async iterable. */
export type Deferred<R> = [R] extends [string | readonly unknown[]]
  ? Promise<R>
  : [R] extends [Iterable<infer X>]
    ? AsyncIterable<X>
    : Promise<R>;

/** A synchronous store interface as the rest of the app sees it: every method one asynchronous unit of work. */
export type Async<S> = {
  readonly [K in keyof S]: S[K] extends (...a: infer A) => infer R ? (...a: A) => Deferred<R> : never;
};

/** Admits one unit at a time; the rest of the connection's users wait for it to end. */
export class UnitGate {
  private readonly context = new AsyncLocalStorage<true>();
  /** Settles when the open unit ends; null when none is open. */
  private open: Promise<void> | null = null;

  /** True inside the open unit's own async context. */
  private inside(): boolean {
    return this.context.getStore() === true;
  }

  /** Runs `fn` now when no unit of another flow is open, else once it has ended. */
  op<T>(fn: () => T): Promise<T> {
    if (this.open === null || this.inside()) {
      try {
        return Promise.resolve(fn());
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    return this.afterUnits(fn);
  }

  private async afterUnits<T>(fn: () => T): Promise<T> {
    while (this.open !== null && !this.inside()) await this.open;
    return fn();
  }

  /**
   * Runs `fn` as the one open unit: `begin` and `end(ok)` bracket it (the transaction). A unit
   * opened from inside another joins it (the caller's transaction already holds its writes).
   */
  async unit<T>(begin: () => void, end: (ok: boolean) => void, fn: () => Promise<T> | T): Promise<T> {
    if (this.inside()) return fn();
    while (this.open !== null) await this.open;
    let release!: () => void;
    this.open = new Promise<void>((r) => (release = r));
    try {
      begin();
      let value: T;
      try {
        value = await this.context.run(true, fn);
      } catch (e) {
        end(false);
        throw e;
      }
      end(true);
      return value;
    } finally {
      this.open = null;
      release();
    }
  }
}

/** A synchronous row stream as an async one; every pull is an op of the gate. */
function asyncStream<X>(open: () => Iterable<X>, gate: UnitGate): AsyncIterable<X> {
  return {
    [Symbol.asyncIterator]() {
      let it: Iterator<X> | null = null;
      return {
        next: () => gate.op(() => (it ??= open()[Symbol.iterator]()).next()),
        return: () => gate.op((): IteratorResult<X> => it?.return?.() ?? { done: true, value: undefined }),
      };
    },
  };
}

/**
 * The boundary interface over a synchronous implementation: each method runs through the gate,
 * its value or error a promise. The methods named in `streams` return row streams: they become
 * async iterables read as they are pulled, so their implementations must hold no statement open
 * between pulls (each pull one bounded query: another unit may run in between).
 */
export function asyncFacade<S extends object>(impl: S, gate: UnitGate, streams: readonly (keyof S & string)[] = []): Async<S> {
  const out: Record<string, unknown> = {};
  for (let proto: object | null = impl; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const m = (impl as Record<string, unknown>)[key];
      if (key === 'constructor' || key in out || typeof m !== 'function') continue;
      const method = m as (...a: unknown[]) => unknown;
      out[key] = (streams as readonly string[]).includes(key)
        ? (...args: unknown[]) => asyncStream(() => method.apply(impl, args) as Iterable<unknown>, gate)
        : (...args: unknown[]) => gate.op(() => method.apply(impl, args));
    }
  }
  return out as Async<S>;
}
