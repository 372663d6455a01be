// PostgreSQL migrations through the WASM schema engine: applied at start-up and by db:migrate,
// recorded with the CLI's checksums, safe with concurrent starters, and reproducing the schema.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { applyPostgresMigrations, catchUpPostgresMigrations, createMigrations, postgresSchemaDiffSql, readMigrationsList } from "../../src/db/migrations.js";
import { migrationsDir, postgresMigrationsDir, postgresSchemaPath, schemaPath } from "../../src/db/paths.js";
import { createPostgresDatabase } from "../support/db.js";

const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (drops.length > 0) await drops.pop()?.();
});

async function emptyDatabase(): Promise<string> {
  const created = await createPostgresDatabase({ fromTemplate: false });
  drops.push(() => created.drop());
  return created.url;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("PostgreSQL migrations", () => {
  it("given an empty database, when migrated twice, then the first run applies every migration (recorded with the CLI's checksum) and the second none", async () => {
    const url = await emptyDatabase();
    const expected = (await readMigrationsList(postgresMigrationsDir)).migrationDirectories.map((d) => d.path);
    expect(await applyPostgresMigrations(url)).toEqual(expected);
    expect(await applyPostgresMigrations(url)).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      url,
      "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(expected);
    for (const row of rows) {
      const sql = readFileSync(path.join(postgresMigrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
    }
  });

  it("given tags from before topics carried their server, when that migration runs, then each tag gets its profile's server", async () => {
    const url = await emptyDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), "pg-migrations-"));
    drops.push(async () => rmSync(dir, { recursive: true, force: true }));
    cpSync(postgresMigrationsDir, dir, { recursive: true });
    for (const name of readdirSync(dir)) if (name.includes("profile_topic_guild")) rmSync(path.join(dir, name), { recursive: true });
    await applyPostgresMigrations(url, dir);
    await query(url, `INSERT INTO "Profile" ("guildId", "userId", "displayName", "industry", "stage", "isMentor", "isMentee", "updatedAt") VALUES ('g1', 'u1', 'Mentor', 'software', 'senior', true, false, now()), ('g2', 'u2', 'Mentee', 'software', 'student', false, true, now());
      INSERT INTO "Topic" ("key", "label") VALUES ('cv', 'CV'), ('sql', 'SQL');
      INSERT INTO "ProfileTopic" ("profileId", "topicId", "role") SELECT p."id", t."id", CASE WHEN p."isMentor" THEN 'mentor' ELSE 'mentee' END FROM "Profile" p CROSS JOIN "Topic" t;`);
    expect((await applyPostgresMigrations(url)).some((m) => m.includes("profile_topic_guild"))).toBe(true);
    const tags = await query<{ userId: string; key: string; guildId: string }>(
      url,
      `SELECT p."userId", t."key", pt."guildId" FROM "ProfileTopic" pt JOIN "Profile" p ON p."id" = pt."profileId" JOIN "Topic" t ON t."id" = pt."topicId" ORDER BY 1, 2`,
    );
    expect(tags).toEqual([
      { userId: "u1", key: "cv", guildId: "g1" },
      { userId: "u1", key: "sql", guildId: "g1" },
      { userId: "u2", key: "cv", guildId: "g2" },
      { userId: "u2", key: "sql", guildId: "g2" },
    ]);
  });

  it("given the migrated database, then it equals the PostgreSQL schema (no drift), and an empty database does not (the check can fail)", async () => {
    const url = await emptyDatabase();
    expect(await postgresSchemaDiffSql(url)).toContain("CREATE TABLE");
    await applyPostgresMigrations(url);
    expect(await postgresSchemaDiffSql(url)).toBe("");
  });

  it("given four starters at once on an empty database (as four processes starting together), then one applies the migrations and the others apply nothing", async () => {
    const url = await emptyDatabase();
    const opened = await Promise.all([0, 1, 2, 3].map(() => openDatabase(url)));
    const applied = opened.map((d) => d.appliedMigrations.length);
    await Promise.all(opened.map((d) => d.close()));
    expect(applied.filter((n) => n > 0)).toHaveLength(1);
    expect(applied.filter((n) => n === 0)).toHaveLength(3);
  });

  it("given one schema change, when db:migration runs, then it writes a SQLite and a PostgreSQL migration under the same name and regenerates the PostgreSQL schema", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "migration-pair-"));
    const paths = {
      sqliteDir: path.join(dir, "migrations"),
      sqliteSchema: path.join(dir, "schema.prisma"),
      postgresDir: path.join(dir, "postgres", "migrations"),
      postgresSchema: path.join(dir, "postgres", "schema.prisma"),
    };
    cpSync(migrationsDir, paths.sqliteDir, { recursive: true });
    cpSync(postgresMigrationsDir, paths.postgresDir, { recursive: true });
    cpSync(postgresSchemaPath, paths.postgresSchema);
    const changed = readFileSync(schemaPath, "utf8").replace("  menteeRoleId       String?\n", "  menteeRoleId       String?\n  welcomeText        String?\n");
    writeFileSync(paths.sqliteSchema, changed);
    // createMigration (SQLite) diffs against the project's schema file; only check the PostgreSQL side here.
    const result = await createMigrations("welcome_text", await emptyDatabase(), paths, new Date(Date.UTC(2031, 0, 1)));
    expect(result.created).toBe(true);
    if (!result.created) return;
    expect(result.postgres?.directory).toBe(path.join(paths.postgresDir, "20310101000000_welcome_text"));
    expect(result.postgres?.sql).toMatch(/ALTER TABLE "GuildSettings" ADD COLUMN\s+"welcomeText" TEXT/);
    expect(readFileSync(paths.postgresSchema, "utf8")).toContain("welcomeText");
  });

  it("given a merged SQLite migration without its PostgreSQL side, when db:migration --catch-up runs, then the PostgreSQL migration is written under the same name and applies", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "migration-catch-up-"));
    const paths = {
      sqliteDir: path.join(dir, "migrations"),
      sqliteSchema: path.join(dir, "schema.prisma"),
      postgresDir: path.join(dir, "postgres", "migrations"),
      postgresSchema: path.join(dir, "postgres", "schema.prisma"),
    };
    cpSync(migrationsDir, paths.sqliteDir, { recursive: true });
    cpSync(postgresMigrationsDir, paths.postgresDir, { recursive: true });
    cpSync(postgresSchemaPath, paths.postgresSchema);
    writeFileSync(paths.sqliteSchema, readFileSync(schemaPath, "utf8").replace("  menteeRoleId       String?\n", "  menteeRoleId       String?\n  welcomeText        String?\n"));
    mkdirSync(path.join(paths.sqliteDir, "29990101000000_welcome_text"));
    writeFileSync(path.join(paths.sqliteDir, "29990101000000_welcome_text", "migration.sql"), 'ALTER TABLE "GuildSettings" ADD COLUMN "welcomeText" TEXT;\n');

    const url = await emptyDatabase();
    expect(await catchUpPostgresMigrations(url, paths)).toEqual({ written: ["29990101000000_welcome_text"] });
    expect(readFileSync(path.join(paths.postgresDir, "29990101000000_welcome_text", "migration.sql"), "utf8")).toMatch(/ADD COLUMN\s+"welcomeText" TEXT/);
    expect(await applyPostgresMigrations(url, paths.postgresDir)).toContain("29990101000000_welcome_text");
    expect((await catchUpPostgresMigrations(url, paths)).written).toBeNull();
  });
});
