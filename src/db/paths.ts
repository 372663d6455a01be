import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in src/db/). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const schemaPath = path.join(projectRoot, "prisma", "schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma", "migrations");

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
