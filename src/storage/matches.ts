// Matches, their notes and feedback. Status changes are compare-and-set updates (`where status in
// from`), so a double click or two moderators at once change a match exactly once.
import { COOLDOWN_STATUSES, isOpen, LOAD_STATUSES, OPEN_STATUSES, type MatchStatus } from "../domain/enums.js";
import { DuplicateOpenMatchError } from "../errors.js";
import { Prisma, type Match, type MatchFeedback, type MatchNote, type Profile } from "../generated/prisma/client.js";
import { isUniqueViolation } from "../db/errors.js";
import { chunks, IN_CHUNK } from "./chunks.js";
import { withMatchingChange } from "./matching-version.js";
import { dateOf } from "./profiles.js";
import { inScope, type GuildScope } from "./scope.js";
import type { DbOrTx } from "./tx.js";

export type { Match, MatchNote, MatchFeedback };

export { isOpen, type MatchStatus };

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
export async function createMatch(db: DbOrTx, input: NewMatch): Promise<MatchWithPeople> {
  return withMatchingChange(db, async (tx) => ({
    result: await insertMatch(tx, input),
    guildId: input.guildId,
    profileIds: [input.mentorProfileId, input.menteeProfileId],
  }));
}

/**
 * Inserts many open matches of one guild (a round's proposals) with one matching change for all
 * of them, in INSERTs of MATCH_ROWS_PER_INSERT rows; a pair that has an open match already is
 * skipped and counted, and so is a pair one of whose profiles was deleted since it was ranked (a
 * round at 100k runs for minutes).
 * Returns counts, not rows: a round at 100k saves ~90k proposals, which nobody reads back one by one.
 */
export async function createMatches(db: DbOrTx, guildId: string, inputs: readonly NewMatch[]): Promise<{ created: number; duplicates: number; gone: number }> {
  return withMatchingChange(db, async (tx) => {
    // Both reads in SQL, IN lists of IN_CHUNK: a round makes ~360 of each (saving 89,800
    // proposals on a copy of the 100k file: 35 s with findMany, 31 s in SQL; the heap's peak
    // did not change).
    const open = new Set<string>();
    for (const keys of chunks([...new Set(inputs.map((i) => openPairKey(i.guildId, i.mentorProfileId, i.menteeProfileId)))], IN_CHUNK)) {
      for (const row of await tx.$queryRaw<{ key: string }[]>`SELECT "openPairKey" AS "key" FROM "Match" WHERE "openPairKey" IN (${Prisma.join(keys)})`) open.add(row.key);
    }
    const existing = new Set<number>();
    for (const ids of chunks([...new Set(inputs.flatMap((i) => [i.mentorProfileId, i.menteeProfileId]))], IN_CHUNK)) {
      for (const row of await tx.$queryRaw<{ id: number | bigint }[]>`SELECT "id" FROM "Profile" WHERE "id" IN (${Prisma.join(ids)})`) existing.add(Number(row.id));
    }
    const fresh: (NewMatch & { openPairKey: string })[] = [];
    let gone = 0;
    for (const input of inputs) {
      if (!existing.has(input.mentorProfileId) || !existing.has(input.menteeProfileId)) {
        gone++;
        continue;
      }
      const key = openPairKey(input.guildId, input.mentorProfileId, input.menteeProfileId);
      if (open.has(key)) continue;
      open.add(key);
      fresh.push({ ...input, openPairKey: key });
    }
    const created = await insertAllOrEach(tx, fresh, true);
    return {
      result: { created, duplicates: inputs.length - gone - created, gone },
      guildId: created === 0 ? null : guildId,
      profileIds: fresh.flatMap((m) => [m.mentorProfileId, m.menteeProfileId]),
    };
  });
}

/**
 * Match rows per INSERT statement (a turn of the event loop comes after each statement). 50 rows
 * are 650 bound values, far under both engines' limits.
 */
const MATCH_ROWS_PER_INSERT = 50;

/**
 * One multi-row INSERT of new matches, in SQL rather than `createMany`: Prisma's own work for a
 * createMany is about 0.5 ms per row (30,000 round proposals on SQLite in batches of 250: 16.8 s
 * and a 211 MB heap at its peak, against 2.7 s and 109 MB in SQL), which is where a round at 100k
 * spent its saving time and its memory. The adapters bind a Date exactly as Prisma's own
 * writes store it (SQLite: ISO text; PostgreSQL: timestamp(3)), so rows read back the same.
 * `updatedAt` is set here (Prisma's @updatedAt only applies to its own writes).
 */
