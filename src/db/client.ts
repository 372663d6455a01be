// The one factory that creates the Prisma client (better-sqlite3 driver adapter, no native engine).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { guardAdapterFactory } from "./connection-lock.js";
import { defaultProcessLabel, registerHolder } from "./holders.js";
import { migrateOnStart } from "./migrations.js";
import { sqliteFilePath } from "./paths.js";

export type Db = PrismaClient;

export interface OpenDatabaseOptions {
  /** Apply pending migrations first (start-up does; tests of migrations do it themselves). */
  migrate?: boolean;
  /** How long a statement waits for a lock held by another connection before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** How long start-up waits for other processes when a migration is pending (default 15 s). */
  migrationWaitMs?: number;
  /** What this process is, named to other processes that must wait for the file ("the bot"). */
  processLabel?: string;
}

export interface Database {
  db: Db;
  filePath: string;
  appliedMigrations: string[];
  close(this: void): Promise<void>;
}

/**
 * Opens the SQLite database at `url`. Durability settings:
 * - journal_mode=WAL: readers never block the writer, and a killed process leaves a WAL that is
 *   replayed on the next open instead of a half-written main file.
 * - synchronous=FULL: every acknowledged commit is fsynced to the WAL before we reply to the user,
 *   so an answer the bot gave ("request sent") is never lost, even on power loss; the cost is one
 *   fsync per transaction, negligible at a community bot's write rate.
 * - foreign_keys=ON: SQLite does not enforce the schema's relations without it.
 * - secure_delete=ON: deleted rows are overwritten with zeros, so text a member erased with
 *   /profile delete does not linger in free pages (see eraseDeletedPages for the WAL).
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const filePath = sqliteFilePath(url);
  if (filePath !== ":memory:") mkdirSync(path.dirname(filePath), { recursive: true });
  const unregister = registerHolder(filePath, options.processLabel ?? defaultProcessLabel());
  let appliedMigrations: string[];
  try {
    appliedMigrations = options.migrate === false ? [] : await migrateOnStart(filePath, { waitMs: options.migrationWaitMs });
  } catch (error) {
    unregister();
    throw error;
  }
  // One connection: every statement and transaction takes its turn (see connection-lock.ts).
  const adapter = guardAdapterFactory(new PrismaBetterSqlite3({ url: filePath, timeout: options.busyTimeoutMs ?? 250 }), {
    serialize: true,
  });
  const db = new PrismaClient({ adapter });
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await db.$queryRawUnsafe("PRAGMA secure_delete = ON");
  return {
    db,
    filePath,
    appliedMigrations,
    close: async () => {
      await db.$disconnect();
      unregister();
    },
  };
}

/**
 * Copies the WAL back into the main file and truncates it, so that deleted text (already zeroed
 * in its pages by secure_delete) no longer survives in old WAL frames. Run after an erasure.
 */
export async function eraseDeletedPages(db: Db): Promise<void> {
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
}
