// The one factory that creates the Prisma client. The URL chooses the engine:
// `file:` → SQLite (better-sqlite3 driver adapter, one connection, the embedded default);
// `postgresql://` / `postgres://` → PostgreSQL (node-postgres pool through @prisma/adapter-pg).
// No native query engine either way. The rest of the code sees one `Db` type.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-postgres/client.js";
import { startCheckpointer, type Checkpointer } from "./checkpointer.js";
import { guardAdapterFactory } from "./connection-lock.js";
import { runDataMigrations } from "./data-migrations.js";
import { defaultProcessLabel, registerHolder } from "./holders.js";
import { applyPostgresMigrations, migrateOnStart } from "./migrations.js";
import { databaseKind, redactUrl, sqliteFilePath, type DatabaseKind } from "./paths.js";

export type Db = PrismaClient;
export type { DatabaseKind };

export interface OpenDatabaseOptions {
  /** Apply pending migrations first (start-up does; tests of migrations do it themselves). */
  migrate?: boolean;
  /** SQLite: how long a statement waits for a lock held by another connection before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** SQLite: how long start-up waits for other processes when a migration is pending (default 15 s). */
  migrationWaitMs?: number;
  /** What this process is, named to other processes that must wait for the file ("the bot"). */
  processLabel?: string;
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /** Observes each statement's duration (metrics). */
  onStatement?: (durationMs: number, ok: boolean) => void;
  /**
   * SQLite: WAL checkpoints in a worker thread instead of inside the COMMITs of this connection
   * (src/db/checkpointer.ts); the bot and the service benchmark use it. `onCheckpointerFailure`
   * hears of a failed worker (automatic checkpoints are back on by then).
   */
  backgroundCheckpoints?: boolean;
  /** Between the worker's checkpoints (default 1,000 ms). */
  checkpointEveryMs?: number;
  onCheckpointerFailure?: (error: Error) => void;
}

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** The URL it was opened with, password masked (for logs). */
  displayUrl: string;
  /** SQLite: the absolute file path. PostgreSQL: "" (there is no file). */
  filePath: string;
  appliedMigrations: string[];
  /** Data migrations (src/db/data-migrations.ts) applied by this start-up. */
  appliedDataMigrations: string[];
  close(this: void): Promise<void>;
  /** SQLite with backgroundCheckpoints: the worker's checkpointer; else null. */
  checkpointer: Checkpointer | null;
}

const kinds = new WeakMap<object, DatabaseKind>();

/** The engine behind a client made by openDatabase. */
export function kindOf(db: Db): DatabaseKind {
  return kinds.get(db) ?? "sqlite";
}

export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  return databaseKind(url) === "postgresql" ? openPostgres(url, options) : openSqlite(url, options);
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
async function openSqlite(url: string, options: OpenDatabaseOptions): Promise<Database> {
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
    yieldEachStatement: true,
    ...(options.onStatement === undefined ? {} : { onStatement: options.onStatement }),
  });
  const db = new PrismaClient({ adapter });
  kinds.set(db, "sqlite");
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await db.$queryRawUnsafe("PRAGMA secure_delete = ON");
  const appliedDataMigrations = options.migrate === false ? [] : await runDataMigrations(db);
  let checkpointer: Checkpointer | null = null;
  if (options.backgroundCheckpoints === true && filePath !== ":memory:") {
    await db.$queryRawUnsafe("PRAGMA wal_autocheckpoint = 0");
    checkpointer = startCheckpointer(filePath, {
      ...(options.checkpointEveryMs === undefined ? {} : { everyMs: options.checkpointEveryMs }),
      onFailure: (error) => {
        void db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`).then(
          () => options.onCheckpointerFailure?.(error),
          () => options.onCheckpointerFailure?.(error),
        );
      },
    });
  }
  return {
    db,
    kind: "sqlite",
    displayUrl: `file:${filePath}`,
    filePath,
    appliedMigrations,
    appliedDataMigrations,
    checkpointer,
    close: async () => {
      await checkpointer?.stop();
      await db.$disconnect();
      unregister();
    },
  };
}

/**
 * Opens the PostgreSQL database at `url`: a pool, transactions really overlap, so the services'
 * check-then-write transactions take row locks (storage/locks.ts). Migrations are applied by the
 * schema engine under an advisory lock, so concurrent starters are safe.
 */
async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const appliedMigrations = options.migrate === false ? [] : await applyPostgresMigrations(url);
  const adapter = guardAdapterFactory(new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 }), {
    serialize: false,
    ...(options.onStatement === undefined ? {} : { onStatement: options.onStatement }),
  });
  // The one cast: both generated clients come from the same models and expose the same query
  // API; only the provider differs. Code is written against the SQLite client's types, so nothing
  // PostgreSQL-only (e.g. `mode: "insensitive"`) can slip in.
  const db = new PostgresPrismaClient({ adapter }) as unknown as Db;
  kinds.set(db, "postgresql");
  const appliedDataMigrations = options.migrate === false ? [] : await runDataMigrations(db);
  return {
    db,
    kind: "postgresql",
    displayUrl: redactUrl(url),
    filePath: "",
    appliedMigrations,
    appliedDataMigrations,
    checkpointer: null,
    close: () => db.$disconnect(),
  };
}

/**
 * SQLite: copies the WAL back into the main file and truncates it, so that deleted text (already
 * zeroed in its pages by secure_delete) no longer survives in old WAL frames. Run after an
 * erasure. PostgreSQL: nothing to do here (see README, "Running a large server").
 */
export async function eraseDeletedPages(db: Db): Promise<void> {
  if (kindOf(db) !== "sqlite") return;
  // busy 1: another connection (the checkpointer's, another process's) was checkpointing, and
  // SQLite does not wait for that: try again (a checkpoint takes well under a second). A WAL
  // still busy after that (a reader holding an old snapshot) keeps its frames until writes
  // overwrite them, as it did before the retries.
  for (let attempt = 1; attempt <= ERASE_ATTEMPTS; attempt++) {
    const [row] = await db.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
    if (Number(row?.busy ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SQLite's default automatic checkpoint (WAL pages). */
const AUTOCHECKPOINT_PAGES = 1000;
const ERASE_ATTEMPTS = 10;

/** A trivial query: throws when the database cannot be reached (health checks). */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe("SELECT 1");
}
