// Copies a whole database to another, SQLite ↔ PostgreSQL (or same to same): every table of the
// data model, ids kept, read from one consistent snapshot of the source and written in one
// transaction on the target, then verified by row counts per table. Used by `npm run db:copy`.
import type { Db } from "./client.js";
import { openDatabase, type Database } from "./client.js";
import { readMigrationsList } from "./migrations.js";
import { databaseKind, migrationsDir, postgresMigrationsDir, redactUrl } from "./paths.js";

/**
 * Every model of the schema, parents before children (foreign keys). test/db/copy-tables.test.ts
 * fails when a model is added to prisma/schema.prisma and not here.
 */
export const TABLES = [
  "GuildSettings",
  "DataMigration",
  "Topic",
  "Profile",
  "ProfileTopic",
  "Match",
  "MatchNote",
  "MatchSession",
  "MatchCheckin",
  "MatchFeedback",
  "AuditLog",
  "OfficeHour",
  "OfficeHourSignup",
  "OfficeHoursOptOut",
  "Resource",
  "ResourceTopic",
  "MatchingVersion",
  "MatchingChange",
] as const;
export type TableName = (typeof TABLES)[number];
/** Tables with an autoincrement id (PostgreSQL sequences to move past the copied ids). */
const SERIAL_TABLES: readonly TableName[] = [
  "Topic",
  "Profile",
  "Match",
  "MatchNote",
  "MatchSession",
  "MatchCheckin",
  "MatchFeedback",
  "AuditLog",
  "OfficeHour",
  "OfficeHourSignup",
  "Resource",
  "MatchingChange",
];
/** Filled by every start-up (data migrations it applied), so not a sign that the target is in use. */
const BOOKKEEPING: readonly TableName[] = ["DataMigration"];

type AnyDelegate = {
  findMany(args: object): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
  deleteMany(args?: object): Promise<{ count: number }>;
  count(args?: object): Promise<number>;
};
type ModelClient = Record<string, unknown>;

function delegate(db: ModelClient, table: TableName): AnyDelegate {
  const key = table.charAt(0).toLowerCase() + table.slice(1);
  return db[key] as AnyDelegate;
}

/** A total order per table (the primary key), so batches and comparisons are stable. */
export const ORDER: Record<TableName, object> = {
  GuildSettings: { guildId: "asc" },
  DataMigration: { name: "asc" },
  Topic: { id: "asc" },
  Profile: { id: "asc" },
  ProfileTopic: [{ profileId: "asc" }, { role: "asc" }, { topicId: "asc" }],
  Match: { id: "asc" },
  MatchNote: { id: "asc" },
  MatchSession: { id: "asc" },
  MatchCheckin: { id: "asc" },
  MatchFeedback: { id: "asc" },
  AuditLog: { id: "asc" },
  OfficeHour: { id: "asc" },
  OfficeHourSignup: { id: "asc" },
  OfficeHoursOptOut: [{ guildId: "asc" }, { userId: "asc" }],
  Resource: { id: "asc" },
  ResourceTopic: [{ resourceId: "asc" }, { topicKey: "asc" }],
  MatchingVersion: { guildId: "asc" },
  MatchingChange: { id: "asc" },
};

export class CopyError extends Error {
  override name = "CopyError";
}

export interface CopyResult {
  from: string;
  to: string;
  tables: { table: TableName; source: number; target: number }[];
}

export async function countRows(db: Db): Promise<Map<TableName, number>> {
  const counts = new Map<TableName, number>();
  for (const table of TABLES) counts.set(table, await delegate(db as unknown as ModelClient, table).count());
  return counts;
}

async function appliedNames(database: Database): Promise<string[]> {
  const rows = await database.db.$queryRawUnsafe<{ name: string }[]>(
    'SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
  );
  return rows.map((r) => r.name);
}

const BATCH = 500;

export async function copyDatabase(fromUrl: string, toUrl: string, options: { force?: boolean } = {}): Promise<CopyResult> {
  if (fromUrl === toUrl) throw new CopyError("--from and --to are the same database");
  const source = await openDatabase(fromUrl, { migrate: false, processLabel: "npm run db:copy (source)" });
  let target: Database | undefined;
  try {
    // The source must be at the schema this version knows (same migrations, by name).
    const expected = (await readMigrationsList(source.kind === "postgresql" ? postgresMigrationsDir : migrationsDir)).migrationDirectories.map((d) => d.path);
    const have = await appliedNames(source).catch(() => [] as string[]);
    if (have.join() !== expected.join()) {
      throw new CopyError(`the source ${source.displayUrl} is not at this version's schema (run \`npm run db:migrate\` on it first)`);
    }
    target = await openDatabase(toUrl, { processLabel: "npm run db:copy (target)" });
    const before = await countRows(target.db);
    const nonEmpty = [...before].filter(([t, n]) => n > 0 && !BOOKKEEPING.includes(t));
    if (nonEmpty.length > 0 && options.force !== true) {
      throw new CopyError(
        `the target ${target.displayUrl} is not empty (${nonEmpty.map(([t, n]) => `${t}: ${n}`).join(", ")}); add --force to replace its contents`,
      );
    }
    const targetDb = target.db;
    const targetKind = target.kind;
    // One consistent snapshot of the source: a read transaction (SQLite WAL snapshot;
    // PostgreSQL REPEATABLE READ), and one transaction on the target: all or nothing.
    await source.db.$transaction(
      async (src) => {
        if (source.kind === "postgresql") await src.$executeRawUnsafe("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        await targetDb.$transaction(
          async (dst) => {
            for (const table of [...TABLES].reverse()) await delegate(dst, table).deleteMany();
            for (const table of TABLES) {
              for (let skip = 0; ; skip += BATCH) {
                const rows = await delegate(src, table).findMany({ orderBy: ORDER[table], skip, take: BATCH });
                if (rows.length === 0) break;
                await delegate(dst, table).createMany({ data: rows });
                if (rows.length < BATCH) break;
              }
            }
            if (targetKind === "postgresql") {
              for (const table of SERIAL_TABLES) {
                await dst.$executeRawUnsafe(
                  `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), COALESCE((SELECT MAX("id") FROM "${table}"), 1), (SELECT MAX("id") FROM "${table}") IS NOT NULL)`,
                );
              }
            }
          },
          { maxWait: 60_000, timeout: 3_600_000 },
        );
      },
      { maxWait: 60_000, timeout: 3_600_000 },
    );
    const sourceCounts = await countRows(source.db);
    const targetCounts = await countRows(target.db);
    const tables = TABLES.map((table) => ({ table, source: sourceCounts.get(table) ?? 0, target: targetCounts.get(table) ?? 0 }));
    const wrong = tables.filter((t) => t.source !== t.target);
    if (wrong.length > 0) {
      throw new CopyError(`row counts differ after the copy: ${wrong.map((t) => `${t.table} ${t.source} → ${t.target}`).join(", ")}`);
    }
    return { from: source.displayUrl, to: target.displayUrl, tables };
  } finally {
    await source.close();
    await target?.close();
  }
}

export function describeUrl(url: string): string {
  return `${databaseKind(url) === "postgresql" ? "PostgreSQL" : "SQLite"} ${redactUrl(url)}`;
}
