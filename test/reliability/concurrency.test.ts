// Races through the real router on one real database (SQLite: WAL, synchronous=FULL; PostgreSQL:
// a pool of 10, transactions overlapping for real): many presses of
// Accept at once, double clicks, two moderators deciding the same match, concurrent profile edits
// and parallel requests against the abuse limits. Every interaction is started before any ends
// (Promise.all), so the handlers interleave at every await, as they do in the bot.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { uniqueTopics } from "../../src/matching/index.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { allText, createHarness, member, userValue, type Harness, type Member, type RecordingResponder } from "../support/interactions.js";
import { expectOk, requestMentor } from "../support/fixtures.js";
import { rawAll, rawExec } from "./support/scan.js";
import { captureLogger, MODERATOR_ROLE } from "./support/world.js";

const APOLOGY = /Something went wrong on our side/;

let database: TempDatabase;
let h: Harness;
let loggedErrors: () => string[];
let mod: Member;

beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
  const captured = captureLogger();
  h.deps.logger = captured.logger;
  loggedErrors = captured.log.errors;
  mod = member("Moderator Mia", { canManageGuild: true });
  expectOk(
    await h.run(mod, "/mod config", {
      "review-required": false,
      "commands-per-minute": 120,
      "requests-per-hour": 50,
      "max-pending": 10,
      "moderator-role": MODERATOR_ROLE,
    }),
    "mod config",
  );
});
afterEach(async () => {
  expect(loggedErrors(), "errors logged during the test").toEqual([]);
  await database.cleanup();
});

function texts(replies: readonly RecordingResponder[]): string[] {
  return replies.map((r) => allText(r.last));
}

async function mentor(name: string, capacity: number): Promise<Member> {
  const m = member(name);
  expectOk(
    await h.run(m, "/mentor profile", {
      industry: "fintech",
      stage: "senior",
      topics: "interviewing, cv, salary negotiation",
      about: "I help people prepare for fintech interviews and negotiate offers.",
      capacity,
    }),
    `mentor ${name}`,
  );
  return m;
}

async function mentee(name: string): Promise<Member> {
  const m = member(name);
  expectOk(
    await h.run(m, "/mentee profile", {
      industry: "banking",
      stage: "student",
      topics: "interviewing, cv",
      about: "I want to prepare for interviews at fintech companies.",
    }),
    `mentee ${name}`,
  );
  return m;
}

async function request(from: Member, to: Member): Promise<number> {
  return (await requestMentor(h, from, to, `Hello from ${from.displayName}`)).matchId;
}

