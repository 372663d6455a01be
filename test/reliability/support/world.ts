// A seeded community on a real migrated SQLite file: mentors, mentees, outsiders, moderators and
// matches in every state, plus one pair in another server. Shared by the reliability tests.
import { createLogger } from "../../../src/logger.js";
import { flagForModerator } from "../../../src/services/follow-through.js";
import { acceptRequest, addMatchNote, cancelMatch, declineRequest, endMatch, requestMentor } from "../../../src/services/matches.js";
import { scheduleSession } from "../../../src/services/sessions.js";
import { saveMenteeProfile, saveMentorProfile } from "../../../src/services/profiles.js";
import { openTempDatabase, type TempDatabase } from "../../support/db.js";
import { expectOk, menteeProfile, mentorProfile } from "../../support/fixtures.js";
import { createHarness, GUILD, member, OTHER_GUILD, type Harness, type Member } from "../../support/interactions.js";

export const MODERATOR_ROLE = "930000000000000001";

/** Captures what the real logger (src/logger.ts) writes, so unexpected errors can be counted. */
export interface CapturedLog {
  lines: string[];
  /** Lines at level error (50) or above. */
  errors(this: void): string[];
}

export function captureLogger(level = "warn"): { log: CapturedLog; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (chunk: string) => void lines.push(chunk) });
  return {
    logger,
    log: {
      lines,
      errors: () => lines.filter((l) => /"level":(5\d|60)/.test(l)),
    },
  };
}

export type FixtureState = "requested" | "pending_review" | "active" | "ended" | "declined" | "cancelled";

export interface World {
  database: TempDatabase;
  h: Harness;
  log: CapturedLog;
  moderator: Member;
  roleModerator: Member;
  mentors: Member[];
  mentees: Member[];
  /** Members with no profile in GUILD. */
  outsiders: Member[];
  /** A pair with an active match in OTHER_GUILD, and a moderator there. */
  foreign: { moderator: Member; mentor: Member; mentee: Member; matchId: number };
  /** Every member above, for option values and actors. */
  everyone(): Member[];
  /** Adds a mentor and five mentees with fresh matches (requested, pending_review, active). */
  replenish(): Promise<void>;
  close(): Promise<void>;
}

export { expectOk };

const INDUSTRIES = ["fintech", "software", "healthcare", "retail", "banking", "data"];

export async function createMentor(h: Harness, who: Member, i: number, guildId = GUILD, capacity = 10): Promise<void> {
  await mentorProfile(h, who, i, { capacity }, guildId);
}

export async function createMentee(h: Harness, who: Member, i: number, guildId = GUILD): Promise<void> {
  await menteeProfile(h, who, i, {}, guildId);
}

async function setReview(world: { database: TempDatabase }, guildId: string, on: boolean): Promise<void> {
  await world.database.db.guildSettings.upsert({ where: { guildId }, create: { guildId, reviewRequired: on }, update: { reviewRequired: on } });
}

/** Creates a match between two existing profiles and walks it to `state` through the services. */
export async function pairInState(
  world: { database: TempDatabase; h: Harness; moderator: Member },
  mentor: Member,
  mentee: Member,
  state: FixtureState,
  guildId = GUILD,
): Promise<number> {
  const db = world.database.db;
  const now = world.h.clock.now();
  const { match } = await requestMentor(db, guildId, mentee.id, mentor.id, `Fixture request from ${mentee.displayName}.`, now);
  if (state === "requested") return match.id;
  if (state === "declined") {
    await declineRequest(db, guildId, match.id, mentor.id, { reason: "no-capacity" }, now);
    return match.id;
  }
  if (state === "cancelled") {
    await cancelMatch(db, guildId, match.id, mentee.id, now);
    return match.id;
  }
  await setReview(world, guildId, state === "pending_review");
  const accepted = await acceptRequest(db, guildId, match.id, mentor.id, now);
  await setReview(world, guildId, false);
  if (state === "pending_review") {
    if (accepted.status !== "pending_review") throw new Error("fixture: expected pending_review");
    return match.id;
  }
  if (accepted.status !== "active") throw new Error("fixture: expected active");
  if (state === "ended") await endMatch(db, guildId, match.id, mentee.id, 4, "Fixture feedback.", now);
  return match.id;
}

export interface WorldOptions {
  /**
   * synchronous=OFF on this test database: the fuzz checks input handling, not durability (the
   * SIGKILL crash test and the busy test cover that with the real settings), and it is ~3× faster.
   */
  fast?: boolean;
  mentors?: number;
  mentees?: number;
  outsiders?: number;
}

