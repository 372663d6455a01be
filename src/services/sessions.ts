// Scheduled sessions: a time (read in the scheduler's timezone), a duration and a place; reminders
// 24 hours and 1 hour before; cancel and reschedule by either side; a session whose end has passed
// is "held", which counts as the pair's activity and in /mod stats.
import type { Db } from "../db/client.js";
import { parseWhen, zoneLabel } from "../domain/time.js";
import { AlreadyHandledError, UserError } from "../errors.js";
import type { GuildScope } from "../storage/scope.js";
import type { MatchWithPeople } from "../storage/matches.js";
import { findProfile } from "../storage/profiles.js";
import {
  claimSessionReminder,
  createSession,
  findSession,
  listSessionsOfMatch,
  scheduledSessionsStartedBefore,
  sessionsDueForReminder,
  updateSessionIf,
  type MatchSession,
  type SessionReminder,
  type SessionWithMatch,
} from "../storage/sessions.js";
import { inTransaction } from "../storage/tx.js";
import { DAY_MS, HOUR_MS } from "./clock.js";
import { assertParticipant, matchInGuild, statusLabel, touchMatch } from "./matches.js";

export type { MatchSession, SessionWithMatch };

export const SESSION_LIMITS = { durationMin: 15, durationMax: 240, durationDefault: 60, location: 200, aheadDays: 366 } as const;

/** When the reminders go out, relative to the start. */
export const REMINDERS: readonly { column: SessionReminder; beforeMs: number; label: string }[] = [
  { column: "remindDayAt", beforeMs: DAY_MS, label: "within 24 hours" },
  { column: "remindHourAt", beforeMs: HOUR_MS, label: "within the hour" },
];

/** A reminder that would fall in the past (a session booked for tonight) is not sent at all. */
function reminderTimes(startsAt: Date, now: Date): { remindDayAt: Date | null; remindHourAt: Date | null } {
  const at = (before: number) => {
    const t = new Date(startsAt.getTime() - before);
    return t.getTime() > now.getTime() ? t : null;
  };
  return { remindDayAt: at(DAY_MS), remindHourAt: at(HOUR_MS) };
}

/** Reads `when` in the member's profile timezone; a one-line error names the option otherwise. */
export async function readWhen(db: Db, guildId: string, userId: string, when: string, now: Date, field = "Option `when`"): Promise<Date> {
  const profile = await findProfile(db, guildId, userId);
  const parsed = parseWhen(when, profile?.timezone, now);
  const zone = zoneLabel(profile?.timezone);
  if (!parsed.ok) throw new UserError(`${field}: ${parsed.reason} (read in your timezone, ${zone}; set it with \`/mentee profile timezone:…\` or \`/mentor profile timezone:…\`).`);
  if (parsed.date.getTime() <= now.getTime()) throw new UserError(`${field}: must be in the future (read in your timezone, ${zone}).`);
  if (parsed.date.getTime() > now.getTime() + SESSION_LIMITS.aheadDays * DAY_MS) throw new UserError(`${field}: must be within ${SESSION_LIMITS.aheadDays} days.`);
  return parsed.date;
}

function activeMatchFor(match: MatchWithPeople, actorId: string): void {
  assertParticipant(match, actorId);
  if (match.status !== "active") throw new UserError(`Sessions can be scheduled for active matches; #${match.id} is ${statusLabel(match.status)}.`);
}

export interface ScheduleInput {
  when: string;
  durationMinutes?: number | undefined;
  location?: string | undefined;
}

export async function scheduleSession(db: Db, guildId: string, matchId: number, actorId: string, input: ScheduleInput, now: Date): Promise<SessionWithMatch> {
  const match = await matchInGuild(db, matchId, guildId);
  activeMatchFor(match, actorId);
  const startsAt = await readWhen(db, guildId, actorId, input.when, now);
  return inTransaction(db, async (tx) => {
    const session = await createSession(tx, {
      matchId,
      startsAt,
      durationMinutes: input.durationMinutes ?? SESSION_LIMITS.durationDefault,
      location: input.location ?? null,
      createdById: actorId,
      createdAt: now,
      ...reminderTimes(startsAt, now),
    });
    await touchMatch(tx, match, now);
    return session;
  });
}

