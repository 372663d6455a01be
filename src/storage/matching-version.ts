// The live matching index's version per server (services/live-community.ts). Every storage write
// that changes a matching input records, in its own transaction, which profiles changed: the
// server's version goes up by one and one MatchingChange row per profile is written at that
// version. A process holding version v reads the version (one primary-key read) and, when it
// moved, the changed profile ids since v (the (guildId, version) index), and reloads only those.
// The version row is updated (so locked) by the writer until it commits, so on PostgreSQL too
// versions become visible in order: a reader that sees version v sees every change up to v.
import { Prisma } from "../generated/prisma/client.js";
import { chunks } from "./chunks.js";
import { inTransaction, type DbOrTx } from "./tx.js";

/** Writes with this many changed profiles record one "whole server" change instead. */
const MAX_CHANGE_ROWS = 500;
/** Change rows per INSERT statement (400 bound values). */
const CHANGE_ROWS_PER_INSERT = 100;

/**
 * Versions of change rows kept per server. Older rows are deleted (every PRUNE_EVERY versions); a
 * process more than this far behind rebuilds its index instead of reading changes.
 */
export const MATCHING_CHANGES_KEPT = 10_000;
const PRUNE_EVERY = 1000;

/** Bumps the server's version and records the changed profiles (null: the whole server). */
export async function recordMatchingChange(tx: DbOrTx, guildId: string, profileIds: readonly (number | null)[]): Promise<number> {
  const ids = [...new Set(profileIds)];
  if (ids.length === 0) return currentMatchingVersion(tx, guildId);
  const { version } = await tx.matchingVersion.upsert({
    where: { guildId },
    create: { guildId, version: 1 },
    update: { version: { increment: 1 } },
    select: { version: true },
  });
  const rows = ids.length > MAX_CHANGE_ROWS || ids.includes(null) ? [null] : ids;
  // In SQL, as the round's proposals (storage/matches.ts, insertMatchRows): a round writes ~180k
  // change rows, and Prisma's createMany costs ~0.5 ms per row. createdAt is bound here: the
  // column's SQL default would store another text format on SQLite than Prisma's writes do.
  const createdAt = new Date();
  for (const part of chunks(rows, CHANGE_ROWS_PER_INSERT)) {
    await tx.$executeRaw`INSERT INTO "MatchingChange" ("guildId", "version", "profileId", "createdAt") VALUES ${Prisma.join(part.map((profileId) => Prisma.sql`(${guildId}, ${version}, ${profileId}, ${createdAt})`))}`;
  }
  if (version % PRUNE_EVERY === 0) await tx.matchingChange.deleteMany({ where: { guildId, version: { lte: version - MATCHING_CHANGES_KEPT } } });
  return version;
}

/** The server's current version (0 before its first matching write). */
export async function currentMatchingVersion(db: DbOrTx, guildId: string): Promise<number> {
  const row = await db.matchingVersion.findUnique({ where: { guildId }, select: { version: true } });
  return row?.version ?? 0;
}

export interface MatchingChanges {
  version: number;
  /** Profiles whose matching inputs changed after the version asked about. */
  profileIds: Set<number>;
  /** Something server-wide changed (weights, cool-down): settings and block list to re-read. */
  server: boolean;
}

/** What changed after `since`, up to the version read in the same query. */
export async function matchingChangesSince(db: DbOrTx, guildId: string, since: number): Promise<MatchingChanges> {
  const rows = await db.matchingChange.findMany({ where: { guildId, version: { gt: since } }, select: { version: true, profileId: true } });
  const changes: MatchingChanges = { version: since, profileIds: new Set(), server: false };
  for (const row of rows) {
    if (row.version > changes.version) changes.version = row.version;
    if (row.profileId === null) changes.server = true;
    else changes.profileIds.add(row.profileId);
  }
  return changes;
}

/**
 * Whether `db` is already a transaction. Prisma 7's interactive transaction client has a
 * `$transaction` of its own (nested transactions), so that is no test; it has no `$disconnect`.
 * Taking a transaction client for the main one opened a nested transaction inside every service
 * transaction, which on SQLite waited for the connection its own outer transaction held (a locked
 * database then took 10 s to answer instead of 2; test/db/locks.test.ts).
 */
export function isTransaction(db: DbOrTx): db is Prisma.TransactionClient {
  return typeof (db as { $disconnect?: unknown }).$disconnect !== "function";
}

/**
 * Runs a write and records its matching change in one transaction: the caller's when `db` is a
 * transaction client, else a new one. `work` returns its result and the server and profiles it
 * changed (null guild: nothing changed, nothing recorded).
 */
export async function withMatchingChange<T>(
  db: DbOrTx,
  work: (tx: DbOrTx) => Promise<{ result: T; guildId: string | null; profileIds: readonly (number | null)[] }>,
): Promise<T> {
  const run = async (tx: DbOrTx): Promise<T> => {
    const { result, guildId, profileIds } = await work(tx);
    if (guildId !== null) await recordMatchingChange(tx, guildId, profileIds);
    return result;
  };
  return isTransaction(db) ? run(db) : inTransaction(db, run);
}