export async function buildWorld(options: WorldOptions = {}): Promise<World> {
  const database = await openTempDatabase();
  if (options.fast === true) {
    // Speed over durability for the fuzz runs (nothing here tests power loss).
    await database.db.$executeRawUnsafe(database.kind === "sqlite" ? "PRAGMA synchronous = OFF" : "SET synchronous_commit = off");
  }
  const h = createHarness(database.db);
  const captured = captureLogger();
  h.deps.logger = captured.logger;

  const moderator = member("Moderator Mia", { canManageGuild: true });
  const roleModerator = member("Role Mod Rae", { roleIds: [MODERATOR_ROLE] });
  expectOk(
    await h.run(moderator, "/mod config", {
      "commands-per-minute": 120,
      "requests-per-hour": 50,
      "max-pending": 10,
      "review-required": false,
      "moderator-role": MODERATOR_ROLE,
    }),
    "mod config",
  );

  const mentors = Array.from({ length: options.mentors ?? 4 }, (_, i) => member(`Mentor ${i}`));
  const mentees = Array.from({ length: options.mentees ?? 8 }, (_, i) => member(`Mentee ${i}`));
  const outsiders = Array.from({ length: options.outsiders ?? 3 }, (_, i) => member(`Outsider ${i}`));
  for (const [i, m] of mentors.entries()) await createMentor(h, m, i);
  for (const [i, m] of mentees.entries()) await createMentee(h, m, i);

  const base = { database, h, moderator };
  const cycle: FixtureState[] = ["active", "requested", "pending_review", "ended", "active", "requested", "declined", "active"];
  for (const [i, mentee] of mentees.entries()) {
    const mentor = mentors[i % mentors.length];
    const second = mentors[(i + 1) % mentors.length];
    if (mentor === undefined || second === undefined) continue;
    await pairInState(base, mentor, mentee, cycle[i % cycle.length] ?? "requested");
    if (second !== mentor) await pairInState(base, second, mentee, "requested");
  }

  // Follow-through on the active matches: action points, sessions and a flag, so that Done,
  // Cancel/Reschedule and Resolve have something real to act on.
  const active = await database.db.match.findMany({ where: { guildId: GUILD, status: "active" }, include: { mentor: true, mentee: true }, orderBy: { id: "asc" } });
  for (const [i, match] of active.entries()) {
    if (match.mentor === null || match.mentee === null) continue;
    const now = h.clock.now();
    await addMatchNote(database.db, GUILD, match.id, match.mentee.userId, `Fixture action ${i}`, now, { dueOn: new Date(now.getTime() + 5 * 86_400_000), ownerUserId: match.mentor.userId });
    await scheduleSession(database.db, GUILD, match.id, match.mentor.userId, { when: "in 3 days 18:00", location: "Fixture room" }, now);
    if (i % 2 === 1) await flagForModerator(database.db, GUILD, match.id, match.mentee.userId, "Fixture flag.", now);
  }

  const foreignModerator = member("Foreign Mod", { canManageGuild: true });
  const foreignMentor = member("Foreign Mentor");
  const foreignMentee = member("Foreign Mentee");
  await createMentor(h, foreignMentor, 0, OTHER_GUILD);
  await createMentee(h, foreignMentee, 0, OTHER_GUILD);
  await setReview(base, OTHER_GUILD, false);
  const foreignMatch = await pairInState(base, foreignMentor, foreignMentee, "active", OTHER_GUILD);

  let round = 0;
  const world: World = {
    database,
    h,
    log: captured.log,
    moderator,
    roleModerator,
    mentors,
    mentees,
    outsiders,
    foreign: { moderator: foreignModerator, mentor: foreignMentor, mentee: foreignMentee, matchId: foreignMatch },
    everyone: () => [moderator, roleModerator, ...mentors, ...mentees, ...outsiders],
    async replenish() {
      round++;
      const db = database.db;
      const now = h.clock.now();
      const mentor = member(`Mentor r${round}`);
      await saveMentorProfile(db, GUILD, mentor, {
        industry: INDUSTRIES[round % INDUSTRIES.length],
        stage: "executive",
        topics: ["interviewing", "cv", "career switch"],
        about: "Replenished mentor with free places.",
        capacity: 10,
      });
      mentors.push(mentor);
      const states: FixtureState[] = ["requested", "pending_review", "active", "pending_review", "requested"];
      for (const [i, state] of states.entries()) {
        const mentee = member(`Mentee r${round}.${i}`);
        await saveMenteeProfile(
          db,
          GUILD,
          mentee,
          { industry: "retail", stage: "student", topics: ["cv", "interviewing"], about: "Replenished mentee looking for help." },
          now,
        );
        mentees.push(mentee);
        await pairInState(base, mentor, mentee, state);
      }
      // Moderators' own settings may have been fuzzed: keep the harness usable.
      await db.guildSettings.update({ where: { guildId: GUILD }, data: { commandsPerMinute: 120, moderatorRoleId: MODERATOR_ROLE } });
    },
    close: () => database.cleanup(),
  };
  return world;
}
