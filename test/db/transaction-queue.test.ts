// The concurrency mechanism, independent of any command: no statement may run inside another
// caller's transaction. A transaction is held open (it has written, then waits), every storage
// write function runs from outside meanwhile, then the transaction rolls back: each outside write
// must survive. The list of storage functions is checked against the modules' exports, so a new
// storage function must be classified here (and, if it writes, exercised) or this test fails.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import * as audit from "../../src/storage/audit.js";
import * as capacity from "../../src/storage/capacity.js";
import * as officeHours from "../../src/storage/office-hours.js";
import * as resources from "../../src/storage/resources.js";
import * as followThrough from "../../src/storage/follow-through.js";
import * as matches from "../../src/storage/matches.js";
import * as matchingVersion from "../../src/storage/matching-version.js";
import * as privacy from "../../src/storage/privacy.js";
import * as profiles from "../../src/storage/profiles.js";
import * as sessions from "../../src/storage/sessions.js";
import * as settings from "../../src/storage/settings.js";
import * as tx from "../../src/storage/tx.js";
import { inTransaction } from "../../src/storage/tx.js";
import type { Prisma } from "../../src/generated/prisma/client.js";
import { onPostgres, openTempDatabase, type TempDatabase } from "../support/db.js";

const GUILD = "100000000000000001";

interface Fixture {
  mentorId: number;
  menteeId: number;
  otherMenteeId: number;
  /** An open request between mentor and mentee. */
  requestId: number;
  /** A row the held transaction writes to (and rolls back). */
  scratchId: number;
  /** An active match (mentor with the scratch profile), its check-in due at DUE. */
  activeId: number;
}

const DUE = new Date("2030-01-02T09:00:00Z");

let database: TempDatabase;
let db: Db;
let fx: Fixture;

beforeEach(async () => {
  database = await openTempDatabase();
  db = database.db;
  const person = (userId: string, displayName: string, extra: Prisma.ProfileUncheckedCreateInput | object = {}) =>
    db.profile.create({ data: { guildId: GUILD, userId, displayName, industry: "it", stage: "senior", ...extra } });
  const mentor = await person("200000000000000001", "Mentor", { isMentor: true, mentorCapacity: 3 });
  const mentee = await person("200000000000000002", "Mentee", { isMentee: true, stage: "student" });
  const other = await person("200000000000000003", "Other", { isMentee: true, stage: "student" });
  const scratch = await person("200000000000000004", "Scratch");
  const request = await matches.createMatch(db, {
    guildId: GUILD,
    mentorProfileId: mentor.id,
    menteeProfileId: mentee.id,
    status: "requested",
    source: "request",
    score: 0.5,
    explanation: "{}",
    requestedById: mentee.userId,
    expiresAt: new Date("2030-01-01T00:00:00Z"),
    createdAt: new Date("2029-12-25T00:00:00Z"),
  });
  const active = await matches.createMatch(db, {
    guildId: GUILD,
    mentorProfileId: mentor.id,
    menteeProfileId: scratch.id,
    status: "active",
    source: "request",
    score: 0.5,
    explanation: "{}",
    createdAt: new Date("2029-12-20T00:00:00Z"),
  });
  await db.match.update({ where: { id: active.id }, data: { checkinDueAt: DUE } });
  fx = { mentorId: mentor.id, menteeId: mentee.id, otherMenteeId: other.id, requestId: request.id, scratchId: scratch.id, activeId: active.id };
});
afterEach(async () => database.cleanup());

class Rollback extends Error {}

/**
 * Opens a transaction that writes, then waits while `outside` runs from another caller, then
 * rolls back. Returns what `outside` returned, once everything has settled.
 */
async function whileAnotherTransactionRollsBack<T>(outside: () => Promise<T>): Promise<T> {
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = inTransaction(db, async (t) => {
    await t.profile.update({ where: { id: fx.scratchId }, data: { headline: "uncommitted" } });
    entered();
    await gate;
    throw new Rollback();
  });
  await inside;
  // Prisma's promises are lazy; start the statement now, as an awaiting caller would.
  const result = (async () => outside())();
  // Give the outside statement every chance to run inside the open transaction if it could.
  await new Promise((resolve) => setTimeout(resolve, 30));
  release();
  await expect(held).rejects.toBeInstanceOf(Rollback);
  return result;
}

