// Saving a round's proposals and reloading the profiles they touch, at the sizes a round writes:
// hundreds of pairs per batch. Real migrated database (SQLite and PostgreSQL), real import.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importProfiles, type ImportRow } from "../../src/services/import.js";
import { blockingMatches, createMatches, insertAllOrEach, openPairKey, type NewMatch } from "../../src/storage/matches.js";
import { onPostgres, openTempDatabase, type TempDatabase } from "../support/db.js";

const GUILD = "900000000000000002";
const NOW = new Date("2026-11-02T10:00:00Z");
const PAIRS = 600;

let database: TempDatabase;
let mentors: number[];
let mentees: number[];

beforeEach(async () => {
  database = await openTempDatabase();
  const rows: ImportRow[] = [];
  for (let i = 0; i < PAIRS; i++) {
    rows.push({ where: `m${i}`, role: "mentor", userId: String(270000000000000000n + BigInt(i)), name: `Mentor ${i}`, industry: "software", stage: "senior", topics: ["cv"], about: "CVs.", capacity: 2 });
    rows.push({ where: `e${i}`, role: "mentee", userId: String(280000000000000000n + BigInt(i)), name: `Mentee ${i}`, industry: "software", stage: "early", topics: ["cv"], about: "A CV." });
  }
  await importProfiles(database.db, GUILD, rows, { now: NOW, dryRun: false });
  const profiles = await database.db.profile.findMany({ where: { guildId: GUILD }, select: { id: true, isMentor: true }, orderBy: { id: "asc" } });
  mentors = profiles.filter((p) => p.isMentor).map((p) => p.id);
  mentees = profiles.filter((p) => !p.isMentor).map((p) => p.id);
}, 120_000);
afterEach(async () => database.cleanup());

function proposal(i: number): NewMatch {
  return { guildId: GUILD, mentorProfileId: mentors[i] ?? -1, menteeProfileId: mentees[i] ?? -1, status: "pending_review", source: "round", score: 0.5, explanation: "cv", createdAt: NOW };
}

describe("saving a round's proposals", () => {
  it("given 600 proposals, when they are saved at once, then all are created in one call, and saving them again creates none and counts 600 duplicates", async () => {
    const inputs = Array.from({ length: PAIRS }, (_, i) => proposal(i));
    expect(await createMatches(database.db, GUILD, inputs)).toEqual({ created: PAIRS, duplicates: 0, gone: 0 });
    expect(await createMatches(database.db, GUILD, inputs)).toEqual({ created: 0, duplicates: PAIRS, gone: 0 });
    expect(await database.db.match.count({ where: { guildId: GUILD, status: "pending_review" } })).toBe(PAIRS);
  });

  it("given proposals written in SQL, when they are read back through Prisma, then every field is the one given (dates in Prisma's own format), and the matching change names their profiles", async () => {
    const request: NewMatch = { ...proposal(1), status: "requested", source: "request", score: 1, explanation: '{"reasons":["é, \\"quoted\\""]}', requestMessage: "Hi; it's me", requestedById: "300000000000000001", expiresAt: new Date("2026-11-09T10:00:00.123Z") };
    expect(await createMatches(database.db, GUILD, [proposal(0), request])).toEqual({ created: 2, duplicates: 0, gone: 0 });
    const rows = await database.db.match.findMany({ where: { guildId: GUILD }, orderBy: { id: "asc" } });
    expect(rows.map((m) => [m.mentorProfileId, m.menteeProfileId, m.status, m.source, m.score, m.explanation, m.requestMessage, m.requestedById, m.expiresAt, m.createdAt, m.updatedAt, m.openPairKey, m.closedAt])).toEqual([
      [mentors[0], mentees[0], "pending_review", "round", 0.5, "cv", null, null, null, NOW, NOW, openPairKey(GUILD, mentors[0] ?? -1, mentees[0] ?? -1), null],
      [mentors[1], mentees[1], "requested", "request", 1, request.explanation, "Hi; it's me", "300000000000000001", request.expiresAt, NOW, NOW, openPairKey(GUILD, mentors[1] ?? -1, mentees[1] ?? -1), null],
    ]);
    // Prisma's date filters see them (the stored text compares as Prisma's own writes do).
    expect(await database.db.match.count({ where: { guildId: GUILD, createdAt: { gte: NOW }, expiresAt: { gt: NOW } } })).toBe(1);
    const version = await database.db.matchingVersion.findUniqueOrThrow({ where: { guildId: GUILD } });
    const changes = await database.db.matchingChange.findMany({ where: { guildId: GUILD, version: version.version }, orderBy: { profileId: "asc" } });
    expect(changes.map((c) => c.profileId)).toEqual([mentors[0], mentors[1], mentees[0], mentees[1]].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(changes.every((c) => c.createdAt instanceof Date && Math.abs(c.createdAt.getTime() - Date.now()) < 60_000)).toBe(true);
  });

  it("given proposals whose mentor or mentee was deleted since the round ranked them, then those are skipped and counted, the rest saved", async () => {
    await database.db.profile.delete({ where: { id: mentors[1] ?? -1 } });
    await database.db.profile.delete({ where: { id: mentees[2] ?? -1 } });
    expect(await createMatches(database.db, GUILD, [0, 1, 2, 3].map(proposal))).toEqual({ created: 2, duplicates: 0, gone: 2 });
    expect(await database.db.match.count({ where: { guildId: GUILD } })).toBe(2);
  });

  it("given a pair opened by another writer after the check, when the batch is inserted (several INSERTs), then that pair is skipped, the others are created once and the transaction goes on", async () => {
    // The open pair is in the third INSERT of the batch: the first two succeeded before it failed.
    await createMatches(database.db, GUILD, [proposal(110)]);
    const rows = Array.from({ length: 120 }, (_, i) => {
      const p = proposal(i);
      return { ...p, openPairKey: openPairKey(GUILD, p.mentorProfileId, p.menteeProfileId) };
    });
    const created = await database.db.$transaction(async (tx) => {
      const count = await insertAllOrEach(tx, rows, true);
      // On PostgreSQL a failed statement outside a savepoint would abort everything after it.
      await tx.match.count();
      return count;
    });
    expect(created).toBe(119);
    expect(await database.db.match.count({ where: { guildId: GUILD } })).toBe(120);
  });

  it(`given ${PAIRS} saved proposals, when the blocking matches of all ${PAIRS * 2} profiles are read by id, then they equal the server's (no parameter limit${onPostgres ? "" : " on SQLite"})`, async () => {
    await createMatches(database.db, GUILD, Array.from({ length: PAIRS }, (_, i) => proposal(i)));
    const key = (m: { mentorProfileId: number; menteeProfileId: number }): string => `${m.mentorProfileId}:${m.menteeProfileId}`;
    const all = (await blockingMatches(database.db, GUILD, NOW)).map(key).sort();
    const byId = (await blockingMatches(database.db, GUILD, NOW, [...mentors, ...mentees])).map(key).sort();
    expect(all).toHaveLength(PAIRS);
    expect(byId).toEqual(all);
    // Only the profiles asked for, in either role.
    const some = await blockingMatches(database.db, GUILD, NOW, [mentors[0] ?? -1, mentees[1] ?? -1]);
    expect(some.map(key).sort()).toEqual([key(proposal(0)), key(proposal(1))].sort());
  });
});
