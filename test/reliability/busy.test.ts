// A database locked by another connection (a backup, a second process): bounded retries, then a
// clear answer; nothing half-written; and the bot works again once the lock is gone.
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { allText, createHarness, member, type Harness } from "../support/interactions.js";

let database: TempDatabase;
let h: Harness;
beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
});
afterEach(async () => database.cleanup());

it("given another connection holding the write lock, when a member saves a profile, then they are told the database is busy and nothing is stored", async () => {
  const other = new Database(database.filePath);
  other.exec("BEGIN IMMEDIATE");
  const started = Date.now();
  const res = await h.run(member("Ben"), "/mentee profile", {
    industry: "retail",
    stage: "student",
    topics: "cv",
    about: "Looking for help with my first CV.",
  });
  const elapsed = Date.now() - started;
  other.exec("ROLLBACK");
  other.close();
  expect(allText(res.last)).toContain("The database is busy right now and nothing was changed");
  expect(res.last.ephemeral).toBe(true);
  expect(elapsed).toBeLessThan(3_000); // bounded: Discord expects an answer within 3 s
  expect(await database.db.profile.count()).toBe(0);
  expect(await database.db.profileTopic.count()).toBe(0);

  const again = await h.run(member("Ben2"), "/mentee profile", {
    industry: "retail",
    stage: "student",
    topics: "cv",
    about: "Looking for help with my first CV.",
  });
  expect(allText(again.last)).toContain("Your mentee profile is ready");
});

it("given a lock released during the retries, then the write goes through", async () => {
  const other = new Database(database.filePath);
  other.exec("BEGIN IMMEDIATE");
  setTimeout(() => {
    other.exec("ROLLBACK");
    other.close();
  }, 700);
  const res = await h.run(member("Cleo"), "/mentee profile", {
    industry: "retail",
    stage: "student",
    topics: "cv",
    about: "Looking for help with my first CV.",
  });
  expect(allText(res.last)).toContain("Your mentee profile is ready");
  expect(await database.db.profile.count()).toBe(1);
});
