// The PostgreSQL schema is derived from the SQLite one (src/db/postgres-schema.ts); the committed
// copy must be what the derivation gives today, or `npm run db:migration` was skipped.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { postgresSchemaPath, schemaPath } from "../../src/db/paths.js";
import { renderPostgresSchema } from "../../src/db/postgres-schema.js";
import { readMigrationsList } from "../../src/db/migrations.js";
import { migrationsDir, postgresMigrationsDir } from "../../src/db/paths.js";

it("given prisma/schema.prisma, then the committed prisma/postgres/schema.prisma is generated from it (run `npm run db:migration -- <name>` after a schema change)", () => {
  expect(readFileSync(postgresSchemaPath, "utf8")).toBe(renderPostgresSchema(readFileSync(schemaPath, "utf8")));
});

it("given both migrations folders, then they hold the same migrations, in step, each with its provider's lock file", async () => {
  const sqlite = await readMigrationsList(migrationsDir);
  const postgres = await readMigrationsList(postgresMigrationsDir);
  expect(postgres.migrationDirectories.map((d) => d.path)).toEqual(sqlite.migrationDirectories.map((d) => d.path));
  expect(sqlite.lockfile.content).toContain('provider = "sqlite"');
  expect(postgres.lockfile.content).toContain('provider = "postgresql"');
});