/** An office hour in GUILD (its sign-ups, reminders and notices are the writes below). */
function officeHour() {
  return db.officeHour.create({
    data: { guildId: GUILD, hostUserId: "1", topicKey: "cv", topicLabel: "cv", startsAt: DUE, durationMinutes: 60, seats: 5, createdAt: new Date(), announceDueAt: DUE },
  });
}

function signup(officeHourId: number, data: { remindAt?: Date; noticeDueAt?: Date } = {}) {
  return db.officeHourSignup.create({ data: { officeHourId, userId: "200000000000000002", status: "seat", joinedAt: new Date(), ...data } });
}

type Check = () => Promise<unknown>;
/** Every storage function that writes: the write to perform, and what must be true afterwards. */
const WRITES: Record<string, () => { write: () => Promise<unknown>; check: Check }> = {
  addAudit: () => ({
    write: () => audit.addAudit(db, { guildId: GUILD, actorUserId: "1", action: "approve" }),
    check: async () => expect(await db.auditLog.count()).toBe(1),
  }),
  createMatch: () => ({
    write: () =>
      matches.createMatch(db, {
        guildId: GUILD,
        mentorProfileId: fx.mentorId,
        menteeProfileId: fx.otherMenteeId,
        status: "requested",
        source: "request",
        score: 0.4,
        explanation: "{}",
        createdAt: new Date(),
      }),
    check: async () => expect(await db.match.count()).toBe(3),
  }),
  createMatches: () => ({
    write: () =>
      matches.createMatches(db, GUILD, [
        { guildId: GUILD, mentorProfileId: fx.mentorId, menteeProfileId: fx.otherMenteeId, status: "pending_review", source: "round", score: 0.4, explanation: "{}", createdAt: new Date() },
        // The fixture's open request: skipped.
        { guildId: GUILD, mentorProfileId: fx.mentorId, menteeProfileId: fx.menteeId, status: "pending_review", source: "round", score: 0.4, explanation: "{}", createdAt: new Date() },
      ]),
    check: async () => expect(await db.match.count({ where: { status: "pending_review" } })).toBe(1),
  }),
  insertAllOrEach: () => ({
    // createMatches' insert, called on its own (no savepoint outside a transaction).
    write: () =>
      matches.insertAllOrEach(
        db,
        [{ guildId: GUILD, mentorProfileId: fx.mentorId, menteeProfileId: fx.otherMenteeId, status: "pending_review", source: "round", score: 0.4, explanation: "{}", createdAt: new Date(), openPairKey: matches.openPairKey(GUILD, fx.mentorId, fx.otherMenteeId) }],
        false,
      ),
    check: async () => expect(await db.match.count({ where: { status: "pending_review" } })).toBe(1),
  }),
  transitionMatch: () => ({
    write: () => matches.transitionMatch(db, fx.requestId, ["requested"], { status: "expired", closedAt: new Date() }),
    check: async () => expect((await db.match.findUniqueOrThrow({ where: { id: fx.requestId } })).status).toBe("expired"),
  }),
  updateMatch: () => ({
    write: () => matches.updateMatch(db, fx.requestId, { threadId: "300000000000000001" }),
    check: async () => expect((await db.match.findUniqueOrThrow({ where: { id: fx.requestId } })).threadId).toBe("300000000000000001"),
  }),
  addNote: () => ({
    write: () => matches.addNote(db, fx.requestId, "1", "a note", new Date()),
    check: async () => expect(await db.matchNote.count()).toBe(1),
  }),
  addFeedback: () => ({
    write: () => matches.addFeedback(db, { matchId: fx.requestId, authorUserId: "1", role: "mentee", rating: 5, body: null }),
    check: async () => expect(await db.matchFeedback.count()).toBe(1),
  }),
  claimReminder: () => ({
    write: () => matches.claimReminder(db, fx.requestId, new Date()),
    check: async () => expect((await db.match.findUniqueOrThrow({ where: { id: fx.requestId } })).reminderSentAt).not.toBeNull(),
  }),
  eraseMemberData: () => ({
    write: () => privacy.eraseMemberData(db, GUILD, "200000000000000003", new Date()),
    check: async () => expect(await db.profile.findUnique({ where: { id: fx.otherMenteeId } })).toBeNull(),
  }),
  upsertProfile: () => ({
    write: () => profiles.upsertProfile(db, GUILD, "200000000000000009", { displayName: "New", industry: "it", stage: "mid" }, {}),
    check: async () => expect(await db.profile.count({ where: { userId: "200000000000000009" } })).toBe(1),
  }),
  updateProfile: () => ({
    write: () => profiles.updateProfile(db, fx.mentorId, { mentorAvailable: false }),
    check: async () => expect((await db.profile.findUniqueOrThrow({ where: { id: fx.mentorId } })).mentorAvailable).toBe(false),
  }),
  replaceTopics: () => ({
    write: () => profiles.replaceTopics(db, fx.mentorId, "mentor", [{ key: "cv", label: "CV" }]),
    check: async () => expect(await db.profileTopic.count({ where: { profileId: fx.mentorId } })).toBe(1),
  }),
  updateProfiles: () => ({
    write: () => profiles.updateProfiles(db, GUILD, [{ id: fx.mentorId, data: { mentorCapacity: 4 } }]),
    check: async () => expect((await db.profile.findUniqueOrThrow({ where: { id: fx.mentorId } })).mentorCapacity).toBe(4),
  }),
  createProfiles: () => ({
    write: () => profiles.createProfiles(db, GUILD, [{ userId: "200000000000000010", columns: { displayName: "Imported", industry: "it", stage: "mid", isMentee: true } }]),
    check: async () => expect(await db.profile.count({ where: { userId: "200000000000000010" } })).toBe(1),
  }),
  ensureTopics: () => ({
    write: () => profiles.ensureTopics(db, [{ key: "imported-topic", label: "imported topic" }]),
    check: async () => expect(await db.topic.count({ where: { key: "imported-topic" } })).toBe(1),
  }),
  replaceTopicsBulk: () => ({
    write: async () => {
      const topic = await db.topic.create({ data: { key: "bulk", label: "bulk" } });
      return profiles.replaceTopicsBulk(db, GUILD, [{ profileId: fx.menteeId, role: "mentee", topicIds: [topic.id] }]);
    },
    check: async () => expect(await db.profileTopic.count({ where: { profileId: fx.menteeId, role: "mentee" } })).toBe(1),
  }),
  deleteOrphanTopics: () => ({
    write: async () => {
      await db.topic.create({ data: { key: "orphan", label: "orphan" } });
      return profiles.deleteOrphanTopics(db);
    },
    check: async () => expect(await db.topic.count({ where: { key: "orphan" } })).toBe(0),
  }),
  createNote: () => ({
    write: () => followThrough.createNote(db, { matchId: fx.activeId, authorUserId: "1", body: "an action", createdAt: new Date(), dueOn: DUE, remindAt: DUE }),
    check: async () => expect(await db.matchNote.count({ where: { dueOn: DUE } })).toBe(1),
  }),
  markActionDone: () => ({
    write: async () => {
      const note = await db.matchNote.create({ data: { matchId: fx.activeId, authorUserId: "1", body: "an action", dueOn: DUE } });
      return followThrough.markActionDone(db, note.id, "1", new Date());
    },
    check: async () => expect(await db.matchNote.count({ where: { doneAt: { not: null } } })).toBe(1),
  }),
  claimActionReminder: () => ({
    write: async () => {
      const note = await db.matchNote.create({ data: { matchId: fx.activeId, authorUserId: "1", body: "an action", dueOn: DUE, remindAt: DUE } });
      return followThrough.claimActionReminder(db, note.id, DUE, new Date());
    },
    check: async () => expect(await db.matchNote.count({ where: { remindedAt: { not: null }, remindAt: null } })).toBe(1),
  }),
  claimMatchTimer: () => ({
    write: () => followThrough.claimMatchTimer(db, fx.activeId, "checkinDueAt", DUE, { checkinSentAt: new Date() }),
    check: async () => {
      const row = await db.match.findUniqueOrThrow({ where: { id: fx.activeId } });
      expect(row.checkinDueAt).toBeNull();
      expect(row.checkinSentAt).toBeInstanceOf(Date);
    },
  }),
  touchActivity: () => ({
    write: () => followThrough.touchActivity(db, fx.activeId, new Date(), DUE, DUE),
    check: async () => expect((await db.match.findUniqueOrThrow({ where: { id: fx.activeId } })).activityAt).not.toBeNull(),
  }),
  saveCheckin: () => ({
    write: () => followThrough.saveCheckin(db, { matchId: fx.activeId, authorUserId: "1", role: "mentee", answer: "going-well", createdAt: new Date() }),
    check: async () => expect(await db.matchCheckin.count()).toBe(1),
  }),
  flagMatch: () => ({
    write: () => followThrough.flagMatch(db, fx.activeId, "1", "help", new Date()),
    check: async () => expect((await db.match.findUniqueOrThrow({ where: { id: fx.activeId } })).flaggedAt).not.toBeNull(),
  }),
  resolveFlag: () => ({
    write: async () => {
      await db.match.update({ where: { id: fx.activeId }, data: { flaggedAt: new Date(), flagReason: "help" } });
      return followThrough.resolveFlag(db, fx.activeId, new Date());
    },
    check: async () => expect((await db.match.findUniqueOrThrow({ where: { id: fx.activeId } })).flagResolvedAt).not.toBeNull(),
  }),
  createSession: () => ({
    write: () => sessions.createSession(db, { matchId: fx.activeId, startsAt: DUE, durationMinutes: 30 }),
    check: async () => expect(await db.matchSession.count()).toBe(1),
  }),
  updateSessionIf: () => ({
    write: async () => {
      const session = await db.matchSession.create({ data: { matchId: fx.activeId, startsAt: DUE, durationMinutes: 30 } });
      return sessions.updateSessionIf(db, session.id, { status: "scheduled", sequence: 0 }, { status: "cancelled", sequence: 1 });
    },
    check: async () => expect(await db.matchSession.count({ where: { status: "cancelled" } })).toBe(1),
  }),
  claimSessionReminder: () => ({
    write: async () => {
      const session = await db.matchSession.create({ data: { matchId: fx.activeId, startsAt: DUE, durationMinutes: 30, remindDayAt: DUE } });
      return sessions.claimSessionReminder(db, session.id, "remindDayAt", DUE);
    },
    check: async () => expect(await db.matchSession.count({ where: { remindDayAt: null } })).toBe(1),
  }),
  createOfficeHour: () => ({
    write: () => officeHours.createOfficeHour(db, { guildId: GUILD, topicKey: "cv", topicLabel: "cv", startsAt: DUE, durationMinutes: 60, seats: 3, createdAt: new Date() }),
    check: async () => expect(await db.officeHour.count()).toBe(1),
  }),
  updateOfficeHourIf: () => ({
    write: async () => officeHours.updateOfficeHourIf(db, (await officeHour()).id, "scheduled", { status: "cancelled" }),
    check: async () => expect(await db.officeHour.count({ where: { status: "cancelled" } })).toBe(1),
  }),
  updateOfficeHour: () => ({
    write: async () => officeHours.updateOfficeHour(db, (await officeHour()).id, { threadId: "300000000000000002" }),
    check: async () => expect(await db.officeHour.count({ where: { threadId: "300000000000000002" } })).toBe(1),
  }),
  upsertSignup: () => ({
    write: async () => officeHours.upsertSignup(db, (await officeHour()).id, "200000000000000002", { status: "seat", joinedAt: new Date() }),
    check: async () => expect(await db.officeHourSignup.count()).toBe(1),
  }),
  updateSignupIf: () => ({
    write: async () => officeHours.updateSignupIf(db, (await signup((await officeHour()).id)).id, "seat", { status: "left", leftAt: new Date() }),
    check: async () => expect(await db.officeHourSignup.count({ where: { status: "left" } })).toBe(1),
  }),
  markSignupsForNotice: () => ({
    write: async () => {
      const hour = await officeHour();
      await signup(hour.id);
      return officeHours.markSignupsForNotice(db, hour.id, "cancelled", new Date());
    },
    check: async () => expect(await db.officeHourSignup.count({ where: { noticeKind: "cancelled" } })).toBe(1),
  }),
  "claimReminder (office hours)": () => ({
    write: async () => officeHours.claimReminder(db, (await signup((await officeHour()).id, { remindAt: DUE })).id, DUE),
    check: async () => expect(await db.officeHourSignup.count({ where: { remindAt: null } })).toBe(1),
  }),
  claimNotice: () => ({
    write: async () => officeHours.claimNotice(db, (await signup((await officeHour()).id, { noticeDueAt: DUE })).id, DUE),
    check: async () => expect(await db.officeHourSignup.count({ where: { noticeDueAt: null } })).toBe(1),
  }),
  claimAnnouncementBatch: () => ({
    write: async () => officeHours.claimAnnouncementBatch(db, (await officeHour()).id, 0, 10, null),
    check: async () => expect(await db.officeHour.count({ where: { announcedUpTo: 10, announceDueAt: null } })).toBe(1),
  }),
  setOptOut: () => ({
    write: () => officeHours.setOptOut(db, GUILD, "200000000000000002", true, new Date()),
    check: async () => expect(await db.officeHoursOptOut.count()).toBe(1),
  }),
  createResource: () => ({
    write: () => resources.createResource(db, { guildId: GUILD, url: "https://e.example/a", urlKey: "e.example/a", title: "A", createdAt: new Date() }, [{ key: "cv", label: "cv" }]),
    check: async () => expect(await db.resourceTopic.count()).toBe(1),
  }),
  addResourceTopics: () => ({
    write: async () => {
      const resource = await db.resource.create({ data: { guildId: GUILD, url: "https://e.example/b", urlKey: "e.example/b", title: "B", createdAt: new Date() } });
      return resources.addResourceTopics(db, resource.id, [{ key: "interviewing", label: "interviewing" }], new Date());
    },
    check: async () => expect(await db.resourceTopic.count({ where: { topicKey: "interviewing" } })).toBe(1),
  }),
  deleteResource: () => ({
    write: async () => {
      const resource = await db.resource.create({ data: { guildId: GUILD, url: "https://e.example/c", urlKey: "e.example/c", title: "C", createdAt: new Date() } });
      return resources.deleteResource(db, resource.id);
    },
    check: async () => expect(await db.resource.count()).toBe(0),
  }),
  recordMatchingChange: () => ({
    write: () => matchingVersion.recordMatchingChange(db, GUILD, [fx.mentorId]),
    // The fixture's two matches were versions 1 and 2.
    check: async () => expect(await matchingVersion.matchingChangesSince(db, GUILD, 2)).toEqual({ version: 3, profileIds: new Set([fx.mentorId]), server: false }),
  }),
  withMatchingChange: () => ({
    write: () => matchingVersion.withMatchingChange(db, async (t) => ({ result: await t.profile.update({ where: { id: fx.menteeId }, data: { headline: "kept" } }), guildId: GUILD, profileIds: [fx.menteeId] })),
    check: async () => {
      expect((await db.profile.findUniqueOrThrow({ where: { id: fx.menteeId } })).headline).toBe("kept");
      expect((await matchingVersion.matchingChangesSince(db, GUILD, 0)).profileIds.has(fx.menteeId)).toBe(true);
    },
  }),
  updateGuildSettings: () => ({
    write: () => settings.updateGuildSettings(db, GUILD, { cooldownDays: 3 }),
    check: async () => expect((await db.guildSettings.findUniqueOrThrow({ where: { guildId: GUILD } })).cooldownDays).toBe(3),
  }),
};

