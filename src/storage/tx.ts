import type { Db } from "../db/client.js";
import type { Prisma } from "../generated/prisma/client.js";
import { isDatabaseBusy } from "../db/errors.js";

/** A Prisma client or an interactive transaction: storage functions accept either. */
export type DbOrTx = Db | Prisma.TransactionClient;

/**
 * Retries when SQLite is locked by another connection (a backup, a second process). A transaction
 * that read before writing gets SQLITE_BUSY at once (WAL cannot upgrade a stale read), so waiting
 * happens here, with backoff. Bounded so that the member still gets an answer inside Discord's
 * 3-second window: worst case ≈ 5 × busy timeout (250 ms, db/client.ts) + 0.75 s of backoff.
 */
export const BUSY_RETRY = { attempts: 5, backoffMs: [50, 100, 200, 400] } as const;

/**
 * Runs `work` in one transaction. On SQLite the connection belongs to this transaction from BEGIN
 * to COMMIT (db/connection-lock.ts): no other transaction or statement of this process runs in
 * between, so a check-then-write inside `work` (capacity, status) cannot interleave with another.
 * Inside `work`, use `tx` only (the main client would wait for this very transaction). A busy database rolls the whole
 * transaction back and retries it, so nothing is ever half-written.
 */
export async function inTransaction<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { maxWait: 10_000, timeout: 20_000 });
    } catch (error) {
      if (!isDatabaseBusy(error) || attempt >= BUSY_RETRY.attempts) throw error;
      const delay = BUSY_RETRY.backoffMs[attempt - 1] ?? 400;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