async function statusCounts(): Promise<Record<string, number>> {
  const rows = await database.db.match.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

describe("accepting at capacity", () => {
  it(
    "given a mentor with capacity 2 and 100 open requests, when all 100 Accepts are pressed at once, then exactly 2 matches become active, the other 98 are told she is full and stay requested",
    async () => {
      const asha = await mentor("Asha", 2);
      const ids: number[] = [];
      for (let i = 0; i < 100; i++) ids.push(await request(await mentee(`Mentee ${i}`), asha));
      expect(await statusCounts()).toEqual({ requested: 100 });

      const replies = await Promise.all(ids.map((id) => h.press(asha, `match:accept:${id}`, null)));

      const all = texts(replies);
      expect(all.filter((t) => APOLOGY.test(t))).toEqual([]);
      const accepted = all.filter((t) => t.includes("You accepted request") && t.includes("The match is active"));
      const full = all.filter((t) => t.includes("You are full: 2 of 2 places used"));
      expect(accepted).toHaveLength(2);
      expect(full).toHaveLength(98);
      for (const r of replies) expect(r.events.filter((e) => e.kind === "reply" || e.kind === "update")).toHaveLength(1);
      expect(replies.filter((r) => allText(r.last).startsWith("⚠️")).every((r) => r.last.ephemeral === true)).toBe(true);

      expect(await statusCounts()).toEqual({ active: 2, requested: 98 });
      const active = await database.db.match.findMany({ where: { status: "active" }, select: { id: true } });
      // The two replies that said "accepted" are exactly the two active matches.
      const acceptedIds = accepted.map((t) => Number(/request #(\d+)/.exec(t)?.[1])).sort((a, b) => a - b);
      expect(active.map((m) => m.id).sort((a, b) => a - b)).toEqual(acceptedIds);
      // Only the two winners got a pair space and a "you are matched" message.
      expect(h.notifier.spaces).toHaveLength(2);
    },
    120_000,
  );

  it("given one request, when the mentor double-clicks Accept, then it is handled once: one success, one 'already handled', one active match", async () => {
    const asha = await mentor("Asha", 2);
    const id = await request(await mentee("Ben"), asha);

    const [first, second] = texts(await Promise.all([h.press(asha, `match:accept:${id}`, null), h.press(asha, `match:accept:${id}`, null)]));
    const all = [first ?? "", second ?? ""];
    expect(all.filter((t) => t.includes("You accepted request"))).toHaveLength(1);
    expect(all.filter((t) => t.includes("already handled"))).toHaveLength(1);
    expect(all.some((t) => APOLOGY.test(t))).toBe(false);
    expect(await statusCounts()).toEqual({ active: 1 });
    expect(h.notifier.spaces).toHaveLength(1);
  });

  it("given one request, when Accept and a decline reason are pressed at once, then exactly one of them takes effect", async () => {
    const asha = await mentor("Asha", 2);
    const id = await request(await mentee("Ben"), asha);
    const all = texts(await Promise.all([h.press(asha, `match:decline-why:${id}-1`, null), h.press(asha, `match:accept:${id}`, null)]));
    const won = all.filter((t) => t.includes("You accepted request") || t.includes("You declined request"));
    expect(won).toHaveLength(1);
    expect(all.filter((t) => t.includes("already handled"))).toHaveLength(1);
    const counts = await statusCounts();
    expect(counts).toEqual(won[0]?.includes("accepted") === true ? { active: 1 } : { declined: 1 });
  });
});

describe("two moderators deciding the same match", () => {
  async function pendingReview(n: number): Promise<number[]> {
    expectOk(await h.run(mod, "/mod config", { "review-required": true }), "review on");
    const asha = await mentor("Asha", 10);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = await request(await mentee(`Mentee ${i}`), asha);
      expect(allText((await h.press(asha, `match:accept:${id}`, null)).last)).toContain("A moderator will review it");
      ids.push(id);
    }
    return ids;
  }

  async function decisions(matchId: number): Promise<number> {
    return database.db.auditLog.count({ where: { matchId, action: { in: ["approve", "reject"] } } });
  }

  it("given a match waiting for review, when two moderators press Approve at once, then one wins, the other is told it was already handled, and the audit log has one decision", async () => {
    const [id] = await pendingReview(1);
    const rae = member("Role Mod Rae", { roleIds: [MODERATOR_ROLE] });
    const all = texts(await Promise.all([h.press(mod, `mod:approve:${id}`), h.press(rae, `mod:approve:${id}`)]));
    expect(all.filter((t) => t.includes(`Match #${id} approved and active`))).toHaveLength(1);
    expect(all.filter((t) => t.includes("already handled"))).toHaveLength(1);
    expect(await decisions(id ?? 0)).toBe(1);
    expect(await statusCounts()).toEqual({ active: 1 });
    expect(h.notifier.spaces).toHaveLength(1);
  });

  it("given matches waiting for review, when one moderator approves while another submits the reject form, then exactly one decision counts (in either order)", async () => {
    const ids = await pendingReview(4);
    const rae = member("Role Mod Rae", { roleIds: [MODERATOR_ROLE] });
    for (const [i, id] of ids.entries()) {
      const approve = () => h.press(mod, `mod:approve:${id}`);
      const reject = () => h.submit(rae, `mod:reject-form:${id}`, { reason: "Better fit expected next round." });
      const replies = i % 2 === 0 ? await Promise.all([approve(), reject()]) : (await Promise.all([reject(), approve()])).reverse();
      const [approveText, rejectText] = texts(replies);
      const approved = approveText?.includes(`Match #${id} approved and active`) === true;
      const rejected = rejectText?.includes(`Match #${id} rejected`) === true;
      expect(approved !== rejected, `exactly one wins for #${id}: ${approveText} / ${rejectText}`).toBe(true);
      expect((approved ? rejectText : approveText) ?? "").toContain("already handled");
      const match = await database.db.match.findUniqueOrThrow({ where: { id } });
      expect(match.status).toBe(approved ? "active" : "rejected");
      expect(match.reviewedById).toBe(approved ? mod.id : rae.id);
      expect(await decisions(id)).toBe(1);
    }
  });

  it("given a match waiting for review, when /mod approve and /mod reject run at once, then one decision is recorded", async () => {
    const [id] = await pendingReview(1);
    const rae = member("Role Mod Rae", { roleIds: [MODERATOR_ROLE] });
    const all = texts(await Promise.all([h.run(mod, "/mod approve", { match: id ?? 0 }), h.run(rae, "/mod reject", { match: id ?? 0, reason: "Not a fit." })]));
    expect(all.filter((t) => t.includes("already handled"))).toHaveLength(1);
    expect(all.some((t) => APOLOGY.test(t))).toBe(false);
    expect(await decisions(id ?? 0)).toBe(1);
  });
});

describe("concurrent profile edits", () => {
  /** Logs every committed write to Profile in commit order (a test-only table and trigger). */
  function recordProfileWrites(): void {
    rawExec(database, {
      sqlite: `
      CREATE TABLE test_profile_writes (seq INTEGER PRIMARY KEY AUTOINCREMENT, about TEXT, capacity INTEGER);
      CREATE TRIGGER test_profile_update AFTER UPDATE ON Profile BEGIN
        INSERT INTO test_profile_writes (about, capacity) VALUES (NEW.canAdviseOn, NEW.mentorCapacity);
      END;
      CREATE TRIGGER test_profile_insert AFTER INSERT ON Profile BEGIN
        INSERT INTO test_profile_writes (about, capacity) VALUES (NEW.canAdviseOn, NEW.mentorCapacity);
      END;`,
      // Writes to one profile row are serialised by its row lock, so sequence order is commit order.
      postgresql: `
      CREATE TABLE test_profile_writes (seq SERIAL PRIMARY KEY, about TEXT, capacity INTEGER);
      CREATE FUNCTION test_profile_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO test_profile_writes (about, capacity) VALUES (NEW."canAdviseOn", NEW."mentorCapacity"); RETURN NEW;
      END $$;
      CREATE TRIGGER test_profile_write AFTER INSERT OR UPDATE ON "Profile" FOR EACH ROW EXECUTE FUNCTION test_profile_write();`,
    });
  }

  function lastWrite(): { about: string | null; capacity: number } | undefined {
    return rawAll<{ about: string | null; capacity: number }>(database, "SELECT about, capacity FROM test_profile_writes ORDER BY seq DESC LIMIT 1")[0];
  }

  const submission = (i: number) => {
    const letter = String.fromCharCode(97 + i);
    return {
      about: `Profile edit number ${i}: I can help with interviews and offers.`,
      capacity: 1 + (i % 10),
      topics: [`zz${letter}alpha`, `zz${letter}beta`, `zz${letter}gamma`],
      headline: `Headline ${i}`,
    };
  };

  async function storedProfile(userId: string) {
    const p = await database.db.profile.findFirstOrThrow({ where: { userId }, include: { topics: { include: { topic: true } } } });
    return {
      about: p.canAdviseOn,
      headline: p.headline,
      capacity: p.mentorCapacity,
      topics: p.topics.filter((t) => t.role === "mentor").map((t) => t.topic.label).sort(),
    };
  }

  it("given a mentor, when 20 profile updates with different capacities and topics run at once, then the last write wins and the row and its topics all come from that one submission", async () => {
    const asha = await mentor("Asha", 3);
    recordProfileWrites();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const s = submission(i);
        return h.run(asha, "/mentor profile", { about: s.about, capacity: s.capacity, topics: s.topics.join(", "), headline: s.headline });
      }),
    );
    for (const t of texts(replies)) expect(t).toContain("Your mentor profile is updated");

    const stored = await storedProfile(asha.id);
    const winner = Array.from({ length: 20 }, (_, i) => i).find((i) => submission(i).about === stored.about);
    expect(winner, `stored about "${stored.about}" is one of the submissions`).toBeDefined();
    const s = submission(winner ?? -1);
    expect(stored.capacity).toBe(s.capacity);
    expect(stored.headline).toBe(s.headline);
    expect(stored.topics).toEqual(uniqueTopics(s.topics).map((t) => t.display).sort());
    // Last write wins: the stored row is the last one committed.
    expect(lastWrite()).toEqual({ about: s.about, capacity: s.capacity });
    // No topic of another submission is attached.
    expect(await database.db.profileTopic.count({ where: { role: "mentor" } })).toBe(3);
  });

  it("given a new member, when 20 first-time mentee profiles are submitted at once, then one profile exists with the topics of exactly one submission", async () => {
    const ben = member("Ben");
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const s = submission(i);
        return h.run(ben, "/mentee profile", { industry: "retail", stage: "student", about: s.about, topics: s.topics.join(", ") });
      }),
    );
    for (const t of texts(replies)) expect(t).toMatch(/Your mentee profile is (ready|updated)/);
    const profiles = await database.db.profile.findMany({ where: { userId: ben.id }, include: { topics: { include: { topic: true } } } });
    expect(profiles).toHaveLength(1);
    const p = profiles[0];
    const winner = Array.from({ length: 20 }, (_, i) => i).find((i) => submission(i).about === p?.wantsAdviceOn);
    expect(winner).toBeDefined();
    const expected = uniqueTopics(submission(winner ?? -1).topics).map((t) => t.display).sort();
    expect(p?.topics.map((t) => t.topic.label).sort()).toEqual(expected);
  });
});