/** Storage functions that only read, or touch no database at all. */
const NOT_WRITES = new Set([
  // Capacity statistics: counts and group-bys.
  "coverageCounts",
  "periodCounts",
  "snapshotAt",
  "countWaitingNow",
  "availableMentorWhere",
  "freePlacesByMentor",
  "waitingDemandByTopic",
  "mentorOffers",
  // Office hours and resources: reads.
  "findOfficeHour",
  "upcomingOfficeHours",
  "countUpcomingOfHost",
  "signupCounts",
  "findSignup",
  "findSignupById",
  "countSeats",
  "firstOnWaitlist",
  "seatHolders",
  "seatIndexOf",
  "remindersDue",
  "noticesDue",
  "announcementsDue",
  "waitingMenteesWithTopic",
  "optedOut",
  "profileIdOf",
  "searchUpcoming",
  "waitlistPlace",
  "signedUpAmong",
  "upcomingSignupsOf",
  "scheduledHostedBy",
  "findResourceByKey",
  "findResource",
  "countResources",
  "resourcesWithTopics",
  "listResources",
  "resourceTopicUsage",
  "topicKeysOf",
  // Reads of matches, notes, sessions and flags (follow-through, visibility, responsiveness).
  "getMatch",
  "pendingRequestsByMentor",
  "matchLinks",
  "otherOpenRequestsOfMentee",
  "answerTimesOfMentors",
  "mentorsWithOldestRequests",
  "collectMemberData",
  "findNote",
  "listActions",
  "openActionsOf",
  "actionsDueForReminder",
  "activeMatchesDue",
  "listFlagged",
  "countFlagged",
  "findSession",
  "listSessionsOfMatch",
  "sessionsDueForReminder",
  "scheduledSessionsStartedBefore",
  "countHeldSessions",
  "sessionsOfMatches",
  "listAudit",
  "isOpen",
  "openPairKey",
  "findMatch",
  "countMentorLoad",
  "mentorLoads",
  "blockedPairs",
  "menteesWithOpenMatch",
  "listMatchesOfProfile",
  "listReviewQueue",
  "countReviewQueue",
  "countPendingRequestsOfMentee",
  "countRequestsSince",
  "requestsDueForExpiry",
  "requestsDueForReminder",
  "listNotes",
  "countNotes",
  "listFeedback",
  "countMatchesByStatus",
  "activationTimesSince",
  "feedbackSummary",
  "profilesWerePaired",
  "findProfile",
  "findProfileById",
  "topicsOf",
  "listMentorProfiles",
  "listMenteeProfiles",
  "topicUsage",
  "industryUsage",
  "findProfilesByUserIds",
  "availableMentorWhere",
  "mentorTotals",
  "mentorLoadSummary",
  "menteeTotals",
  "waitStarts",
  "topicsOfferedAmong",
  "unmetTopicCounts",
  "findOrCreateGuildSettings",
  // The live matching index's version: reads.
  "currentMatchingVersion",
  "listMatchingProfilesPage",
  "findProfilesByIds",
  "mentorLoadsOf",
  "pendingRequestsOf",
  "blockingMatches",
  "matchingChangesSince",
  // Row locks (PostgreSQL; nothing on SQLite) and the engine's name.
  "lockProfiles",
  "lockOfficeHour",
  "lockLibrary",
  "isTransaction",
  "providerOf",
  "dateOf",
  // The mechanism itself.
  "inTransaction",
]);

