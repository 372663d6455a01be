// /mod stats from SQL aggregates: on varied communities (availability with and without an "until"
// date, full and free mentors, matches in every status, mentees waiting since different times,
// topics with and without mentors) the figures equal those of the former implementation, which
// loaded every profile with its topics (test/support/reference-stats.ts). Real migrated database,
// SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MATCH_STATUSES } from "../../src/domain/enums.js";
import { DAY_MS } from "../../src/services/clock.js";
import { importProfiles, type ImportRow } from "../../src/services/import.js";
import { guildStats } from "../../src/services/stats.js";
import { replaceTopics, topicsOfferedAmong, waitStarts } from "../../src/storage/profiles.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { referenceGuildStats } from "../support/reference-stats.js";

const GUILD = "900000000000000001";
const OTHER = "900000000000000002";
const NOW = new Date("2026-11-02T10:00:00Z");
const TOPICS = ["cv", "interviewing", "salary negotiation", "system design", "leadership", "public speaking", "data science", "career switch"];

/** Topics no mentor offers: they must show as unmet. */
const MENTEE_ONLY = ["equity negotiation", "portfolio review", "visa sponsorship"];

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let database: TempDatabase;
beforeEach(async () => {
  database = await openTempDatabase();
});
afterEach(async () => database.cleanup());

async function community(seed: number, guildId: string, size: number): Promise<void> {
  const r = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const rows: ImportRow[] = [];
  for (let i = 0; i < size; i++) {
    const userId = String(250000000000000000n + BigInt(seed * 1000 + i) + (guildId === OTHER ? 500n : 0n));
    const topics = TOPICS.filter(() => r() < 0.3);
    const base = { userId, name: `P${i}`, industry: pick(["software", "fintech", "retail"]), stage: pick(["student", "early", "mid", "senior"] as const), topics: topics.length === 0 ? ["cv"] : topics, about: "Long enough about text." };
    if (r() < 0.45) rows.push({ ...base, where: `m${i}`, role: "mentor", capacity: 1 + Math.floor(r() * 3) });
    if (r() < 0.7 || rows[rows.length - 1]?.userId !== userId) rows.push({ ...base, where: `e${i}`, role: "mentee", topics: [...TOPICS, ...MENTEE_ONLY].filter(() => r() < 0.3).concat("cv").slice(0, 10) });
  }
  await importProfiles(database.db, guildId, rows, { now: new Date(NOW.getTime() - 90 * DAY_MS), dryRun: true });
  await importProfiles(database.db, guildId, rows, { now: new Date(NOW.getTime() - 90 * DAY_MS), dryRun: false });
  const db = database.db;
  const profiles = await db.profile.findMany({ where: { guildId }, orderBy: { id: "asc" } });
  for (const p of profiles) {
    // Availability: on, off, on until a past or future date, off until one.
    const until = r() < 0.3 ? new Date(NOW.getTime() + (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 10)) * DAY_MS) : null;
    await db.profile.update({
      where: { id: p.id },
      data: { mentorAvailable: r() < 0.7, mentorAvailableUntil: until, menteeWaitingSince: r() < 0.2 ? null : new Date(NOW.getTime() - Math.floor(r() * 60 * DAY_MS)) },
    });
  }
  const mentors = profiles.filter((p) => p.isMentor);
  const mentees = profiles.filter((p) => p.isMentee);
  let pair = 0;
  for (const mentee of mentees) {
    if (r() < 0.4 || mentors.length === 0) continue;
    const mentor = pick(mentors);
    if (mentor.id === mentee.id) continue;
    const status = pick(MATCH_STATUSES);
    const createdAt = new Date(NOW.getTime() - Math.floor(r() * 70 * DAY_MS));
    await db.match.create({
      data: {
        guildId,
        mentorProfileId: mentor.id,
        menteeProfileId: mentee.id,
        status,
        score: r(),
        explanation: "{}",
        createdAt,
        openPairKey: ["requested", "pending_review", "active"].includes(status) ? `${guildId}:${mentor.id}:${mentee.id}:${pair++}` : null,
        activatedAt: status === "active" || status === "ended" ? new Date(createdAt.getTime() + DAY_MS) : null,
      },
    });
  }
}