describe("parallel requests against the abuse limits", () => {
  it("given max-pending 2, when a mentee sends 5 requests to 5 mentors at once, then exactly 2 are created and 3 are told the limit", async () => {
    expectOk(await h.run(mod, "/mod config", { "max-pending": 2 }), "max-pending");
    const mentors: Member[] = [];
    for (let i = 0; i < 5; i++) mentors.push(await mentor(`Mentor ${i}`, 3));
    const ben = await mentee("Ben");
    const all = texts(await Promise.all(mentors.map((m) => h.run(ben, "/match request", { mentor: userValue(m) }))));
    expect(all.filter((t) => /Request #\d+ sent/.test(t))).toHaveLength(2);
    expect(all.filter((t) => t.includes("the limit is 2"))).toHaveLength(3);
    expect(await database.db.match.count()).toBe(2);
  });

  it("given a mentee, when the same request is submitted twice at once, then one request exists", async () => {
    const asha = await mentor("Asha", 3);
    const ben = await mentee("Ben");
    const all = texts(await Promise.all([h.run(ben, "/match request", { mentor: userValue(asha) }), h.run(ben, "/match request", { mentor: userValue(asha) })]));
    expect(all.filter((t) => /Request #\d+ sent/.test(t))).toHaveLength(1);
    expect(all.filter((t) => t.includes("already have an open"))).toHaveLength(1);
    expect(await database.db.match.count()).toBe(1);
  });
});

describe("first acceptance wins under a race", () => {
  it("given a mentee who asked 4 mentors, when all 4 accept at once, then exactly 1 match is active, the other 3 requests are withdrawn and every mentor gets a clear answer", async () => {
    expectOk(await h.run(mod, "/mod config", { "first-acceptance-wins": true }), "first-acceptance-wins");
    const mentors: Member[] = [];
    for (let i = 0; i < 4; i++) mentors.push(await mentor(`Mentor ${i}`, 3));
    const ben = await mentee("Ben");
    const ids: number[] = [];
    for (const m of mentors) ids.push(await request(ben, m));
    const all = texts(await Promise.all(mentors.map((m, i) => h.press(m, `match:accept:${ids[i] ?? 0}`, null))));
    expect(all.filter((t) => APOLOGY.test(t))).toEqual([]);
    const rows = await database.db.match.findMany({ where: { id: { in: ids } } });
    expect(rows.filter((r) => r.status === "active")).toHaveLength(1);
    expect(rows.filter((r) => r.status === "cancelled" && r.closeReason === "first-acceptance")).toHaveLength(3);
    expect(all.filter((t) => t.includes("already handled"))).toHaveLength(3);
  });
});

describe("new topics under a race", () => {
  it("given 10 members saving profiles with the same new topics at once, then all 10 are saved and each topic exists once", async () => {
    const crowd = Array.from({ length: 10 }, (_, i) => member(`Saver ${i}`));
    const all = texts(
      await Promise.all(
        crowd.map((m) =>
          h.run(m, "/mentee profile", { industry: "banking", stage: "student", topics: "quantum annealing, zither tuning", about: "I want to learn about quantum annealing jobs." }),
        ),
      ),
    );
    expect(all.filter((t) => APOLOGY.test(t))).toEqual([]);
    expect(await database.db.profile.count()).toBe(10);
    const topics = await database.db.topic.findMany({ where: { label: { in: ["quantum annealing", "zither tuning"] } } });
    expect(topics).toHaveLength(2);
  });
});

describe("office-hour notices switched off twice at once", () => {
  it("given a member running /office-hours notices status:off twice at once, then both are answered and one opt-out is stored", async () => {
    const ben = await mentee("Ben");
    const all = texts(await Promise.all([h.run(ben, "/office-hours notices", { status: "off" }), h.run(ben, "/office-hours notices", { status: "off" })]));
    expect(all.filter((t) => APOLOGY.test(t))).toEqual([]);
    expect(await database.db.officeHoursOptOut.count()).toBe(1);
  });
});

describe("the resource library under a race", () => {
  it("given 5 mentors adding the same link at once with different topics, then one resource holds all their topics and everyone is answered", async () => {
    const curators: Member[] = [];
    for (let i = 0; i < 5; i++) curators.push(await mentor(`Curator ${i}`, 1));
    const topics = ["cv", "interviewing", "networking", "salary negotiation", "portfolio"];
    const all = texts(
      await Promise.all(curators.map((m, i) => h.run(m, "/resources add", { url: "https://example.org/guide", title: "A guide", topics: topics[i] ?? "cv" }))),
    );
    expect(all.filter((t) => APOLOGY.test(t))).toEqual([]);
    expect(await database.db.resource.count()).toBe(1);
    expect(await database.db.resourceTopic.count()).toBe(5);
  });
});

describe("office-hour seats under a rush", () => {
  it("given 5 seats, when 30 members press Join at once, then exactly 5 get a seat and 25 get waitlist places 1–25 in order; when 10 seat holders and waiting members leave at once, seats stay at 5 and the waitlist moves up without gaps", async () => {
    const host = await mentor("Host", 3);
    expectOk(await h.run(host, "/office-hours create", { topic: "interviewing", when: "2026-11-05 18:00", duration: 60, seats: 5 }), "create");
    const id = (await database.db.officeHour.findFirstOrThrow()).id;
    const crowd = Array.from({ length: 30 }, (_, i) => member(`Guest ${i}`));
    const answers = texts(await Promise.all(crowd.map((m) => h.press(m, `office-hours:join:${id}-1`))));
    expect(answers.filter((t) => t.includes("You have a seat"))).toHaveLength(5);
    const places = answers.flatMap((t) => /#(\d+) on the waitlist/.exec(t)?.[1] ?? []).map(Number).sort((a, b) => a - b);
    expect(places).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const seated = await database.db.officeHourSignup.findMany({ where: { officeHourId: id, status: "seat" } });
    const leaving = [...seated.slice(0, 4).map((s) => s.userId), ...crowd.slice(20, 26).map((m) => m.id)];
    const leavers = crowd.filter((m) => leaving.includes(m.id));
    texts(await Promise.all(leavers.map((m) => h.press(m, `office-hours:leave:${id}-1`))));
    const rows = await database.db.officeHourSignup.findMany({ where: { officeHourId: id }, orderBy: [{ joinedAt: "asc" }, { id: "asc" }] });
    expect(rows.filter((r) => r.status === "seat")).toHaveLength(5);
    expect(rows.filter((r) => r.status === "left")).toHaveLength(leavers.length);
    expect(rows.filter((r) => r.status === "waitlist")).toHaveLength(30 - 5 - leavers.length);
    // Promotions went in waitlist order: everyone now seated joined before everyone still waiting.
    const lastSeat = Math.max(...rows.filter((r) => r.status === "seat").map((r) => rows.indexOf(r)));
    const firstWaiting = Math.min(...rows.filter((r) => r.status === "waitlist").map((r) => rows.indexOf(r)));
    expect(lastSeat).toBeLessThan(firstWaiting);
  });
});