function insertMatchRows(tx: DbOrTx, rows: readonly (NewMatch & { openPairKey: string })[]): Promise<number> {
  const values = rows.map(
    (r) =>
      Prisma.sql`(${r.guildId}, ${r.mentorProfileId}, ${r.menteeProfileId}, ${r.openPairKey}, ${r.status}, ${r.source}, ${r.score}, ${r.explanation}, ${r.requestMessage ?? null}, ${r.requestedById ?? null}, ${r.expiresAt ?? null}, ${r.createdAt}, ${r.createdAt})`,
  );
  return tx.$executeRaw`INSERT INTO "Match" ("guildId", "mentorProfileId", "menteeProfileId", "openPairKey", "status", "source", "score", "explanation", "requestMessage", "requestedById", "expiresAt", "createdAt", "updatedAt") VALUES ${Prisma.join(values)}`;
}

/**
 * A few INSERTs for all the rows; if another transaction opened one of the pairs since they were
 * checked, an INSERT fails on the open-pair key, the attempt is undone and the rows go in one by
 * one, skipping the pairs now open. With `savepoints` (inside a transaction, both engines) each
 * attempt runs under a savepoint: PostgreSQL aborts the whole transaction on a failed statement,
 * and on SQLite the INSERTs before the failed one would otherwise stay. Exported for its test:
 * the race it covers cannot be staged through createMatches in one process.
 */
export async function insertAllOrEach(tx: DbOrTx, rows: readonly (NewMatch & { openPairKey: string })[], savepoints: boolean): Promise<number> {
  const attempt = async (work: () => Promise<number>): Promise<number | null> => {
    if (savepoints) await tx.$executeRawUnsafe("SAVEPOINT create_matches");
    try {
      const count = await work();
      if (savepoints) await tx.$executeRawUnsafe("RELEASE SAVEPOINT create_matches");
      return count;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (savepoints) await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT create_matches");
      return null;
    }
  };
  if (rows.length === 0) return 0;
  const all = await attempt(async () => {
    let count = 0;
    for (const part of chunks(rows, MATCH_ROWS_PER_INSERT)) count += await insertMatchRows(tx, part);
    return count;
  });
  if (all !== null) return all;
  let created = 0;
  for (const row of rows) created += (await attempt(async () => (await tx.match.create({ data: row, select: { id: true } }), 1))) ?? 0;
  return created;
}

