// The concurrency model of the embedded (SQLite) database, enforced at the driver adapter.
//
// The better-sqlite3 adapter has ONE connection per process. Its own mutex serialises interactive
// transactions with each other, but a plain statement (a `db.*` call outside `$transaction`) used
// to run at once on that connection, even while another caller's transaction was open on it: the
// statement became part of that transaction, saw its uncommitted rows and was undone by its
// rollback ("You are not taking new mentees" answered, nothing stored).
//
// The rule enforced here: the connection has one owner at a time. An interactive transaction owns
// it from BEGIN to COMMIT/ROLLBACK; a statement outside a transaction owns it for that one
// statement. Everything else waits its turn in one FIFO queue, reads included (a read inside
// someone's open transaction would see data that may still be rolled back). Statements a
// transaction issues through its own transaction client run on the transaction, not the queue.
//
// Rule for code: inside a transaction callback use only the transaction client (`tx`). A call on
// the main client there would wait for the very transaction that waits for it; it fails after
// STATEMENT_WAIT_MS with a message saying so, the transaction rolls back, nothing is half-written.
// (Detecting it at once is not possible here: Prisma batches queries of different callers into
// one tick, so the async context of a statement is not reliably its caller's.)
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";
import { nextTurn } from "../turn.js";

/** A FIFO mutual-exclusion lock. */
export class FifoLock {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  /** Resolves with a release function once the caller owns the lock; rejects after `timeoutMs`. */
  acquire(timeoutMs?: number): Promise<() => void> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const grant = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.#held = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          const next = this.#waiting.shift();
          if (next === undefined) this.#held = false;
          else next();
        });
      };
      if (!this.#held) {
        grant();
        return;
      }
      this.#waiting.push(grant);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const index = this.#waiting.indexOf(grant);
          if (index >= 0) this.#waiting.splice(index, 1);
          reject(new ConnectionWaitTimeoutError(timeoutMs));
        }, timeoutMs);
      }
    });
  }

  async run<T>(work: () => Promise<T>, timeoutMs?: number): Promise<T> {
    const release = await this.acquire(timeoutMs);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Callers waiting for the lock (not counting the owner). */
  get queued(): number {
    return this.#waiting.length;
  }
}

/** How long a statement outside a transaction waits for the connection before it fails. */
export const STATEMENT_WAIT_MS = 10_000;

export class ConnectionWaitTimeoutError extends Error {
  override name = "ConnectionWaitTimeoutError";
  constructor(waitedMs: number) {
    super(
      `A statement waited ${waitedMs} ms for the database connection, held by a transaction all along. ` +
        "If this happens inside a transaction callback, it used the main client instead of its transaction client (`tx`).",
    );
  }
}

/** Delegates everything to `target` except the methods in `overrides`. */
function delegate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (Object.prototype.hasOwnProperty.call(overrides, prop)) return overrides[prop as keyof T];
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}

export interface GuardOptions {
  /** One connection shared by everyone (SQLite): queue every statement and transaction. */
  serialize: boolean;
  /** Observes each statement's duration (metrics). */
  onStatement?: (durationMs: number, ok: boolean) => void;
  /**
   * Give the event loop a turn after each statement (SQLite). The embedded driver is synchronous:
   * without this a whole command (its statements, Prisma's work around them, the ranking) runs in
   * one macrotask of microtasks, and two commands that arrive together run back to back; other
   * members' interactions, the gateway's heartbeats and timers wait for all of it. An async driver
   * (PostgreSQL) yields at each statement by itself.
   */
  yieldEachStatement?: boolean;
}

function guardConnection(adapter: SqlDriverAdapter, lock: FifoLock | null, options: GuardOptions): SqlDriverAdapter {
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    let ok = false;
    try {
      const out = await work();
      ok = true;
      return out;
    } finally {
      options.onStatement?.(performance.now() - started, ok);
    }
  };
  const turn = async <T>(statement: Promise<T>): Promise<T> => {
    if (options.yieldEachStatement !== true) return statement;
    try {
      return await statement;
    } finally {
      await nextTurn();
    }
  };
  // The turn comes after the lock is released: whoever queued meanwhile goes next.
  const exclusive = <T>(work: () => Promise<T>): Promise<T> =>
    turn(lock === null ? timed(work) : lock.run(() => timed(work), STATEMENT_WAIT_MS));
  const wrapTransaction = (tx: Transaction, release: () => void): Transaction =>
    delegate(tx, {
      queryRaw: (q: SqlQuery) => turn(timed(() => tx.queryRaw(q))),
      executeRaw: (q: SqlQuery) => turn(timed(() => tx.executeRaw(q))),
      // Prisma sends COMMIT / ROLLBACK through executeRaw first, then calls these: the
      // connection is free only after the statement ended the transaction.
      commit: async () => {
        try {
          await tx.commit();
        } finally {
          release();
        }
      },
      rollback: async () => {
        try {
          await tx.rollback();
        } finally {
          release();
        }
      },
    });
  return delegate(adapter, {
    queryRaw: (q: SqlQuery) => exclusive(() => adapter.queryRaw(q)),
    executeRaw: (q: SqlQuery) => exclusive(() => adapter.executeRaw(q)),
    executeScript: (script: string) => exclusive(() => adapter.executeScript(script)),
    startTransaction: async (isolationLevel?: IsolationLevel) => {
      // Prisma's own maxWait bounds this wait (and rolls back a transaction that starts too late).
      const release = lock === null ? () => undefined : await lock.acquire();
      try {
        return wrapTransaction(await adapter.startTransaction(isolationLevel), release);
      } catch (error) {
        release();
        throw error;
      }
    },
  });
}

/**
 * Wraps a driver adapter factory so that every connection it makes follows the model above.
 * With `serialize`, one lock is shared by all connections of the factory (SQLite makes one).
 */
export function guardAdapterFactory<F extends SqlMigrationAwareDriverAdapterFactory>(factory: F, options: GuardOptions): F {
  const lock = options.serialize ? new FifoLock() : null;
  return delegate(factory, {
    connect: async () => guardConnection(await factory.connect(), lock, options),
  } as Partial<F>);
}
