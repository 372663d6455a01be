// /mod round on a server large enough that ranking and solving take a while: the round computes in
// slices and lets other work run in between (before, one synchronous call held the event loop for
// the whole computation: 15 s at 10k + 10k), and a second round on the same server meanwhile is
// refused instead of proposing a second mentor to the same mentees. Real migrated database
// (SQLite and PostgreSQL), real import, real live index and round.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { importProfiles, type ImportRow } from "../../src/services/import.js";
import { liveCommunity } from "../../src/services/live-community.js";
import { deleteMemberData } from "../../src/services/profiles.js";
import { runMatchingRound } from "../../src/services/round.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";

const GUILD = "900000000000000001";
const MODERATOR = "300000000000000001";
const NOW = new Date("2026-11-02T10:00:00Z");
const TOPICS = ["cv", "interviewing", "salary negotiation", "system design", "leadership", "public speaking", "data science", "career switch", "networking", "portfolio review"];

let database: TempDatabase;
beforeEach(async () => {
  database = await openTempDatabase();
  const rows: ImportRow[] = [];
  const topicsOf = (i: number): string[] => [TOPICS[i % TOPICS.length] ?? "cv", TOPICS[(i * 7 + 3) % TOPICS.length] ?? "cv"];
  for (let i = 0; i < 300; i++) {
    rows.push({ where: `m${i}`, role: "mentor", userId: String(250000000000000000n + BigInt(i)), name: `Mentor ${i}`, industry: "software", stage: "senior", topics: topicsOf(i), about: `I help with ${topicsOf(i).join(" and ")} for people moving into software roles.`, capacity: 2 });
  }
  for (let i = 0; i < 900; i++) {
    rows.push({ where: `e${i}`, role: "mentee", userId: String(260000000000000000n + BigInt(i)), name: `Mentee ${i}`, industry: "software", stage: "early", topics: topicsOf(i + 1), about: `I want advice on ${topicsOf(i + 1).join(" and ")} for my next software role.` });
  }
  await importProfiles(database.db, GUILD, rows, { now: NOW, dryRun: false });
}, 120_000);
afterEach(async () => database.cleanup());

describe("/mod round in slices", () => {
  it("given 900 waiting mentees and 300 mentors, when a round runs, then a callback queued as it starts computing runs before the proposals are saved, and a second round meanwhile is refused", async () => {
    const stages: string[] = [];
    let ranBeforeSaving: boolean | null = null;
    let ran = false;
    let second: Promise<unknown> | null = null;
    const summary = await runMatchingRound(database.db, GUILD, MODERATOR, NOW, async (stage) => {
      stages.push(stage);
      if (stage.startsWith("Matching")) {
        // Queued now, it can only run once the round gives the event loop a turn.
        setImmediate(() => {
          ran = true;
          second = runMatchingRound(database.db, GUILD, MODERATOR, NOW).catch((error: unknown) => error);
        });
      }
      if (stage.startsWith("Saving")) ranBeforeSaving = ran;
    });
    expect(stages[0]).toMatch(/^Matching 900 waiting mentees with 300 mentors/);
    expect(summary.proposed).toBeGreaterThan(100);
    expect(ranBeforeSaving).toBe(true);
    const refused = await (second as Promise<unknown> | null);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toMatch(/already running for this server/);
    // Every mentee got at most one proposal, and the next round may run again.
    const proposals = await database.db.match.groupBy({ by: ["menteeProfileId"], where: { guildId: GUILD, status: "pending_review" }, _count: { _all: true } });
    expect(proposals.every((p) => p._count._all === 1)).toBe(true);
    expect(proposals.length).toBe(summary.proposed);
    const next = await runMatchingRound(database.db, GUILD, MODERATOR, NOW);
    expect(next.waiting).toBe(900 - summary.proposed);
  }, 120_000);

  it("given members who delete their data while the round is ranking (one seen by the live index, one only in the database), then it finishes and proposes neither", async () => {
    const mentee = "260000000000000000"; // Mentee 0
    const mentor = "250000000000000001"; // Mentor 1
    let deleting: Promise<void> | null = null;
    const summary = await runMatchingRound(database.db, GUILD, MODERATOR, NOW, async (stage) => {
      // Deleted before anything is saved (else the erasure would just remove saved proposals).
      if (stage.startsWith("Saving")) await deleting;
      if (!stage.startsWith("Matching")) return;
      setImmediate(() => {
        deleting = (async () => {
          await deleteMemberData(database.db, GUILD, mentee, NOW);
          // The next command's sync: the live index drops the mentee while the round runs.
          await liveCommunity(database.db, GUILD, NOW);
          await deleteMemberData(database.db, GUILD, mentor, NOW);
        })();
      });
    });
    await (deleting as Promise<void> | null);
    expect(summary.proposed).toBeGreaterThan(100);
    const saved = await database.db.match.findMany({ where: { guildId: GUILD, status: "pending_review" }, select: { mentor: { select: { userId: true } }, mentee: { select: { userId: true } } } });
    expect(saved.length).toBe(summary.proposed);
    expect(saved.some((m) => m.mentee?.userId === mentee || m.mentor?.userId === mentor)).toBe(false);
    expect(await database.db.profile.count({ where: { guildId: GUILD, userId: { in: [mentee, mentor] } } })).toBe(0);
  }, 120_000);
});