describe("no statement runs inside another caller's transaction", () => {
  it("every exported storage function is classified as a write (exercised below) or not", () => {
    const exported = [audit, capacity, followThrough, matches, matchingVersion, officeHours, privacy, profiles, resources, sessions, settings, tx].flatMap((m) =>
      Object.entries(m)
        .filter(([, value]) => typeof value === "function")
        .map(([name]) => name),
    );
    const unclassified = exported.filter((name) => !(name in WRITES) && !NOT_WRITES.has(name));
    expect(unclassified, "classify these in test/db/transaction-queue.test.ts").toEqual([]);
  });

  for (const name of Object.keys(WRITES)) {
    it(`given another caller's transaction that rolls back, when ${name} writes meanwhile, then its write is kept`, async () => {
      const { write, check } = (WRITES[name] as () => { write: () => Promise<unknown>; check: Check })();
      await whileAnotherTransactionRollsBack(write);
      await check();
      // The held transaction's own write is gone.
      expect((await db.profile.findUniqueOrThrow({ where: { id: fx.scratchId } })).headline).toBeNull();
    });
  }

  it("given another caller's open transaction, when a plain read runs meanwhile, then it does not see the uncommitted write", async () => {
    const seen = await whileAnotherTransactionRollsBack(() => db.profile.findUniqueOrThrow({ where: { id: fx.scratchId } }));
    expect(seen.headline).toBeNull();
  });

  it("given a raw statement outside any transaction, when another transaction rolls back meanwhile, then the statement is kept", async () => {
    await whileAnotherTransactionRollsBack(() => db.$executeRawUnsafe(`UPDATE "Profile" SET "headline" = 'raw' WHERE "id" = ${fx.mentorId}`));
    expect((await db.profile.findUniqueOrThrow({ where: { id: fx.mentorId } })).headline).toBe("raw");
  });

  // SQLite only: there the main client waits for the connection the callback's transaction holds.
  it.skipIf(onPostgres)("given a transaction callback, when it wrongly uses the main client instead of its transaction, then it fails with a message saying so and nothing is kept", async () => {
    await expect(
      inTransaction(db, async (t) => {
        await t.profile.update({ where: { id: fx.scratchId }, data: { headline: "half" } });
        return db.profile.count();
      }),
    ).rejects.toThrow(/inside a transaction callback, it used the main client/);
    expect((await db.profile.findUniqueOrThrow({ where: { id: fx.scratchId } })).headline).toBeNull();
  }, 30_000);
});
