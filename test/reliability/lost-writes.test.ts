// Issue 10, item 1: a write acknowledged to one member must never be undone by another member's
// transaction rolling back. On SQLite the bot has one connection; before the transaction queue
// (src/db/sqlite-queue.ts), a plain write from one interaction ran between another interaction's
// BEGIN and ROLLBACK and was rolled back with it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { processDueRequests } from "../../src/services/expiry.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { allText, createHarness, member, type Harness, type Member } from "../support/interactions.js";
import { expectOk, requestMentor } from "../support/fixtures.js";

let database: TempDatabase;
let h: Harness;

beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
  const mod = member("Moderator Mia", { canManageGuild: true });
  expectOk(await h.run(mod, "/mod config", { "review-required": false, "commands-per-minute": 120, "requests-per-hour": 50, "max-pending": 10 }), "config");
});
afterEach(async () => database.cleanup());

async function mentor(name: string, capacity: number): Promise<Member> {
  const m = member(name);
  expectOk(
    await h.run(m, "/mentor profile", { industry: "fintech", stage: "senior", topics: "interviewing, cv", about: "Interview practice and CV reviews.", capacity }),
    `mentor ${name}`,
  );
  return m;
}

async function mentee(name: string): Promise<Member> {
  const m = member(name);
  expectOk(await h.run(m, "/mentee profile", { industry: "banking", stage: "student", topics: "interviewing, cv", about: "Preparing for interviews." }), `mentee ${name}`);
  return m;
}

async function request(from: Member, to: Member): Promise<number> {
  return (await requestMentor(h, from, to)).matchId;
}

async function available(who: Member): Promise<boolean> {
  const row = await database.db.profile.findFirstOrThrow({ where: { userId: who.id } });
  return row.mentorAvailable;
}

const TRIALS = 50;

describe("a write next to another member's rolled-back transaction", () => {
  it(
    `given a full mentor double-clicking Accept, when another mentor turns availability off at the same time, then the availability change is stored (${TRIALS} trials, 0 lost)`,
    async () => {
      const asha = await mentor("Asha", 1);
      const bo = await mentor("Bo", 2);
      const first = await request(await mentee("Ben"), asha);
      const waiting = await request(await mentee("Cleo"), asha);
      expect(allText((await h.press(asha, `match:accept:${first}`, null)).last)).toContain("You accepted request");

      let lost = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        h.clock.advance(61_000); // keep under the commands-per-minute limit
        const [a, b, off] = await Promise.all([
          h.press(asha, `match:accept:${waiting}`, null),
          h.press(asha, `match:accept:${waiting}`, null),
          h.run(bo, "/mentor availability", { status: "off" }),
        ]);
        expect(allText(a.last)).toContain("You are full");
        expect(allText(b.last)).toContain("You are full");
        expect(allText(off.last)).toContain("You are not taking new mentees");
        if (await available(bo)) lost++;
        expectOk(await h.run(bo, "/mentor availability", { status: "on" }), "back on");
      }
      expect(lost, `availability changes lost in ${TRIALS} trials`).toBe(0);
    },
    120_000,
  );

  it(
    `given a full mentor double-clicking Accept, when the expiry job expires another request at the same time, then the request stays expired (${TRIALS} trials, 0 lost)`,
    async () => {
      const asha = await mentor("Asha", 1);
      const first = await request(await mentee("Ben"), asha);
      const waiting = await request(await mentee("Cleo"), asha);
      expectOk(await h.press(asha, `match:accept:${first}`, null), "accept");

      let lost = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        h.clock.advance(61_000);
        // A new mentor each time: two expired requests in a row would pause a mentor (issue 14).
        const dueId = await request(await mentee(`Mentee ${trial}`), await mentor(`Bo ${trial}`, 10));
        await database.db.match.update({ where: { id: dueId }, data: { expiresAt: new Date(h.clock.now().getTime() - 1000) } });
        const [, , due] = await Promise.all([
          h.press(asha, `match:accept:${waiting}`, null),
          h.press(asha, `match:accept:${waiting}`, null),
          processDueRequests(database.db, h.clock.now()),
        ]);
        expect(due.expired.map((m) => m.id)).toContain(dueId);
        const row = await database.db.match.findUniqueOrThrow({ where: { id: dueId } });
        if (row.status !== "expired") lost++;
      }
      expect(lost, `expiries lost in ${TRIALS} trials`).toBe(0);
    },
    120_000,
  );
});
