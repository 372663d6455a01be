// npm run db:backup on SQLite: a consistent online copy while the bot writes; restore by putting
// the file in place.
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { backupSqlite } from "../../src/db/backup.js";
import { openDatabase } from "../../src/db/client.js";
import { tempDir } from "../support/db.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

it("given a database being written to, when backed up online, then the copy passes the integrity check, holds a consistent prefix of the writes and opens as a database", async () => {
  const dir = tempDir();
  const file = path.join(dir, "live.db");
  const live = await openDatabase(`file:${file}`);
  cleanups.push(() => live.close());
  let writing = true;
  let written = 0;
  const writer = (async () => {
    while (writing) {
      await live.db.auditLog.create({ data: { guildId: "1", actorUserId: "2", action: `write ${written}` } });
      written++;
      // better-sqlite3 is synchronous: yield, as interactions arriving over the network would.
      await new Promise((r) => setImmediate(r));
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const result = await backupSqlite(file, path.join(dir, "backup.db"));
  await new Promise((r) => setTimeout(r, 100));
  writing = false;
  await writer;
  expect(result.integrity).toBe("ok");

  // Restore: the backup put where DATABASE_URL points (bot stopped).
  const restoredFile = path.join(dir, "restored.db");
  copyFileSync(result.to, restoredFile);
  const restored = await openDatabase(`file:${restoredFile}`);
  cleanups.push(() => restored.close());
  expect(restored.appliedMigrations).toEqual([]);
  const rows = await restored.db.auditLog.findMany({ orderBy: { id: "asc" } });
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.length).toBeLessThanOrEqual(written);
  // A prefix: ids 1..n with no gap (a consistent snapshot, not a torn copy).
  expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
});

it("given DATABASE_URL, then npm run db:backup writes the copy, and refuses to overwrite a file", () => {
  const dir = tempDir();
  const url = `file:${path.join(dir, "bot.db")}`;
  const env = { ...process.env, DATABASE_URL: url };
  expect(spawnSync("npm", ["run", "--silent", "db:migrate"], { cwd: root, env, encoding: "utf8" }).status).toBe(0);
  const out = path.join(dir, "b.db");
  const first = spawnSync("npm", ["run", "--silent", "db:backup", "--", "--out", out], { cwd: root, env, encoding: "utf8" });
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toContain("integrity ok");
  const second = spawnSync("npm", ["run", "--silent", "db:backup", "--", "--out", out], { cwd: root, env, encoding: "utf8" });
  expect(second.status).toBe(1);
  expect(second.stderr).toContain("exists already");
  const pgHelp = spawnSync("npm", ["run", "--silent", "db:backup", "--", "--out", out], { cwd: root, env: { ...process.env, DATABASE_URL: "postgresql://u:secret@db.invalid/x" }, encoding: "utf8" });
  expect(pgHelp.status).toBe(2);
  expect(pgHelp.stderr).toContain("pg_dump --format=custom");
  expect(pgHelp.stderr).not.toContain("secret");
}, 120_000);
