// Scheduled sessions of a pair. Reminder due times live in columns (remindDayAt, remindHourAt) and
// are claimed with a compare-and-set, like every timed job of the bot.
import type { MatchSession, Prisma } from "../generated/prisma/client.js";
import type { MatchWithPeople } from "./matches.js";
import { inScope, type GuildScope } from "./scope.js";
import type { DbOrTx } from "./tx.js";

export type { MatchSession };

export type SessionWithMatch = MatchSession & { match: MatchWithPeople };

const withMatch = { match: { include: { mentor: true, mentee: true } } } as const;

export function createSession(db: DbOrTx, data: Prisma.MatchSessionUncheckedCreateInput): Promise<SessionWithMatch> {
  return db.matchSession.create({ data, include: withMatch });
}

export function findSession(db: DbOrTx, id: number): Promise<SessionWithMatch | null> {
  return db.matchSession.findUnique({ where: { id }, include: withMatch });
}

/** Changes a session still in `status` (compare-and-set on status and sequence); false if it moved on. */
export async function updateSessionIf(db: DbOrTx, id: number, expected: { status: string; sequence: number }, data: Prisma.MatchSessionUncheckedUpdateManyInput): Promise<boolean> {
  const result = await db.matchSession.updateMany({ where: { id, status: expected.status, sequence: expected.sequence }, data });
  return result.count === 1;
}

/** Upcoming sessions first (soonest first), then past ones (newest first). */
export async function listSessionsOfMatch(db: DbOrTx, matchId: number, now: Date, take = 10): Promise<{ upcoming: MatchSession[]; past: MatchSession[] }> {
  const [upcoming, past] = await Promise.all([
    db.matchSession.findMany({ where: { matchId, status: "scheduled", startsAt: { gte: now } }, orderBy: { startsAt: "asc" }, take }),
    db.matchSession.findMany({ where: { matchId, OR: [{ status: { not: "scheduled" } }, { startsAt: { lt: now } }] }, orderBy: { startsAt: "desc" }, take }),
  ]);
  return { upcoming, past };
}

export type SessionReminder = "remindDayAt" | "remindHourAt";

export function sessionsDueForReminder(db: DbOrTx, which: SessionReminder, now: Date, guilds?: GuildScope, take = 100): Promise<SessionWithMatch[]> {
  return db.matchSession.findMany({ where: { status: "scheduled", [which]: { lte: now }, ...(guilds === undefined ? {} : { match: inScope(guilds) }) }, include: withMatch, orderBy: { [which]: "asc" }, take });
}

export async function claimSessionReminder(db: DbOrTx, id: number, which: SessionReminder, due: Date): Promise<boolean> {
  const result = await db.matchSession.updateMany({ where: { id, status: "scheduled", [which]: due }, data: { [which]: null } });
  return result.count === 1;
}

/** Scheduled sessions that started before `startedBefore` (their end is computed by the caller). */
export function scheduledSessionsStartedBefore(db: DbOrTx, startedBefore: Date, guilds?: GuildScope, take = 100): Promise<SessionWithMatch[]> {
  return db.matchSession.findMany({ where: { status: "scheduled", startsAt: { lte: startedBefore }, ...(guilds === undefined ? {} : { match: inScope(guilds) }) }, include: withMatch, orderBy: { startsAt: "asc" }, take });
}

export async function countHeldSessions(db: DbOrTx, guildId: string, since?: Date): Promise<number> {
  return db.matchSession.count({ where: { status: "held", match: { guildId }, ...(since === undefined ? {} : { heldAt: { gte: since } }) } });
}

export function sessionsOfMatches(db: DbOrTx, matchIds: readonly number[]): Promise<MatchSession[]> {
  return db.matchSession.findMany({ where: { matchId: { in: [...matchIds] } }, orderBy: { startsAt: "asc" } });
}
