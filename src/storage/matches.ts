// Matches, their notes and feedback. Status changes are compare-and-set updates (`where status in
// from`), so a double click or two moderators at once change a match exactly once.
import { DuplicateOpenMatchError } from "../errors.js";
import type { Match, MatchFeedback, MatchNote, Prisma, Profile } from "../generated/prisma/client.js";
import { isUniqueViolation } from "../db/errors.js";
import type { DbOrTx } from "./tx.js";

export type { Match, MatchNote, MatchFeedback };

export const MATCH_STATUSES = [
  "requested",
  "pending_review",
  "active",
  "declined",
  "rejected",
  "cancelled",
  "ended",
  "expired",
] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** A pair may have one of these at a time. */
export const OPEN_STATUSES: readonly MatchStatus[] = ["requested", "pending_review", "active"];
/** These occupy one of the mentor's places (capacity). */
export const LOAD_STATUSES: readonly MatchStatus[] = ["pending_review", "active"];
/**
 * Closed matches that keep a pair from being suggested again during the cool-down: declined,
 * rejected or expired (it did not work out), and ended or cancelled (they just worked together or
 * one of them stopped; a fresh pairing is more useful).
 */
export const COOLDOWN_STATUSES: readonly MatchStatus[] = ["declined", "rejected", "expired", "ended", "cancelled"];

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export function openPairKey(guildId: string, mentorProfileId: number, menteeProfileId: number): string {
  return `${guildId}:${mentorProfileId}:${menteeProfileId}`;
}

export type MatchWithPeople = Match & { mentor: Profile | null; mentee: Profile | null };

const people = { mentor: true, mentee: true } as const;

export interface NewMatch {
  guildId: string;
  mentorProfileId: number;
  menteeProfileId: number;
  status: MatchStatus;
  source: "request" | "round";
  score: number;
  explanation: string;
  requestMessage?: string | null;
  requestedById?: string | null;
  expiresAt?: Date | null;
  /** From the injected clock, so rate windows and "waiting since" follow it. */
  createdAt: Date;
}