describe("guildStats from aggregates", () => {
  for (const seed of [1, 2, 3]) {
    it(`given a varied community (seed ${seed}) and another server beside it then every figure equals the former implementation's`, async () => {
      await community(seed, GUILD, 60);
      await community(seed + 10, OTHER, 20);
      const fast = await guildStats(database.db, GUILD, NOW);
      if (process.env["SHOW_STATS"] === "1") console.log(JSON.stringify({ m: fast.mentors, c: fast.capacity, e: fast.mentees, u: fast.unmetTopics, x: fast.matches }));
      expect(fast).toEqual(await referenceGuildStats(database.db, GUILD, NOW));
      expect(fast.mentees.total).toBeGreaterThan(20);
      expect(fast.unmetTopics.length).toBeGreaterThan(0);
      expect(fast.mentors.full + fast.mentors.available).toBeGreaterThan(0);
      expect(await guildStats(database.db, OTHER, NOW)).toEqual(await referenceGuildStats(database.db, OTHER, NOW));
    });
  }

  it("given 70,000 topics to look up (past both engines' bound-parameter limits) then the ones a mentor with a free place offers are found, a full mentor's are not", async () => {
    const make = async (userId: string, role: "mentor" | "mentee", topics: { key: string; label: string }[]) => {
      const p = await database.db.profile.create({
        data: { guildId: GUILD, userId, displayName: userId, industry: "it", stage: "senior", isMentor: role === "mentor", isMentee: role === "mentee", mentorAvailable: true, mentorCapacity: 1 },
      });
      await replaceTopics(database.db, p.id, role, topics);
      return p.id;
    };
    const full = await make("300000000000000001", "mentor", [{ key: "cv", label: "cv" }, { key: "interviewing", label: "interviewing" }]);
    await make("300000000000000002", "mentor", [{ key: "interviewing", label: "interviewing" }]);
    const mentee = await make("300000000000000003", "mentee", [{ key: "cv", label: "cv" }]);
    await database.db.match.create({
      data: { guildId: GUILD, mentorProfileId: full, menteeProfileId: mentee, status: "active", score: 1, explanation: "{}", openPairKey: `${GUILD}:${full}:${mentee}` },
    });
    const cv = await database.db.topic.findUniqueOrThrow({ where: { key: "cv" } });
    const interviewing = await database.db.topic.findUniqueOrThrow({ where: { key: "interviewing" } });
    const ids = [cv.id, interviewing.id, ...Array.from({ length: 70_000 }, (_, i) => 1_000_000 + i)];
    expect(await topicsOfferedAmong(database.db, GUILD, NOW, ids, ["pending_review", "active"])).toEqual(new Set([interviewing.id]));
    // Without counting a load, the full mentor's topics are offered again; another server offers nothing.
    expect(await topicsOfferedAmong(database.db, GUILD, NOW, ids, [])).toEqual(new Set([cv.id, interviewing.id]));
    expect(await topicsOfferedAmong(database.db, OTHER, NOW, ids, [])).toEqual(new Set());
  });

  it("given more open requests than the former 200-request window then each slow mentor's count is all of their open requests", async () => {
    const db = database.db;
    const mentor = (userId: string, name: string) => db.profile.create({ data: { guildId: GUILD, userId, displayName: name, industry: "it", stage: "senior", isMentor: true, mentorAvailable: true, mentorCapacity: 2 } });
    const slow = await mentor("300000000000000011", "Slow");
    const busy = await mentor("300000000000000012", "Busy");
    await db.profile.createMany({ data: Array.from({ length: 205 }, (_, i) => ({ guildId: GUILD, userId: String(310000000000000000n + BigInt(i)), displayName: `M${i}`, industry: "it", stage: "student", isMentee: true })) });
    const mentees = await db.profile.findMany({ where: { guildId: GUILD, isMentee: true }, orderBy: { id: "asc" }, select: { id: true } });
    const request = (mentorId: number, menteeId: number, daysAgo: number) => ({
      guildId: GUILD, mentorProfileId: mentorId, menteeProfileId: menteeId, status: "requested", score: 0.5, explanation: "{}", openPairKey: `${GUILD}:${mentorId}:${menteeId}`, createdAt: new Date(NOW.getTime() - daysAgo * DAY_MS),
    });
    const [first, ...rest] = mentees;
    await db.match.createMany({ data: [request(slow.id, first?.id ?? 0, 9), ...rest.map((m, i) => request(busy.id, m.id, 8 - i / 1000))] });
    const stats = await guildStats(db, GUILD, NOW);
    expect(stats.slowestMentors).toEqual([
      { name: "Slow", open: 1, oldestDays: 9 },
      { name: "Busy", open: 204, oldestDays: 8 },
    ]);
  });

  // waitStarts walks the stamped waits in index order and merges the unstamped ones in (or sorts
  // everything past a bound): against a sort in JavaScript, with equal starts, creation times out
  // of id order, odd and even counts, and few or many unstamped mentees on either path.
  for (const [seed, size, unstampedShare, unstampedRead] of [
    [21, 41, 0, 2000],
    [22, 40, 0.15, 2000],
    [23, 57, 0.6, 2000],
    [24, 30, 1, 2000],
    [25, 44, 0.3, 3],
    [26, 1, 0, 2000],
    [27, 2, 1, 2000],
  ] as const) {
    it(`given ${size} mentees, ${unstampedShare * 100}% without a wait stamp, some matched (seed ${seed}, read ${unstampedRead}) then the longest and middle waits are those of a full sort`, async () => {
      const r = prng(seed);
      const db = database.db;
      const day = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
      await db.profile.create({ data: { guildId: GUILD, userId: "290000000000000000", displayName: "Mentor", industry: "it", stage: "senior", isMentor: true, mentorAvailable: true, mentorCapacity: 99 } });
      await db.profile.createMany({
        data: Array.from({ length: size }, (_, i) => {
          // Few distinct days: many equal starts (stamped and unstamped alike), broken by creation time, then id.
          const created = 8 + Math.floor(r() * 5);
          return {
            guildId: GUILD,
            userId: String(290000000000000001n + BigInt(i)),
            displayName: `W${i}`,
            industry: "it",
            stage: "student",
            isMentee: true,
            createdAt: day(created),
            menteeWaitingSince: r() < unstampedShare ? null : day(created - Math.floor(r() * 4)),
          };
        }),
      });
      const mentor = await db.profile.findFirstOrThrow({ where: { guildId: GUILD, isMentor: true } });
      const mentees = await db.profile.findMany({ where: { guildId: GUILD, isMentee: true }, orderBy: { id: "asc" } });
      const matched = new Set(mentees.filter(() => r() < 0.2).map((m) => m.id));
      for (const id of matched) {
        await db.match.create({ data: { guildId: GUILD, mentorProfileId: mentor.id, menteeProfileId: id, status: "active", score: 1, explanation: "{}", openPairKey: `${GUILD}:${mentor.id}:${id}` } });
      }
      const waits = mentees
        .filter((m) => !matched.has(m.id))
        .map((m) => ({ id: m.id, displayName: m.displayName, start: m.menteeWaitingSince ?? m.createdAt, created: m.createdAt.getTime() }))
        .sort((a, b) => a.start.getTime() - b.start.getTime() || a.created - b.created || a.id - b.id);
      const k = Math.floor((waits.length - 1) / 2);
      const middle = waits.slice(k, k + (waits.length % 2 === 1 ? 1 : 2)).map((w) => w.start);
      const found = await waitStarts(db, GUILD, ["active"], waits.length, 5, unstampedRead);
      expect(found).toEqual({ longest: waits.slice(0, 5).map((w) => ({ id: w.id, displayName: w.displayName, start: w.start })), middle: waits.length === 0 ? [] : middle });
    });
  }

  it("given an empty server then the figures are zero, as before", async () => {
    expect(await guildStats(database.db, GUILD, NOW)).toEqual(await referenceGuildStats(database.db, GUILD, NOW));
  });
});
