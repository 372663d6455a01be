import { cpSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { applyMigrations, createMigration, readMigrationsList, schemaDiffSql } from "../../src/db/migrations.js";
import { migrationsDir } from "../../src/db/paths.js";
import { DuplicateOpenMatchError } from "../../src/errors.js";
import { createMatch } from "../../src/storage/matches.js";
import { tempDir } from "../support/db.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/**
 * A database file migrated with every migration but the one whose folder name contains `name`
 * (a database from before that migration), for upgrade tests to fill with rows and migrate.
 */
async function migratedWithout(name: string): Promise<string> {
  const dir = tempDir();
  const oldDir = path.join(dir, "migrations");
  cpSync(migrationsDir, oldDir, { recursive: true });
  for (const entry of readdirSync(oldDir)) if (entry.includes(name)) rmSync(path.join(oldDir, entry), { recursive: true });
  const file = path.join(dir, "upgrade.db");
  await applyMigrations(file, oldDir);
  return file;
}

describe("migrations", () => {
  it("given an empty database, when migrated twice, then the first run applies every migration and the second none", async () => {
    const file = path.join(tempDir(), "m.db");
    const expected = readdirSync(migrationsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(await applyMigrations(file)).toEqual(expected);
    expect(await applyMigrations(file)).toEqual([]);

    const raw = new Database(file, { readonly: true });
    const rows = raw.prepare("SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name").all() as {
      migration_name: string;
      checksum: string;
      finished_at: string | null;
    }[];
    raw.close();
    expect(rows.map((r) => r.migration_name)).toEqual(expected);
    expect(rows.every((r) => r.finished_at !== null && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  });

  it("given a database with profiles and matches from the first release, when the follow-through migration rebuilds its tables, then every row and link survives", async () => {
    // SQLite cannot add some columns in place, so Prisma's migration copies GuildSettings and
    // Profile into new tables; a DROP of Profile with foreign keys on would null every match's
    // mentor and mentee. This proves the engine applies it with foreign keys off.
    const file = await migratedWithout("follow_through");
    const raw = new Database(file);
    raw.exec(`INSERT INTO GuildSettings (guildId, cooldownDays, updatedAt) VALUES ('g', 12, 0);
      INSERT INTO Profile (guildId, userId, displayName, industry, stage, updatedAt) VALUES ('g', 'u1', 'Mentor', 'software', 'senior', 0), ('g', 'u2', 'Mentee', 'software', 'student', 0);
      INSERT INTO Match (guildId, mentorProfileId, menteeProfileId, status, score, explanation, updatedAt) VALUES ('g', 1, 2, 'active', 0.5, '{}', 0);`);
    raw.close();
    expect((await applyMigrations(file)).some((m) => m.includes("follow_through"))).toBe(true);
    const after = new Database(file, { readonly: true });
    const match = after.prepare("SELECT mentorProfileId, menteeProfileId FROM Match").get();
    const settings = after.prepare("SELECT cooldownDays, checkinDays, nudgeDays, idleDays, firstAcceptanceWins FROM GuildSettings").get();
    const profiles = after.prepare("SELECT COUNT(*) AS n, SUM(mentorMissedInARow) AS missed FROM Profile").get();
    const problems = after.prepare("PRAGMA foreign_key_check").all();
    after.close();
    expect(match).toEqual({ mentorProfileId: 1, menteeProfileId: 2 });
    expect(settings).toEqual({ cooldownDays: 12, checkinDays: 14, nudgeDays: 21, idleDays: 60, firstAcceptanceWins: 1 });
    expect(profiles).toEqual({ n: 2, missed: 0 });
    expect(problems).toEqual([]);
  });

  it("given a database with profiles and matches from before office hours, when that migration runs, then no table is rebuilt, rows survive and existing mentees count from their profile's creation", async () => {
    const file = await migratedWithout("office_hours_resources");
    const raw = new Database(file);
    raw.exec(`INSERT INTO Profile (guildId, userId, displayName, industry, stage, isMentor, isMentee, createdAt, updatedAt) VALUES ('g', 'u1', 'Mentor', 'software', 'senior', 1, 0, 1700000000000, 0), ('g', 'u2', 'Mentee', 'software', 'student', 0, 1, 1700000500000, 0);
      INSERT INTO Match (guildId, mentorProfileId, menteeProfileId, status, score, explanation, activatedAt, updatedAt) VALUES ('g', 1, 2, 'active', 0.5, '{}', 1700000900000, 0);`);
    raw.close();
    const sql = readFileSync(path.join(migrationsDir, readdirSync(migrationsDir).find((n) => n.includes("office_hours_resources")) ?? "", "migration.sql"), "utf8");
    expect(sql).not.toMatch(/DROP TABLE|RENAME TO/i);
    expect((await applyMigrations(file)).some((m) => m.includes("office_hours_resources"))).toBe(true);
    const after = new Database(file, { readonly: true });
    const profiles = after.prepare("SELECT userId, createdAt, menteeSince FROM Profile ORDER BY id").all();
    const match = after.prepare("SELECT mentorProfileId, menteeProfileId, activatedAt FROM Match").get();
    const problems = after.prepare("PRAGMA foreign_key_check").all();
    after.close();
    expect(profiles).toEqual([
      { userId: "u1", createdAt: 1700000000000, menteeSince: null },
      { userId: "u2", createdAt: 1700000500000, menteeSince: 1700000500000 },
    ]);
    expect(match).toEqual({ mentorProfileId: 1, menteeProfileId: 2, activatedAt: 1700000900000 });
    expect(problems).toEqual([]);
  });

  it("given tags from before topics carried their server, when that migration runs, then each tag gets its profile's server and every tag survives", async () => {
    const file = await migratedWithout("profile_topic_guild");
    const raw = new Database(file);
    raw.exec(`INSERT INTO Profile (guildId, userId, displayName, industry, stage, isMentor, isMentee, createdAt, updatedAt) VALUES ('g1', 'u1', 'Mentor', 'software', 'senior', 1, 0, 0, 0), ('g2', 'u2', 'Mentee', 'software', 'student', 0, 1, 0, 0);
      INSERT INTO Topic (key, label) VALUES ('cv', 'CV'), ('sql', 'SQL');
      INSERT INTO ProfileTopic (profileId, topicId, role) VALUES (1, 1, 'mentor'), (1, 2, 'mentor'), (2, 1, 'mentee');`);
    raw.close();
    expect((await applyMigrations(file)).some((m) => m.includes("profile_topic_guild"))).toBe(true);
    const after = new Database(file, { readonly: true });
    const tags = after.prepare("SELECT profileId, topicId, role, guildId FROM ProfileTopic ORDER BY profileId, topicId").all();
    const problems = after.prepare("PRAGMA foreign_key_check").all();
    after.close();
    expect(tags).toEqual([
      { profileId: 1, topicId: 1, role: "mentor", guildId: "g1" },
      { profileId: 1, topicId: 2, role: "mentor", guildId: "g1" },
      { profileId: 2, topicId: 1, role: "mentee", guildId: "g2" },
    ]);
    expect(problems).toEqual([]);
  });

  it("given the migrated schema, then it equals the Prisma schema (no drift)", async () => {
    const file = path.join(tempDir(), "drift.db");
    await applyMigrations(file);
    expect(await schemaDiffSql(file)).toBe("");
  });

  it("given an empty database, then the diff against the schema is not empty (the drift check can fail)", async () => {
    const file = path.join(tempDir(), "empty.db");
    new Database(file).close();
    expect(await schemaDiffSql(file)).toContain("CREATE TABLE");
  });

  it("given the committed schema, when creating a migration, then there is nothing to create", async () => {
    const result = await createMigration("nothing_new");
    expect(result).toEqual({ created: false, reason: "the schema matches the migrations: nothing to create" });
  });

  it("given an empty migrations folder, when creating a migration, then the lock file and a full init migration are written", async () => {
    const dir = path.join(tempDir(), "migrations");
    const result = await createMigration("init", dir, new Date(Date.UTC(2030, 0, 2, 3, 4, 5)));
    expect(result.created).toBe(true);
    const list = await readMigrationsList(dir);
    expect(list.lockfile.content).toContain('provider = "sqlite"');
    expect(list.migrationDirectories.map((d) => d.path)).toEqual(["20300102030405_init"]);
    expect(result.created && result.sql).toContain('CREATE TABLE "Match"');
  });

  it("rejects a migration name that is not a safe folder name", async () => {
    const result = await createMigration("../evil");
    expect(result.created).toBe(false);
  });
});

describe("storage", () => {
  it("given data written through the storage module, when the database is closed and reopened, then it is still there", async () => {
    const url = `file:${path.join(tempDir(), "persist.db")}`;
    const first = await openDatabase(url);
    await first.db.profile.create({
      data: { guildId: "100000000000000001", userId: "200000000000000001", displayName: "Asha", industry: "fintech", stage: "senior", isMentor: true },
    });
    await first.close();

    const second = await openDatabase(url);
    cleanups.push(() => second.close());
    expect(second.appliedMigrations).toEqual([]);
    const found = await second.db.profile.findUnique({
      where: { guildId_userId: { guildId: "100000000000000001", userId: "200000000000000001" } },
    });
    expect(found?.displayName).toBe("Asha");
    const mode = await second.db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode[0]?.journal_mode).toBe("wal");
  });

  it("given an open match for a pair, when a second open match is created, then a domain error is raised and only one row exists", async () => {
    const url = `file:${path.join(tempDir(), "unique.db")}`;
    const { db, close } = await openDatabase(url);
    cleanups.push(close);
    const guildId = "100000000000000001";
    const mentor = await db.profile.create({ data: { guildId, userId: "200000000000000001", displayName: "M", industry: "it", stage: "senior" } });
    const mentee = await db.profile.create({ data: { guildId, userId: "200000000000000002", displayName: "S", industry: "it", stage: "student" } });
    const input = {
      guildId,
      mentorProfileId: mentor.id,
      menteeProfileId: mentee.id,
      status: "requested" as const,
      source: "request" as const,
      score: 0.5,
      explanation: "{}",
      createdAt: new Date(),
    };
    await createMatch(db, input);
    await expect(createMatch(db, input)).rejects.toBeInstanceOf(DuplicateOpenMatchError);
    expect(await db.match.count()).toBe(1);
  });
});

describe("guild settings", () => {
  it("given a server that never changed settings, then the in-memory defaults equal the schema's column defaults", async () => {
    const { DEFAULT_GUILD_SETTINGS } = await import("../../src/storage/settings.js");
    const url = `file:${path.join(tempDir(), "settings.db")}`;
    const { db, close } = await openDatabase(url);
    cleanups.push(close);
    const { guildId: _g, createdAt: _c, updatedAt: _u, ...row } = await db.guildSettings.create({ data: { guildId: "100000000000000009" } });
    expect(row).toEqual(DEFAULT_GUILD_SETTINGS);
  });
});
