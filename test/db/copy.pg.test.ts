// npm run db:copy: a whole database SQLite → PostgreSQL → SQLite, ids and values kept, row counts
// verified; a non-empty target is refused unless --force.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { openDatabase, type Database, type Db } from "../../src/db/client.js";
import { copyDatabase, countRows, ORDER, TABLES } from "../../src/db/copy.js";
import { createPostgresDatabase, tempDir } from "../support/db.js";
import { allText, createHarness, member, userValue } from "../support/interactions.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function open(url: string): Promise<Database> {
  const d = await openDatabase(url);
  cleanups.push(() => d.close());
  return d;
}

async function seed(db: Db): Promise<void> {
  const h = createHarness(db);
  const mod = member("Mod", { canManageGuild: true });
  await h.run(mod, "/mod config", { "review-required": true });
  const asha = member("Asha");
  await h.run(asha, "/mentor profile", { industry: "fintech", stage: "senior", topics: "interviewing, cv", about: "Interview practice and CV reviews.", capacity: 3 });
  for (let i = 0; i < 4; i++) {
    const m = member(`Mentee ${i}`);
    await h.run(m, "/mentee profile", { industry: "banking", stage: "student", topics: "interviewing, salary negotiation", about: `Mentee ${i} prepares for interviews.` });
    const res = await h.run(m, "/match request", { mentor: userValue(asha), message: `Hello ${i} — café ☕` });
    const id = Number(/Request #(\d+) sent/.exec(allText(res.last))?.[1]);
    if (i < 2) {
      await h.press(asha, `match:accept:${id}`, null);
      await h.press(mod, `mod:approve:${id}`);
      await h.run(m, "/match note", { match: id, text: `Note ${i}: practise the STAR method` });
    }
    if (i === 0) await h.run(m, "/match end", { match: id, rating: 5, feedback: "Very helpful" });
    if (i === 1) await h.run(m, "/match schedule", { match: id, when: "2026-11-20 18:00", duration: 45 });
  }
  // Office hours, the resource library and an opt-out: every table has rows.
  await h.run(asha, "/office-hours create", { topic: "interviewing", when: "2026-11-25 18:00", duration: 60, seats: 3 });
  const officeHour = await db.officeHour.findFirstOrThrow();
  await h.press(member("Mentee 3"), `office-hours:join:${officeHour.id}-1`);
  await h.run(member("Mentee 2"), "/office-hours notices", { status: "off" });
  await h.run(asha, "/resources add", { url: "https://example.org/star", title: "The STAR method", topics: "interviewing" });
  await db.matchCheckin.create({ data: { matchId: (await db.match.findFirstOrThrow({ where: { status: "active" } })).id, authorUserId: asha.id, role: "mentor", answer: "going-well", createdAt: new Date() } });
}

async function dump(db: Db): Promise<string> {
  const rows: Record<string, unknown> = {};
  const client = db as unknown as Record<string, { findMany(a: object): Promise<unknown[]> }>;
  for (const table of TABLES) {
    const key = table.charAt(0).toLowerCase() + table.slice(1);
    rows[table] = await client[key]?.findMany({ orderBy: ORDER[table] });
  }
  return JSON.stringify(rows);
}

it("given a SQLite database in use, when copied to PostgreSQL and back to SQLite, then every row of every table is the same, ids included, and new rows get fresh ids", async () => {
  const sqliteUrl = `file:${path.join(tempDir(), "source.db")}`;
  const source = await open(sqliteUrl);
  await seed(source.db);
  const empty = [...(await countRows(source.db))].filter(([, n]) => n === 0).map(([t]) => t);
  expect(empty, "tables the seed left empty").toEqual([]);
  const pgDb = await createPostgresDatabase({ fromTemplate: false });
  cleanups.push(() => pgDb.drop());

  const there = await copyDatabase(sqliteUrl, pgDb.url);
  expect(there.tables.find((t) => t.table === "Match")).toEqual({ table: "Match", source: 4, target: 4 });
  const onPg = await open(pgDb.url);
  expect(await dump(onPg.db)).toBe(await dump(source.db));
  // Sequences moved past the copied ids.
  const next = await onPg.db.auditLog.create({ data: { guildId: "1", actorUserId: "2", action: "test" } });
  expect(next.id).toBe((await source.db.auditLog.count()) + 1);
  await onPg.db.auditLog.delete({ where: { id: next.id } });

  const backUrl = `file:${path.join(tempDir(), "back.db")}`;
  await copyDatabase(pgDb.url, backUrl);
  const back = await open(backUrl);
  expect(await dump(back.db)).toBe(await dump(source.db));
}, 120_000);

it("given a target with data, then db:copy refuses it in one line naming what is there, and with --force replaces it", async () => {
  const a = `file:${path.join(tempDir(), "a.db")}`;
  const b = await createPostgresDatabase({ fromTemplate: true });
  cleanups.push(() => b.drop());
  await seed((await open(a)).db);
  const target = await open(b.url);
  await target.db.profile.create({ data: { guildId: "9", userId: "9", displayName: "Already here", industry: "it", stage: "mid" } });

  const refused = spawnSync("npm", ["run", "--silent", "db:copy", "--", "--from", a, "--to", b.url], { cwd: root, encoding: "utf8" });
  expect(refused.status).toBe(1);
  expect(refused.stderr.trim()).toMatch(/^db:copy: the target postgresql:\/\/.* is not empty \(Profile: 1\); add --force to replace its contents$/);

  const forced = spawnSync("npm", ["run", "--silent", "db:copy", "--", "--from", a, "--to", b.url, "--force"], { cwd: root, encoding: "utf8" });
  expect(forced.status, forced.stderr).toBe(0);
  expect(forced.stdout).toMatch(/Profile\s+5/);
  expect(await target.db.profile.count({ where: { displayName: "Already here" } })).toBe(0);
}, 120_000);
