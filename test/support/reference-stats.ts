// The statistics as /mod stats computed them before issue 12, from every profile loaded whole:
// the reference the SQL aggregates of src/services/stats.ts must agree with (test/flows/stats-aggregates.test.ts).
import type { Db } from "../../src/db/client.js";
import { activationTimesSince, countMatchesByStatus, countReviewQueue, feedbackSummary, mentorLoads, menteesWithOpenMatch } from "../../src/storage/matches.js";
import { countHeldSessions } from "../../src/storage/sessions.js";
import { listMenteeProfiles, listMentorProfiles, topicsOf } from "../../src/storage/profiles.js";
import type { GuildStats } from "../../src/services/stats.js";
import { DAY_MS } from "../../src/services/clock.js";
import { isMentorAvailable } from "../../src/services/profiles.js";

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function startOfWeek(date: Date): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(d.getTime() - day * DAY_MS);
}

export async function referenceGuildStats(db: Db, guildId: string, now: Date): Promise<GuildStats> {
  const [mentors, mentees, loads, withOpen, withActive, pendingReview, statusCounts, activations, feedback, held, heldRecently, openRequests] = await Promise.all([
    listMentorProfiles(db, guildId),
    listMenteeProfiles(db, guildId),
    mentorLoads(db, guildId),
    menteesWithOpenMatch(db, guildId),
    menteesWithOpenMatch(db, guildId, ["active"]),
    countReviewQueue(db, guildId),
    countMatchesByStatus(db, guildId),
    activationTimesSince(db, guildId, new Date(startOfWeek(now).getTime() - 7 * 7 * DAY_MS)),
    feedbackSummary(db, guildId),
    countHeldSessions(db, guildId),
    countHeldSessions(db, guildId, new Date(now.getTime() - 30 * DAY_MS)),
    // Every open request with its mentor (the figures count all of a mentor's, not only the oldest).
    db.match.findMany({ where: { guildId, status: "requested" }, include: { mentor: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const waitingOn = new Map<number, { name: string; open: number; oldestDays: number }>();
  for (const request of openRequests) {
    if (request.mentor === null) continue;
    const days = Math.max(0, (now.getTime() - request.createdAt.getTime()) / DAY_MS);
    const entry = waitingOn.get(request.mentor.id) ?? { name: request.mentor.displayName, open: 0, oldestDays: days };
    entry.open += 1;
    entry.oldestDays = Math.max(entry.oldestDays, days);
    waitingOn.set(request.mentor.id, entry);
  }

  const available = mentors.filter((m) => isMentorAvailable(m, now));
  const withPlaces = available.filter((m) => (loads.get(m.id) ?? 0) < m.mentorCapacity);
  const offered = new Set(withPlaces.flatMap((m) => topicsOf(m, "mentor").map((t) => t.key)));

  // Waiting: a mentee profile without an active mentor; their wait started when they last became
  // free. Unmet topics only count those with nothing in progress (no request, no proposal).
  const waiting = mentees.filter((m) => !withActive.has(m.id));
  const unplaced = waiting.filter((m) => !withOpen.has(m.id));
  // Longest first; an equal wait lists the older profile first, then the lower id (mentees are in id order).
  const waits = waiting
    .map((m) => ({ name: m.displayName, created: m.createdAt.getTime(), days: Math.max(0, (now.getTime() - (m.menteeWaitingSince ?? m.createdAt).getTime()) / DAY_MS) }))
    .sort((a, b) => b.days - a.days || a.created - b.created);
  const unmet = new Map<string, { label: string; mentees: number }>();
  for (const mentee of unplaced) {
    for (const topic of topicsOf(mentee, "mentee")) {
      if (offered.has(topic.key)) continue;
      const entry = unmet.get(topic.key) ?? { label: topic.label, mentees: 0 };
      entry.mentees += 1;
      unmet.set(topic.key, entry);
    }
  }

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

  const used = mentors.reduce((n, m) => n + (loads.get(m.id) ?? 0), 0);
  return {
    mentors: {
      total: mentors.length,
      available: available.length,
      unavailable: mentors.length - available.length,
      full: available.length - withPlaces.length,
    },
    capacity: { used, total: available.reduce((n, m) => n + m.mentorCapacity, 0) },
    mentees: {
      total: mentees.length,
      waiting: waiting.length,
      inProgress: waiting.length - unplaced.length,
      longestWaitDays: waits.reduce((max, w) => Math.max(max, w.days), 0),
      medianWaitDays: median(waits.map((w) => w.days)),
      longestWaiting: waits.slice(0, 5).map((w) => ({ name: w.name, days: w.days })),
    },
    matches: {
      requested: count("requested"),
      pendingReview,
      active: count("active"),
      ended: count("ended"),
      declinedOrRejected: count("declined") + count("rejected"),
    },
    unmetTopics: [...unmet.values()].sort((a, b) => b.mentees - a.mentees || a.label.localeCompare(b.label)).slice(0, 10),
    perWeek: weeks,
    feedback,
    sessions: { held, heldLast30Days: heldRecently },
    slowestMentors: [...waitingOn.values()].sort((a, b) => b.oldestDays - a.oldestDays || a.name.localeCompare(b.name)).slice(0, 5),
  };
}