/** Inserts an open match; a second open match for the pair is refused with a domain error. */
export async function createMatch(db: DbOrTx, input: NewMatch): Promise<Match> {
  try {
    return await db.match.create({
      data: { ...input, openPairKey: openPairKey(input.guildId, input.mentorProfileId, input.menteeProfileId) },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateOpenMatchError();
    throw error;
  }
}

export function findMatch(db: DbOrTx, id: number): Promise<MatchWithPeople | null> {
  return db.match.findUnique({ where: { id }, include: people });
}

/**
 * Moves a match from one of `from` to `data.status` if it is still in one of `from`.
 * Returns false when someone else changed it first. Closing a match frees the pair.
 */
export async function transitionMatch(
  db: DbOrTx,
  id: number,
  from: readonly MatchStatus[],
  data: Omit<Prisma.MatchUncheckedUpdateManyInput, "status"> & { status: MatchStatus },
): Promise<boolean> {
  const closing = !isOpen(data.status);
  const result = await db.match.updateMany({
    where: { id, status: { in: [...from] } },
    data: closing ? { ...data, openPairKey: null } : data,
  });
  return result.count === 1;
}

export function updateMatch(db: DbOrTx, id: number, data: Prisma.MatchUncheckedUpdateInput): Promise<Match> {
  return db.match.update({ where: { id }, data });
}

export function countMentorLoad(db: DbOrTx, mentorProfileId: number): Promise<number> {
  return db.match.count({ where: { mentorProfileId, status: { in: [...LOAD_STATUSES] } } });
}

/** Places used per mentor profile id in a guild. */
export async function mentorLoads(db: DbOrTx, guildId: string): Promise<Map<number, number>> {
  const rows = await db.match.groupBy({
    by: ["mentorProfileId"],
    where: { guildId, status: { in: [...LOAD_STATUSES] }, mentorProfileId: { not: null } },
    _count: { _all: true },
  });
  return new Map(rows.flatMap((r) => (r.mentorProfileId === null ? [] : [[r.mentorProfileId, r._count._all] as const])));
}

/** Pairs that must not be suggested: open now, or declined/rejected/expired since `cooldownSince`. */
export async function blockedPairs(db: DbOrTx, guildId: string, cooldownSince: Date): Promise<Set<string>> {
  const rows = await db.match.findMany({
    where: {
      guildId,
      mentorProfileId: { not: null },
      menteeProfileId: { not: null },
      OR: [
        { status: { in: [...OPEN_STATUSES] } },
        { status: { in: [...COOLDOWN_STATUSES] }, closedAt: { gte: cooldownSince } },
      ],
    },
    select: { mentorProfileId: true, menteeProfileId: true },
  });
  return new Set(rows.map((r) => `${r.mentorProfileId}:${r.menteeProfileId}`));
}

/** Mentee profile ids with a match in one of `statuses` (default: any open one). */
export async function menteesWithOpenMatch(
  db: DbOrTx,
  guildId: string,
  statuses: readonly MatchStatus[] = OPEN_STATUSES,
): Promise<Set<number>> {
  const rows = await db.match.findMany({
    where: { guildId, status: { in: [...statuses] }, menteeProfileId: { not: null } },
    select: { menteeProfileId: true },
    distinct: ["menteeProfileId"],
  });
  return new Set(rows.flatMap((r) => (r.menteeProfileId === null ? [] : [r.menteeProfileId])));
}

export function listMatchesOfProfile(db: DbOrTx, profileId: number, take = 25): Promise<MatchWithPeople[]> {
  return db.match.findMany({
    where: { OR: [{ mentorProfileId: profileId }, { menteeProfileId: profileId }] },
    include: people,
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take,
  });
}

export function listReviewQueue(db: DbOrTx, guildId: string, take = 10): Promise<MatchWithPeople[]> {
  return db.match.findMany({
    where: { guildId, status: "pending_review" },
    include: people,
    orderBy: { id: "asc" },
    take,
  });
}

export function countReviewQueue(db: DbOrTx, guildId: string): Promise<number> {
  return db.match.count({ where: { guildId, status: "pending_review" } });
}

export function countPendingRequestsOfMentee(db: DbOrTx, menteeProfileId: number): Promise<number> {
  return db.match.count({ where: { menteeProfileId, status: "requested", source: "request" } });
}

export function countRequestsSince(db: DbOrTx, guildId: string, requestedById: string, since: Date): Promise<number> {
  return db.match.count({ where: { guildId, requestedById, source: "request", createdAt: { gt: since } } });
}

/** Requests whose expiry has passed (any guild): the scheduler closes them. */
export function requestsDueForExpiry(db: DbOrTx, now: Date, take = 100): Promise<MatchWithPeople[]> {
  return db.match.findMany({
    where: { status: "requested", expiresAt: { lte: now } },
    include: people,
    orderBy: { expiresAt: "asc" },
    take,
  });
}

/** Requests expiring before `threshold` whose mentor has not been reminded yet. */
export function requestsDueForReminder(db: DbOrTx, now: Date, threshold: Date, take = 100): Promise<MatchWithPeople[]> {
  return db.match.findMany({
    where: { status: "requested", reminderSentAt: null, expiresAt: { gt: now, lte: threshold } },
    include: people,
    orderBy: { expiresAt: "asc" },
    take,
  });
}

export function addNote(db: DbOrTx, matchId: number, authorUserId: string, body: string, createdAt: Date): Promise<MatchNote> {
  return db.matchNote.create({ data: { matchId, authorUserId, body, createdAt } });
}

export function listNotes(db: DbOrTx, matchId: number, take = 10): Promise<MatchNote[]> {
  return db.matchNote.findMany({ where: { matchId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
}

export function countNotes(db: DbOrTx, matchId: number): Promise<number> {
  return db.matchNote.count({ where: { matchId } });
}

export function addFeedback(
  db: DbOrTx,
  data: { matchId: number; authorUserId: string; role: "mentor" | "mentee"; rating: number | null; body: string | null },
): Promise<MatchFeedback> {
  return db.matchFeedback.upsert({
    where: { matchId_role: { matchId: data.matchId, role: data.role } },
    create: data,
    update: { rating: data.rating, body: data.body },
  });
}

export function listFeedback(db: DbOrTx, matchId: number): Promise<MatchFeedback[]> {
  return db.matchFeedback.findMany({ where: { matchId } });
}

export async function countMatchesByStatus(db: DbOrTx, guildId: string): Promise<Map<string, number>> {
  const rows = await db.match.groupBy({ by: ["status"], where: { guildId }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.status, r._count._all]));
}

export async function activationTimesSince(db: DbOrTx, guildId: string, since: Date): Promise<Date[]> {
  const rows = await db.match.findMany({ where: { guildId, activatedAt: { gte: since } }, select: { activatedAt: true } });
  return rows.flatMap((r) => (r.activatedAt === null ? [] : [r.activatedAt]));
}

export async function feedbackSummary(db: DbOrTx, guildId: string): Promise<{ count: number; averageRating: number | null }> {
  const agg = await db.matchFeedback.aggregate({ where: { match: { guildId } }, _count: { _all: true }, _avg: { rating: true } });
  return { count: agg._count._all, averageRating: agg._avg.rating };
}

/** Marks a request's reminder as sent; false when another tick already did. */
export async function claimReminder(db: DbOrTx, matchId: number, now: Date): Promise<boolean> {
  const claimed = await db.match.updateMany({
    where: { id: matchId, status: "requested", reminderSentAt: null },
    data: { reminderSentAt: now },
  });
  return claimed.count === 1;
}

/** Whether two profiles were ever paired (any status but declined/expired requests). */
export async function profilesWerePaired(db: DbOrTx, a: number, b: number): Promise<boolean> {
  const count = await db.match.count({
    where: {
      status: { in: ["pending_review", "active", "ended", "requested"] },
      OR: [
        { mentorProfileId: a, menteeProfileId: b },
        { mentorProfileId: b, menteeProfileId: a },
      ],
    },
  });
  return count > 0;
}
