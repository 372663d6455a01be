// Office hours and their sign-ups. Seat changes run inside one transaction (the better-sqlite3
// adapter serialises them), and every timed item (the 1-hour reminder, a promotion or cancellation
// notice, the announcement to waiting mentees) has its due time in a column, claimed with a
// compare-and-set so that two ticks or two processes never send it twice.
import type { OfficeHour, OfficeHourSignup, Prisma } from "../generated/prisma/client.js";
import { providerOf } from "./profiles.js";
import type { DbOrTx } from "./tx.js";

export type { OfficeHour, OfficeHourSignup };

export type SignupWithOfficeHour = OfficeHourSignup & { officeHour: OfficeHour };

export function createOfficeHour(db: DbOrTx, data: Prisma.OfficeHourUncheckedCreateInput): Promise<OfficeHour> {
  return db.officeHour.create({ data });
}

export function findOfficeHour(db: DbOrTx, id: number): Promise<OfficeHour | null> {
  return db.officeHour.findUnique({ where: { id } });
}

/**
 * Reads an office hour and holds its row until the end of the transaction, so that seat changes
 * (join, leave, cancel) run one after another. On PostgreSQL transactions really overlap: without
 * the row lock, 30 members pressing Join at once all count 0 seats taken and all get one. On SQLite
 * the connection already belongs to one transaction at a time (db/connection-lock.ts), so there is
 * nothing to lock. Call with a transaction client.
 */
export async function lockOfficeHour(tx: Prisma.TransactionClient, id: number): Promise<OfficeHour | null> {
  if (providerOf(tx) === "postgresql") await tx.$queryRaw`SELECT "id" FROM "OfficeHour" WHERE "id" = ${id} FOR UPDATE`;
  return tx.officeHour.findUnique({ where: { id } });
}

export async function updateOfficeHourIf(db: DbOrTx, id: number, expectedStatus: string, data: Prisma.OfficeHourUncheckedUpdateManyInput): Promise<boolean> {
  const result = await db.officeHour.updateMany({ where: { id, status: expectedStatus }, data });
  return result.count === 1;
}

export function updateOfficeHour(db: DbOrTx, id: number, data: Prisma.OfficeHourUncheckedUpdateInput): Promise<OfficeHour> {
  return db.officeHour.update({ where: { id }, data });
}

