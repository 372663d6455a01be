import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in src/db/). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const schemaPath = path.join(projectRoot, "prisma", "schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma", "migrations");
/** Generated from schema.prisma by src/db/postgres-schema.ts (npm run db:migration); committed. */
export const postgresSchemaPath = path.join(projectRoot, "prisma", "postgres", "schema.prisma");
export const postgresMigrationsDir = path.join(projectRoot, "prisma", "postgres", "migrations");

export type DatabaseKind = "sqlite" | "postgresql";

/** `postgresql://` or `postgres://` selects PostgreSQL; anything else (`file:`) is SQLite. */
export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/** The URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/**
 * Turns a SQLite DATABASE_URL ("file:./data/x.db", "file:/abs/x.db" or a bare path) into an
 * absolute file path. Relative paths are resolved from the working directory, as Prisma does.
 */
export function sqliteFilePath(url: string): string {
  const raw = url.startsWith("file:") ? url.slice("file:".length) : url;
  const withoutQuery = raw.split("?")[0] ?? raw;
  if (withoutQuery === ":memory:") return withoutQuery;
  return path.resolve(withoutQuery);
}
