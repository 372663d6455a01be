import type { Db } from "../db/client.js";
import type { Prisma } from "../generated/prisma/client.js";

/** A Prisma client or an interactive transaction: storage functions accept either. */
export type DbOrTx = Db | Prisma.TransactionClient;

/**
 * Runs `work` in one SQLite transaction. The better-sqlite3 adapter serialises interactive
 * transactions on its single connection, so a check-then-write inside `work` (capacity, status)
 * cannot interleave with another one in this process.
 */
export function inTransaction<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.$transaction(work, { maxWait: 10_000, timeout: 20_000 });
}