/** Scheduled office hours of a server that have not ended yet, soonest first. */
export function upcomingOfficeHours(db: DbOrTx, guildId: string, now: Date, take: number): Promise<OfficeHour[]> {
  // The longest office hour is 4 hours: anything that started earlier than that has ended.
  return db.officeHour.findMany({
    where: { guildId, status: "scheduled", startsAt: { gt: new Date(now.getTime() - 4 * 3_600_000) } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take,
  });
}

/** Office hours one host has scheduled that have not started. */
export function countUpcomingOfHost(db: DbOrTx, guildId: string, hostUserId: string, now: Date): Promise<number> {
  return db.officeHour.count({ where: { guildId, hostUserId, status: "scheduled", startsAt: { gt: now } } });
}

/** Seats taken and waitlist length per office hour. */
export async function signupCounts(db: DbOrTx, officeHourIds: readonly number[]): Promise<Map<number, { seats: number; waitlist: number }>> {
  const out = new Map<number, { seats: number; waitlist: number }>();
  if (officeHourIds.length === 0) return out;
  const rows = await db.officeHourSignup.groupBy({
    by: ["officeHourId", "status"],
    where: { officeHourId: { in: [...officeHourIds] }, status: { in: ["seat", "waitlist"] } },
    _count: { _all: true },
  });
  for (const id of officeHourIds) out.set(id, { seats: 0, waitlist: 0 });
  for (const row of rows) {
    const entry = out.get(row.officeHourId);
    if (entry === undefined) continue;
    if (row.status === "seat") entry.seats = row._count._all;
    else entry.waitlist = row._count._all;
  }
  return out;
}

export function findSignup(db: DbOrTx, officeHourId: number, userId: string): Promise<OfficeHourSignup | null> {
  return db.officeHourSignup.findUnique({ where: { officeHourId_userId: { officeHourId, userId } } });
}

export function findSignupById(db: DbOrTx, id: number): Promise<SignupWithOfficeHour | null> {
  return db.officeHourSignup.findUnique({ where: { id }, include: { officeHour: true } });
}

export function countSeats(db: DbOrTx, officeHourId: number, status: "seat" | "waitlist"): Promise<number> {
  return db.officeHourSignup.count({ where: { officeHourId, status } });
}

export function upsertSignup(db: DbOrTx, officeHourId: number, userId: string, data: Omit<Prisma.OfficeHourSignupUncheckedCreateInput, "officeHourId" | "userId">): Promise<OfficeHourSignup> {
  return db.officeHourSignup.upsert({
    where: { officeHourId_userId: { officeHourId, userId } },
    create: { officeHourId, userId, ...data },
    update: { ...data, promotedAt: null, leftAt: null, attended: null },
  });
}

/** Changes a sign-up still in `status`; false when it moved on meanwhile. */
export async function updateSignupIf(db: DbOrTx, id: number, status: string, data: Prisma.OfficeHourSignupUncheckedUpdateManyInput): Promise<boolean> {
  const result = await db.officeHourSignup.updateMany({ where: { id, status }, data });
  return result.count === 1;
}

/** The first member on the waitlist (earliest join, then lowest id). */
export function firstOnWaitlist(db: DbOrTx, officeHourId: number): Promise<OfficeHourSignup | null> {
  return db.officeHourSignup.findFirst({ where: { officeHourId, status: "waitlist" }, orderBy: [{ joinedAt: "asc" }, { id: "asc" }] });
}

/** Members holding a seat, in the order they got it; for the host's attendance list. */
export async function seatHolders(db: DbOrTx, officeHourId: number, skip: number, take: number): Promise<{ signups: OfficeHourSignup[]; total: number }> {
  const where = { officeHourId, status: "seat" };
  const [signups, total] = await Promise.all([
    db.officeHourSignup.findMany({ where, orderBy: [{ joinedAt: "asc" }, { id: "asc" }], skip, take }),
    db.officeHourSignup.count({ where }),
  ]);
  return { signups, total };
}

/** Position (0-based) of a seat holder in the attendance list. */
export function seatIndexOf(db: DbOrTx, signup: Pick<OfficeHourSignup, "officeHourId" | "joinedAt" | "id">): Promise<number> {
  return db.officeHourSignup.count({
    where: { officeHourId: signup.officeHourId, status: "seat", OR: [{ joinedAt: { lt: signup.joinedAt } }, { joinedAt: signup.joinedAt, id: { lt: signup.id } }] },
  });
}

/** Everyone still signed up (seat or waitlist): their notices when the office hour is cancelled. */
export function markSignupsForNotice(db: DbOrTx, officeHourId: number, kind: "cancelled", now: Date): Promise<Prisma.BatchPayload> {
  return db.officeHourSignup.updateMany({ where: { officeHourId, status: { in: ["seat", "waitlist"] } }, data: { noticeDueAt: now, noticeKind: kind, remindAt: null } });
}

// ── Timed work ──────────────────────────────────────────────────────────────────────────────────

export function remindersDue(db: DbOrTx, now: Date, take = 100): Promise<SignupWithOfficeHour[]> {
  return db.officeHourSignup.findMany({ where: { remindAt: { lte: now }, status: "seat" }, include: { officeHour: true }, orderBy: { remindAt: "asc" }, take });
}

export async function claimReminder(db: DbOrTx, id: number, remindAt: Date): Promise<boolean> {
  const result = await db.officeHourSignup.updateMany({ where: { id, remindAt, status: "seat" }, data: { remindAt: null } });
  return result.count === 1;
}

export function noticesDue(db: DbOrTx, now: Date, take = 100, officeHourId?: number): Promise<SignupWithOfficeHour[]> {
  return db.officeHourSignup.findMany({
    where: { noticeDueAt: { lte: now }, ...(officeHourId === undefined ? {} : { officeHourId }) },
    include: { officeHour: true },
    orderBy: { noticeDueAt: "asc" },
    take,
  });
}

export async function claimNotice(db: DbOrTx, id: number, noticeDueAt: Date): Promise<boolean> {
  const result = await db.officeHourSignup.updateMany({ where: { id, noticeDueAt }, data: { noticeDueAt: null } });
  return result.count === 1;
}

export function announcementsDue(db: DbOrTx, now: Date, take = 20): Promise<OfficeHour[]> {
  return db.officeHour.findMany({ where: { announceDueAt: { lte: now } }, orderBy: { announceDueAt: "asc" }, take });
}

/** Moves the announcement cursor from `from` to `to` (null `due` when the last batch is done). */
export async function claimAnnouncementBatch(db: DbOrTx, id: number, from: number, to: number, due: Date | null): Promise<boolean> {
  const result = await db.officeHour.updateMany({ where: { id, announcedUpTo: from, announceDueAt: { not: null } }, data: { announcedUpTo: to, announceDueAt: due } });
  return result.count === 1;
}

/** Waiting mentees (no active match) who want advice on `topicKey`, by profile id after `afterId`. */
export function waitingMenteesWithTopic(db: DbOrTx, guildId: string, topicKey: string, afterId: number, take: number) {
  return db.profile.findMany({
    where: {
      guildId,
      isMentee: true,
      menteeWaitingSince: { not: null },
      id: { gt: afterId },
      topics: { some: { role: "mentee", topic: { key: topicKey } } },
    },
    select: { id: true, userId: true, displayName: true },
    orderBy: { id: "asc" },
    take,
  });
}

// ── Opt-out ─────────────────────────────────────────────────────────────────────────────────────

export async function setOptOut(db: DbOrTx, guildId: string, userId: string, optOut: boolean, now: Date): Promise<void> {
  // A non-empty (no-op) update lets Prisma run one native INSERT … ON CONFLICT DO UPDATE; with
  // `update: {}` it reads first, and two presses at once on PostgreSQL both inserted (one failed).
  if (optOut) await db.officeHoursOptOut.upsert({ where: { guildId_userId: { guildId, userId } }, create: { guildId, userId, createdAt: now }, update: { userId } });
  else await db.officeHoursOptOut.deleteMany({ where: { guildId, userId } });
}

export async function optedOut(db: DbOrTx, guildId: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.officeHoursOptOut.findMany({ where: { guildId, userId: { in: [...userIds] } }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}

/** A profile id of this member in this server, for linking a sign-up to coverage. */
export async function profileIdOf(db: DbOrTx, guildId: string, userId: string): Promise<number | null> {
  const profile = await db.profile.findUnique({ where: { guildId_userId: { guildId, userId } }, select: { id: true } });
  return profile?.id ?? null;
}

/** Upcoming office hours matching `typed` (autocomplete). */
export function searchUpcoming(db: DbOrTx, guildId: string, now: Date, take: number, hostUserId?: string): Promise<OfficeHour[]> {
  return db.officeHour.findMany({
    where: { guildId, status: "scheduled", startsAt: { gt: new Date(now.getTime() - 7 * 86_400_000) }, ...(hostUserId === undefined ? {} : { hostUserId }) },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take,
  });
}

/** 1-based place of a sign-up on its office hour's waitlist. */
export async function waitlistPlace(db: DbOrTx, signup: Pick<OfficeHourSignup, "officeHourId" | "joinedAt" | "id">): Promise<number> {
  const before = await db.officeHourSignup.count({
    where: { officeHourId: signup.officeHourId, status: "waitlist", OR: [{ joinedAt: { lt: signup.joinedAt } }, { joinedAt: signup.joinedAt, id: { lt: signup.id } }] },
  });
  return before + 1;
}

/** Which of these members already have a sign-up (any status) for this office hour. */
export async function signedUpAmong(db: DbOrTx, officeHourId: number, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.officeHourSignup.findMany({ where: { officeHourId, userId: { in: [...userIds] } }, select: { userId: true } });
  return new Set(rows.flatMap((r) => (r.userId === null ? [] : [r.userId])));
}

/** Office hours a member holds a seat or waitlist place for that have not started. */
export function upcomingSignupsOf(db: DbOrTx, guildId: string, userId: string, now: Date): Promise<{ officeHourId: number }[]> {
  return db.officeHourSignup.findMany({
    where: { userId, status: { in: ["seat", "waitlist"] }, officeHour: { guildId, status: "scheduled", startsAt: { gt: now } } },
    select: { officeHourId: true },
  });
}

/** Scheduled office hours a member hosts. */
export function scheduledHostedBy(db: DbOrTx, guildId: string, hostUserId: string): Promise<Pick<OfficeHour, "id" | "eventId" | "startsAt" | "durationMinutes">[]> {
  return db.officeHour.findMany({ where: { guildId, hostUserId, status: "scheduled" }, select: { id: true, eventId: true, startsAt: true, durationMinutes: true } });
}