async function insertMatch(db: DbOrTx, input: NewMatch): Promise<MatchWithPeople> {
  try {
    return await db.match.create({
      data: { ...input, openPairKey: openPairKey(input.guildId, input.mentorProfileId, input.menteeProfileId) },
      include: people,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateOpenMatchError();
    throw error;
  }
}

export function findMatch(db: DbOrTx, id: number): Promise<MatchWithPeople | null> {
  return db.match.findUnique({ where: { id }, include: people });
}

/** A match known to exist (just written in the same transaction). */
export function getMatch(db: DbOrTx, id: number): Promise<MatchWithPeople> {
  return db.match.findUniqueOrThrow({ where: { id }, include: people });
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
  return withMatchingChange(db, async (tx) => {
    const result = await tx.match.updateMany({
      where: { id, status: { in: [...from] } },
      data: closing ? { ...data, openPairKey: null } : data,
    });
    if (result.count !== 1) return { result: false, guildId: null, profileIds: [] };
    // A status change moves the mentor's load or pending requests and the pair's block.
    const match = await tx.match.findUniqueOrThrow({ where: { id }, select: { guildId: true, mentorProfileId: true, menteeProfileId: true } });
    return { result: true, guildId: match.guildId, profileIds: [match.mentorProfileId, match.menteeProfileId].filter((p) => p !== null) };
  });
}

/** Columns of a match that matching reads (load, pending requests, block list). */
const MATCHING_COLUMNS = ["status", "closedAt", "mentorProfileId", "menteeProfileId", "guildId"] as const;

export function updateMatch(db: DbOrTx, id: number, data: Prisma.MatchUncheckedUpdateInput): Promise<Match> {
  if (!MATCHING_COLUMNS.some((column) => data[column] !== undefined)) return db.match.update({ where: { id }, data });
  return withMatchingChange(db, async (tx) => {
    const match = await tx.match.update({ where: { id }, data });
    return { result: match, guildId: match.guildId, profileIds: [match.mentorProfileId, match.menteeProfileId].filter((p) => p !== null) };
  });
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

/** Requests waiting for each mentor's answer (mentor profile id → count) in a guild. */
export async function pendingRequestsByMentor(db: DbOrTx, guildId: string): Promise<Map<number, number>> {
  const rows = await db.match.groupBy({
    by: ["mentorProfileId"],
    where: { guildId, status: "requested", mentorProfileId: { not: null } },
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
  if (statuses.length === 0) return new Set();
  // In SQL, one column: through Prisma (findMany with distinct, which it applies to the rows
  // itself) the 10k open matches of a 100k + 100k benchmark server held the event loop 50-90 ms
  // as a matching round started.
  const rows = await db.$queryRaw<{ id: number | bigint }[]>`
    SELECT DISTINCT "menteeProfileId" AS "id" FROM "Match"
    WHERE "guildId" = ${guildId} AND "status" IN (${Prisma.join([...statuses])}) AND "menteeProfileId" IS NOT NULL`;
  const ids = new Set<number>();
  for (const row of rows) ids.add(Number(row.id));
  return ids;
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
export function requestsDueForExpiry(db: DbOrTx, now: Date, guilds?: GuildScope, take = 100): Promise<MatchWithPeople[]> {
  return db.match.findMany({
    where: { status: "requested", expiresAt: { lte: now }, ...inScope(guilds) },
    include: people,
    orderBy: { expiresAt: "asc" },
    take,
  });
}

/** Requests expiring before `threshold` whose mentor has not been reminded yet. */
export function requestsDueForReminder(db: DbOrTx, now: Date, threshold: Date, guilds?: GuildScope, take = 100): Promise<MatchWithPeople[]> {
  return db.match.findMany({
    where: { status: "requested", reminderSentAt: null, expiresAt: { gt: now, lte: threshold }, ...inScope(guilds) },
    include: people,
    orderBy: { expiresAt: "asc" },
    take,
  });
}

export function addNote(
  db: DbOrTx,
  matchId: number,
  authorUserId: string,
  body: string,
  createdAt: Date,
  action?: { dueOn: Date; ownerUserId: string; remindAt: Date },
): Promise<MatchNote> {
  return db.matchNote.create({ data: { matchId, authorUserId, body, createdAt, ...action } });
}

/** A match's notes, newest first (all of them unless `take` is given). */
export function listNotes(db: DbOrTx, matchId: number, take?: number): Promise<MatchNote[]> {
  return db.matchNote.findMany({ where: { matchId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...(take === undefined ? {} : { take }) });
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

/** Matches between one profile and any of `others`, in either role (for the visibility policy). */
export function matchLinks(db: DbOrTx, profileId: number, others: readonly number[]) {
  if (others.length === 0) return Promise.resolve([]);
  return db.match.findMany({
    where: {
      OR: [
        { mentorProfileId: profileId, menteeProfileId: { in: [...others] } },
        { menteeProfileId: profileId, mentorProfileId: { in: [...others] } },
      ],
    },
    select: { mentorProfileId: true, menteeProfileId: true, status: true, source: true, mentorDecidedAt: true },
  });
}

/** The mentee's other requests still waiting for a mentor's answer (first acceptance wins). */
export function otherOpenRequestsOfMentee(db: DbOrTx, menteeProfileId: number, exceptMatchId: number): Promise<MatchWithPeople[]> {
  return db.match.findMany({ where: { menteeProfileId, status: "requested", id: { not: exceptMatchId } }, include: people, orderBy: { id: "asc" } });
}

/** How long each mentor took to answer (accept or decline) their last `take` requests, in ms. */
export async function answerTimesOfMentors(db: DbOrTx, mentorProfileIds: readonly number[], take = 10): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (mentorProfileIds.length === 0) return out;
  const rows = await db.match.findMany({
    where: { mentorProfileId: { in: [...mentorProfileIds] }, source: "request", mentorDecidedAt: { not: null } },
    select: { mentorProfileId: true, createdAt: true, mentorDecidedAt: true },
    orderBy: { mentorDecidedAt: "desc" },
  });
  for (const row of rows) {
    if (row.mentorProfileId === null || row.mentorDecidedAt === null) continue;
    const list = out.get(row.mentorProfileId) ?? [];
    if (list.length < take) list.push(row.mentorDecidedAt.getTime() - row.createdAt.getTime());
    out.set(row.mentorProfileId, list);
  }
  return out;
}

/**
 * Mentors of the server with requests waiting for their answer: how many, and when the oldest was
 * made; the `take` whose oldest request is oldest (then by name). One grouped query over the open
 * requests, so the count is every open request of the mentor, not only those among the oldest.
 */
export async function mentorsWithOldestRequests(db: DbOrTx, guildId: string, take: number): Promise<{ id: number; name: string; open: number; oldest: Date }[]> {
  const rows = await db.$queryRaw<{ id: number | bigint; name: string; open: number | bigint; oldest: Date | string | number }[]>`
    SELECT x."id", q."displayName" AS "name", x."open", x."oldest"
    FROM (SELECT m."mentorProfileId" AS "id", COUNT(*) AS "open", MIN(m."createdAt") AS "oldest" FROM "Match" m
          WHERE m."guildId" = ${guildId} AND m."status" = 'requested' AND m."mentorProfileId" IS NOT NULL
          GROUP BY m."mentorProfileId") x
    JOIN "Profile" q ON q."id" = x."id"
    ORDER BY x."oldest" ASC, q."displayName" ASC
    LIMIT ${take}`;
  return rows.map((r) => ({ id: Number(r.id), name: r.name, open: Number(r.open), oldest: dateOf(r.oldest) ?? new Date(0) }));
}

/** Places used by each of the given mentors (LOAD_STATUSES). */
export async function mentorLoadsOf(db: DbOrTx, mentorProfileIds: readonly number[]): Promise<Map<number, number>> {
  if (mentorProfileIds.length === 0) return new Map();
  const rows = await db.match.groupBy({
    by: ["mentorProfileId"],
    where: { mentorProfileId: { in: [...mentorProfileIds] }, status: { in: [...LOAD_STATUSES] } },
    _count: { _all: true },
  });
  return new Map(rows.flatMap((r) => (r.mentorProfileId === null ? [] : [[r.mentorProfileId, r._count._all] as const])));
}

/** Requests waiting for each of the given mentors' answer. */
export async function pendingRequestsOf(db: DbOrTx, mentorProfileIds: readonly number[]): Promise<Map<number, number>> {
  if (mentorProfileIds.length === 0) return new Map();
  const rows = await db.match.groupBy({
    by: ["mentorProfileId"],
    where: { mentorProfileId: { in: [...mentorProfileIds] }, status: "requested" },
    _count: { _all: true },
  });
  return new Map(rows.flatMap((r) => (r.mentorProfileId === null ? [] : [[r.mentorProfileId, r._count._all] as const])));
}

/** A match that keeps its pair from being suggested: while open, or until the cool-down after closedAt. */
export interface BlockingMatch {
  mentorProfileId: number;
  menteeProfileId: number;
  /** null while open. */
  closedAt: Date | null;
}

/**
 * The blocking matches of a guild (`profileIds` omitted) or of the given profiles in either role:
 * open ones, and declined/rejected/expired ones closed since `cooldownSince`.
 *
 * For given profiles, one query per role and per IN_CHUNK ids (an OR of two id lists in one
 * statement passes SQLite's parameter limit from 500 ids on); a match found in both roles is
 * returned once.
 */
export async function blockingMatches(db: DbOrTx, guildId: string, cooldownSince: Date, profileIds?: readonly number[]): Promise<BlockingMatch[]> {
  if (profileIds === undefined) return blockingMatchesWhere(db, guildId, cooldownSince, {});
  const byId = new Map<number, BlockingMatch>();
  for (const ids of chunks(profileIds, IN_CHUNK)) {
    for (const involving of [{ mentorProfileId: { in: ids } }, { menteeProfileId: { in: ids } }]) {
      for (const match of await blockingMatchesWhere(db, guildId, cooldownSince, involving)) byId.set(match.id, match);
    }
  }
  return [...byId.values()].map(({ mentorProfileId, menteeProfileId, closedAt }) => ({ mentorProfileId, menteeProfileId, closedAt }));
}

async function blockingMatchesWhere(
  db: DbOrTx,
  guildId: string,
  cooldownSince: Date,
  involving: Prisma.MatchWhereInput,
): Promise<(BlockingMatch & { id: number })[]> {
  const rows = await db.match.findMany({
    where: {
      AND: [
        { guildId, mentorProfileId: { not: null }, menteeProfileId: { not: null }, ...involving },
        { OR: [{ status: { in: [...OPEN_STATUSES] } }, { status: { in: [...COOLDOWN_STATUSES] }, closedAt: { gte: cooldownSince } }] },
      ],
    },
    select: { id: true, mentorProfileId: true, menteeProfileId: true, status: true, closedAt: true },
  });
  return rows.flatMap((r) =>
    r.mentorProfileId === null || r.menteeProfileId === null
      ? []
      : [{ id: r.id, mentorProfileId: r.mentorProfileId, menteeProfileId: r.menteeProfileId, closedAt: isOpen(r.status as MatchStatus) ? null : r.closedAt }],
  );
}
