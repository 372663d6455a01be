// Request expiry and reminders. Due times live in the database (Match.expiresAt,
// Match.reminderSentAt), so a restart loses no timer: the next tick picks up whatever is due.
import type { Db } from "../db/client.js";
import type { GuildScope } from "../storage/scope.js";
import { claimReminder, requestsDueForExpiry, requestsDueForReminder, type MatchWithPeople } from "../storage/matches.js";
import { DAY_MS } from "./clock.js";
import { expireRequest } from "./matches.js";

/** How long before expiry the mentor gets their one reminder. */
export const REMINDER_BEFORE_MS = DAY_MS;

export interface DueWork {
  expired: MatchWithPeople[];
  /** Mentors paused by this tick (their second unanswered request in a row), one entry per match. */
  paused: MatchWithPeople[];
  reminders: MatchWithPeople[];
}

/**
 * Expires requests past their due time and marks the ones needing a reminder. Each change is a
 * compare-and-set, so two overlapping ticks (or two processes) never notify twice.
 */
export async function processDueRequests(db: Db, now: Date, guilds?: GuildScope): Promise<DueWork> {
  const expired: MatchWithPeople[] = [];
  const paused: MatchWithPeople[] = [];
  for (const match of await requestsDueForExpiry(db, now, guilds)) {
    const closed = await expireRequest(db, match.id, now);
    if (closed === null) continue;
    expired.push(closed.match);
    if (closed.paused) paused.push(closed.match);
  }
  const reminders: MatchWithPeople[] = [];
  for (const match of await requestsDueForReminder(db, now, new Date(now.getTime() + REMINDER_BEFORE_MS), guilds)) {
    if (await claimReminder(db, match.id, now)) reminders.push(match);
  }
  return { expired, paused, reminders };
}


export type { GuildScope };