async function sessionFor(db: Db, guildId: string | null, sessionId: number, actorId: string): Promise<SessionWithMatch> {
  const session = await findSession(db, sessionId);
  if (session === null || (guildId !== null && session.match.guildId !== guildId)) {
    throw new UserError(`There is no session #${sessionId} here. See them with \`/match sessions\`.`);
  }
  assertParticipant(session.match, actorId);
  if (session.status !== "scheduled") throw new AlreadyHandledError(`Session #${sessionId} is already ${session.status}.`);
  return session;
}

/** Checks the session can still be moved by this member (before the form is shown). */
export async function assertCanChangeSession(db: Db, guildId: string | null, sessionId: number, actorId: string, now: Date): Promise<SessionWithMatch> {
  const session = await sessionFor(db, guildId, sessionId, actorId);
  if (session.startsAt.getTime() <= now.getTime()) throw new AlreadyHandledError(`Session #${sessionId} has already started.`);
  if (session.match.status !== "active") throw new AlreadyHandledError(`Match #${session.matchId} is ${statusLabel(session.match.status)}.`);
  return session;
}

export async function cancelSession(db: Db, guildId: string | null, sessionId: number, actorId: string, now: Date): Promise<SessionWithMatch> {
  const session = await assertCanChangeSession(db, guildId, sessionId, actorId, now);
  const changed = await updateSessionIf(db, sessionId, session, {
    status: "cancelled",
    cancelledAt: now,
    cancelledById: actorId,
    sequence: session.sequence + 1,
    remindDayAt: null,
    remindHourAt: null,
  });
  if (!changed) throw new AlreadyHandledError(`Session #${sessionId} was changed by someone else just now.`);
  return { ...session, status: "cancelled", cancelledAt: now, cancelledById: actorId, sequence: session.sequence + 1 };
}

export async function rescheduleSession(db: Db, guildId: string | null, sessionId: number, actorId: string, when: string, now: Date): Promise<SessionWithMatch> {
  const session = await assertCanChangeSession(db, guildId, sessionId, actorId, now);
  const startsAt = await readWhen(db, session.match.guildId, actorId, when, now, "Field `when`");
  const times = reminderTimes(startsAt, now);
  const changed = await updateSessionIf(db, sessionId, session, { startsAt, sequence: session.sequence + 1, ...times });
  if (!changed) throw new AlreadyHandledError(`Session #${sessionId} was changed by someone else just now.`);
  await touchMatch(db, session.match, now);
  return { ...session, startsAt, sequence: session.sequence + 1, ...times };
}

export async function matchSessions(db: Db, guildId: string, matchId: number, actorId: string, now: Date) {
  const match = await matchInGuild(db, matchId, guildId);
  assertParticipant(match, actorId);
  return { match, ...(await listSessionsOfMatch(db, matchId, now)) };
}

export interface SessionWork {
  reminders: { session: SessionWithMatch; label: string }[];
  held: SessionWithMatch[];
}

/**
 * Claims due session reminders (compare-and-set, so each goes out once) and marks sessions whose
 * end has passed as held (activity for the pair). Sessions of matches that are no longer active
 * are cancelled instead of reminded.
 */
export async function processSessions(db: Db, now: Date, guilds?: GuildScope): Promise<SessionWork> {
  const work: SessionWork = { reminders: [], held: [] };
  for (const { column, label } of REMINDERS) {
    for (const session of await sessionsDueForReminder(db, column, now, guilds)) {
      const due = session[column];
      if (due === null || !(await claimSessionReminder(db, session.id, column, due))) continue;
      if (session.match.status !== "active") {
        await updateSessionIf(db, session.id, session, { status: "cancelled", cancelledAt: now, remindDayAt: null, remindHourAt: null });
        continue;
      }
      // Overdue reminders (the bot was down) are dropped once pointless: after the start, and the
      // 24-hour one once the 1-hour one is due as well.
      const left = session.startsAt.getTime() - now.getTime();
      if (left > 0 && (column !== "remindDayAt" || left > HOUR_MS)) work.reminders.push({ session, label });
    }
  }
  for (const session of await scheduledSessionsStartedBefore(db, now, guilds)) {
    const ends = session.startsAt.getTime() + session.durationMinutes * 60_000;
    if (ends > now.getTime()) continue;
    const active = session.match.status === "active";
    const changed = await updateSessionIf(db, session.id, session, active ? { status: "held", heldAt: now } : { status: "cancelled", cancelledAt: now });
    if (!changed || !active) continue;
    await touchMatch(db, session.match, now);
    work.held.push(session);
  }
  return work;
}
