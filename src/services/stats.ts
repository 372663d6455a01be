// Moderator statistics: who waits and for how long, which topics lack mentors, mentor load,
// matches per week and feedback.
import { countsPerServer, type ServerCounts } from "../storage/server-counts.js";
import type { GuildScope } from "../storage/scope.js";
import type { Db } from "../db/client.js";
import { LOAD_STATUSES, OPEN_STATUSES, type MatchStatus } from "../domain/enums.js";
import { activationTimesSince, countMatchesByStatus, countReviewQueue, feedbackSummary, mentorsWithOldestRequests } from "../storage/matches.js";
import { countHeldSessions } from "../storage/sessions.js";
import { menteeTotals, mentorLoadSummary, mentorTotals, unmetTopicCounts, waitStarts } from "../storage/profiles.js";
import { DAY_MS } from "./clock.js";

export interface GuildStats {
  mentors: { total: number; available: number; unavailable: number; full: number };
  capacity: { used: number; total: number };
  mentees: {
    total: number;
    /** Mentees without an active mentor. */
    waiting: number;
    /** Of those, how many have a request or proposal in progress. */
    inProgress: number;
    longestWaitDays: number;
    medianWaitDays: number;
    longestWaiting: { name: string; days: number }[];
  };
  matches: { requested: number; pendingReview: number; active: number; ended: number; declinedOrRejected: number };
  /** Topics waiting mentees ask for that no available mentor with a free place offers. */
  unmetTopics: { label: string; mentees: number }[];
  /** Matches that became active per ISO week, oldest first, last 8 weeks. */
  perWeek: { weekStart: string; activated: number }[];
  feedback: { count: number; averageRating: number | null };
  /** Sessions that took place (their end passed without a cancel): all time and the last 30 days. */
  sessions: { held: number; heldLast30Days: number };
  /** Mentors whose oldest open request has waited longest (with how many are open), at most 5. */
  slowestMentors: { name: string; open: number; oldestDays: number }[];
}

function startOfWeek(date: Date): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(d.getTime() - day * DAY_MS);
}

/** Mentors listed under "requests waiting longest". */
const SLOWEST_SHOWN = 5;

export async function guildStats(db: Db, guildId: string, now: Date): Promise<GuildStats> {
  // Everything below is a count, a sum, a group or a short sorted page in the database. Per-member
  // rows read: the five longest waits, the waiting mentees without a wait stamp (normally none; at
  // most 2,000 before the sort fallback) and a window of the wait order around its middle (two rows
  // more than the unstamped ones).
  const unplacedStatuses = [...new Set<MatchStatus>([...OPEN_STATUSES, "active"])];
  const [mentorCounts, menteeCounts, load, pendingReview, statusCounts, activations, feedback, held, heldRecently, openRequests, unmetCounts] = await Promise.all([
    mentorTotals(db, guildId, now),
    menteeTotals(db, guildId, { waiting: ["active"], unplaced: unplacedStatuses }),
    mentorLoadSummary(db, guildId, now, LOAD_STATUSES),
    countReviewQueue(db, guildId),
    countMatchesByStatus(db, guildId),
    activationTimesSince(db, guildId, new Date(startOfWeek(now).getTime() - 7 * 7 * DAY_MS)),
    feedbackSummary(db, guildId),
    countHeldSessions(db, guildId),
    countHeldSessions(db, guildId, new Date(now.getTime() - 30 * DAY_MS)),
    // Ties on the oldest request are ordered by name below (in JavaScript's collation, as shown).
    mentorsWithOldestRequests(db, guildId, SLOWEST_SHOWN * 10),
    unmetTopicCounts(db, guildId, now, unplacedStatuses, LOAD_STATUSES),
  ]);
  const waitingOn = openRequests.map((m) => ({ name: m.name, open: m.open, oldestDays: Math.max(0, (now.getTime() - m.oldest.getTime()) / DAY_MS) }));

  // Waiting: a mentee profile without an active mentor; their wait started when they last became
  // free. Unmet topics only count those with nothing in progress (no request, no proposal).
  const waited = (start: Date): number => Math.max(0, (now.getTime() - start.getTime()) / DAY_MS);
  const waits = await waitStarts(db, guildId, ["active"], menteeCounts.waiting, 5);
  const middle = waits.middle.map(waited);
  const unmet = unmetCounts.map((t) => ({ label: t.label, mentees: t.mentees }));

  const count = (status: string) => statusCounts.get(status) ?? 0;
  const weeks: { weekStart: string; activated: number }[] = [];
  const thisWeek = startOfWeek(now).getTime();
  for (let i = 7; i >= 0; i--) {
    const start = thisWeek - i * 7 * DAY_MS;
    const activated = activations.filter((a) => {
      const t = a.getTime();
      return t >= start && t < start + 7 * DAY_MS;
    }).length;
    weeks.push({ weekStart: new Date(start).toISOString().slice(0, 10), activated });
  }

  return {
    mentors: {
      total: mentorCounts.total,
      available: mentorCounts.available,
      unavailable: mentorCounts.total - mentorCounts.available,
      full: load.full,
    },
    capacity: { used: load.used, total: mentorCounts.places },
    mentees: {
      total: menteeCounts.total,
      waiting: menteeCounts.waiting,
      inProgress: menteeCounts.waiting - menteeCounts.unplaced,
      longestWaitDays: waits.longest.length === 0 ? 0 : waited(waits.longest[0]?.start ?? now),
      medianWaitDays: middle.length === 0 ? 0 : middle.reduce((a, b) => a + b, 0) / middle.length,
      longestWaiting: waits.longest.map((w) => ({ name: w.displayName, days: waited(w.start) })),
    },
    matches: {
      requested: count("requested"),
      pendingReview,
      active: count("active"),
      ended: count("ended"),
      declinedOrRejected: count("declined") + count("rejected"),
    },
    unmetTopics: unmet.sort((a, b) => b.mentees - a.mentees || a.label.localeCompare(b.label)).slice(0, 10),
    perWeek: weeks,
    feedback,
    sessions: { held, heldLast30Days: heldRecently },
    slowestMentors: waitingOn.sort((a, b) => b.oldestDays - a.oldestDays || a.name.localeCompare(b.name)).slice(0, SLOWEST_SHOWN),
  };
}


export type { ServerCounts };

/** Waiting mentees and undecided requests of each server (in `guilds`, or all), for monitoring. */
export function serverCounts(db: Db, guilds?: GuildScope): Promise<Map<string, ServerCounts>> {
  return countsPerServer(db, guilds);
}
