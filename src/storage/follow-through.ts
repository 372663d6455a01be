// Action points, check-ins, quiet-pair timers and moderator flags. Every timed item has its due
// time in a column; a tick claims it with a compare-and-set (`updateMany where due = what was
// read`), so two ticks or two processes never send the same reminder twice.
import type { MatchCheckin, MatchNote, Prisma } from "../generated/prisma/client.js";
import type { MatchWithPeople } from "./matches.js";
import { inScope, type GuildScope } from "./scope.js";
import type { DbOrTx } from "./tx.js";

export type { MatchCheckin, MatchNote };

const people = { mentor: true, mentee: true } as const;

export interface NewNote {
  matchId: number;
  authorUserId: string;
  body: string;
  createdAt: Date;
  dueOn?: Date | null;
  ownerUserId?: string | null;
  remindAt?: Date | null;
}

export function createNote(db: DbOrTx, data: NewNote): Promise<MatchNote> {
  return db.matchNote.create({ data });
}

export function findNote(db: DbOrTx, id: number): Promise<(MatchNote & { match: MatchWithPeople }) | null> {
  return db.matchNote.findUnique({ where: { id }, include: { match: { include: people } } });
}

/** Action points of a match: open ones first by due date, then done ones, newest first. */
export async function listActions(db: DbOrTx, matchId: number, skip: number, take: number): Promise<{ actions: MatchNote[]; total: number }> {
  const where = { matchId, dueOn: { not: null } };
  const [actions, total] = await Promise.all([
    db.matchNote.findMany({ where, orderBy: [{ doneAt: { sort: "desc", nulls: "first" } }, { dueOn: "asc" }, { id: "asc" }], skip, take }),
    db.matchNote.count({ where }),
  ]);
  return { actions, total };
}

/** Open action points of these matches (for /match list's overdue line). */
export function openActionsOf(db: DbOrTx, matchIds: readonly number[]): Promise<MatchNote[]> {
  return db.matchNote.findMany({ where: { matchId: { in: [...matchIds] }, dueOn: { not: null }, doneAt: null }, orderBy: { dueOn: "asc" }, take: 200 });
}

/** Ticks an action point off; false when it was already done. */
export async function markActionDone(db: DbOrTx, id: number, byUserId: string, now: Date): Promise<boolean> {
  const result = await db.matchNote.updateMany({ where: { id, doneAt: null, dueOn: { not: null } }, data: { doneAt: now, doneById: byUserId, remindAt: null } });
  return result.count === 1;
}

/** Open action points whose reminder time has come, with their match. */
export function actionsDueForReminder(db: DbOrTx, now: Date, guilds?: GuildScope, take = 100): Promise<(MatchNote & { match: MatchWithPeople })[]> {
  return db.matchNote.findMany({
    where: { remindAt: { lte: now }, doneAt: null, ...(guilds === undefined ? {} : { match: inScope(guilds) }) },
    include: { match: { include: people } },
    orderBy: { remindAt: "asc" },
    take,
  });
}

export async function claimActionReminder(db: DbOrTx, id: number, remindAt: Date, now: Date): Promise<boolean> {
  const result = await db.matchNote.updateMany({ where: { id, remindAt, doneAt: null }, data: { remindAt: null, remindedAt: now } });
  return result.count === 1;
}

// ── Match timers ────────────────────────────────────────────────────────────────────────────────

export type MatchTimer = "checkinDueAt" | "nudgeDueAt" | "idleDueAt" | "idleDeadlineAt";

/** Active matches whose `timer` is due, oldest first. */
export function activeMatchesDue(db: DbOrTx, timer: MatchTimer, now: Date, guilds?: GuildScope, take = 100): Promise<MatchWithPeople[]> {
  return db.match.findMany({
    where: { status: "active", [timer]: { lte: now }, ...inScope(guilds) },
    include: people,
    orderBy: { [timer]: "asc" },
    take,
  });
}

/**
 * Claims a due timer of an active match: clears it (and sets `data`) only if it still holds the
 * value that was read. False when another tick claimed it or the match changed meanwhile.
 */
export async function claimMatchTimer(db: DbOrTx, matchId: number, timer: MatchTimer, due: Date, data: Prisma.MatchUncheckedUpdateManyInput): Promise<boolean> {
  const result = await db.match.updateMany({ where: { id: matchId, status: "active", [timer]: due }, data: { ...data, [timer]: null } });
  return result.count === 1;
}

/** Resets the quiet-pair timers after activity (a note, an action, a session, "keep going"). */
export async function touchActivity(db: DbOrTx, matchId: number, now: Date, nudgeAt: Date, idleAt: Date): Promise<void> {
  await db.match.updateMany({
    where: { id: matchId, status: "active" },
    data: { activityAt: now, nudgeDueAt: nudgeAt, idleDueAt: idleAt, idleDeadlineAt: null },
  });
}

// ── Check-ins and flags ─────────────────────────────────────────────────────────────────────────

export function saveCheckin(db: DbOrTx, data: { matchId: number; authorUserId: string; role: "mentor" | "mentee"; answer: string; createdAt: Date }): Promise<MatchCheckin> {
  return db.matchCheckin.upsert({
    where: { matchId_role: { matchId: data.matchId, role: data.role } },
    create: data,
    update: { answer: data.answer, authorUserId: data.authorUserId, createdAt: data.createdAt },
  });
}

export async function flagMatch(db: DbOrTx, matchId: number, byUserId: string, reason: string, now: Date): Promise<boolean> {
  const result = await db.match.updateMany({
    where: { id: matchId, status: "active" },
    data: { flaggedAt: now, flaggedById: byUserId, flagReason: reason, flagResolvedAt: null },
  });
  return result.count === 1;
}

export async function resolveFlag(db: DbOrTx, matchId: number, now: Date): Promise<boolean> {
  const result = await db.match.updateMany({ where: { id: matchId, flaggedAt: { not: null }, flagResolvedAt: null }, data: { flagResolvedAt: now } });
  return result.count === 1;
}

export function listFlagged(db: DbOrTx, guildId: string, take: number): Promise<MatchWithPeople[]> {
  return db.match.findMany({ where: { guildId, flaggedAt: { not: null }, flagResolvedAt: null }, include: people, orderBy: { flaggedAt: "asc" }, take });
}

export function countFlagged(db: DbOrTx, guildId: string): Promise<number> {
  return db.match.count({ where: { guildId, flaggedAt: { not: null }, flagResolvedAt: null } });
}
