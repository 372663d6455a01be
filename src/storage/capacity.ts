// Aggregate queries behind the capacity statistics (coverage, throughput, forecast, supply and
// demand by topic). Each is a COUNT, a groupBy or a bounded select translated by Prisma into SQL
// (relation filters become EXISTS / NOT EXISTS subqueries), so no profile list is loaded whole.
import { LOAD_STATUSES } from "../domain/enums.js";
import type { Prisma } from "../generated/prisma/client.js";
import { availableMentorWhere as availableAt } from "./profiles.js";
import type { DbOrTx } from "./tx.js";

/** Mentees (profile rows) who have been mentees since at least `cutoff`. */
function menteeSinceBefore(guildId: string, cutoff: Date): Prisma.ProfileWhereInput {
  return { guildId, isMentee: true, OR: [{ menteeSince: { lte: cutoff } }, { menteeSince: null, createdAt: { lte: cutoff } }] };
}

/** Active at `t`: activated by then and not closed by then. */
function activeAt(t: Date): Prisma.MatchWhereInput {
  return { activatedAt: { lte: t }, OR: [{ closedAt: null }, { closedAt: { gt: t } }] };
}

export async function coverageCounts(db: DbOrTx, guildId: string, cutoff: Date, recentSince: Date, now: Date): Promise<{ eligible: number; reached: number; reachedRecently: number }> {
  const eligible = menteeSinceBefore(guildId, cutoff);
  const [all, reached, recent] = await Promise.all([
    db.profile.count({ where: eligible }),
    db.profile.count({
      where: { AND: [eligible, { OR: [{ menteeMatches: { some: { activatedAt: { lte: now } } } }, { officeHourSeats: { some: { attended: true, officeHour: { startsAt: { lte: now } } } } }] }] },
    }),
    db.profile.count({
      where: {
        AND: [
          eligible,
          {
            OR: [
              { menteeMatches: { some: { activatedAt: { lte: now }, OR: [{ closedAt: null }, { closedAt: { gte: recentSince } }] } } },
              { officeHourSeats: { some: { attended: true, officeHour: { startsAt: { gte: recentSince, lte: now } } } } },
            ],
          },
        ],
      },
    }),
  ]);
  return { eligible: all, reached, reachedRecently: recent };
}

export interface WeekCounts {
  started: number;
  ended: number;
  sessionsHeld: number;
  seatsFilled: number;
  attended: number;
}

/** What happened between `from` (inclusive) and `to` (exclusive). */
export async function periodCounts(db: DbOrTx, guildId: string, from: Date, to: Date): Promise<WeekCounts> {
  const range = { gte: from, lt: to };
  const held = { guildId, status: "scheduled", startsAt: range };
  const [started, ended, sessionsHeld, seatsFilled, attended] = await Promise.all([
    db.match.count({ where: { guildId, activatedAt: range } }),
    db.match.count({ where: { guildId, activatedAt: { not: null }, closedAt: range } }),
    db.matchSession.count({ where: { status: "held", startsAt: range, match: { guildId } } }),
    db.officeHourSignup.count({ where: { status: "seat", officeHour: held } }),
    db.officeHourSignup.count({ where: { status: "seat", attended: true, officeHour: held } }),
  ]);
  return { started, ended, sessionsHeld, seatsFilled, attended };
}

/** Mentees waiting at `t` (a mentee by then, no active match then) and active matches at `t`. */
export async function snapshotAt(db: DbOrTx, guildId: string, t: Date): Promise<{ waiting: number; active: number }> {
  const [waiting, active] = await Promise.all([
    db.profile.count({ where: { ...menteeSinceBefore(guildId, t), menteeMatches: { none: activeAt(t) } } }),
    db.match.count({ where: { guildId, ...activeAt(t) } }),
  ]);
  return { waiting, active };
}

/** Mentees without an active match now (the waiting list of /mod stats). */
export function countWaitingNow(db: DbOrTx, guildId: string): Promise<number> {
  return db.profile.count({ where: { guildId, isMentee: true, menteeMatches: { none: { status: "active" } } } });
}

/** Mentors taking new mentees now: `mentorAvailable`, with an "until" date flipping it once passed. */
export function availableMentorWhere(guildId: string, now: Date): Prisma.ProfileWhereInput {
  return { guildId, ...availableAt(now) };
}

/** Free places of each available mentor (capacity minus accepted and active matches, at least 0). */
export async function freePlacesByMentor(db: DbOrTx, guildId: string, now: Date): Promise<Map<number, number>> {
  const [mentors, loads] = await Promise.all([
    db.profile.findMany({ where: availableMentorWhere(guildId, now), select: { id: true, mentorCapacity: true } }),
    db.match.groupBy({ by: ["mentorProfileId"], where: { guildId, status: { in: [...LOAD_STATUSES] }, mentorProfileId: { not: null } }, _count: { _all: true } }),
  ]);
  const load = new Map(loads.map((r) => [r.mentorProfileId ?? 0, r._count._all]));
  return new Map(mentors.map((m) => [m.id, Math.max(0, m.mentorCapacity - (load.get(m.id) ?? 0))]));
}

/** Topics waiting mentees ask for, with how many ask (most asked first). */
export async function waitingDemandByTopic(db: DbOrTx, guildId: string, take: number): Promise<{ topicId: number; key: string; label: string; waiting: number }[]> {
  const rows = await db.profileTopic.groupBy({
    by: ["topicId"],
    where: { role: "mentee", profile: { guildId, isMentee: true, menteeMatches: { none: { status: "active" } } } },
    _count: { _all: true },
  });
  const top = rows.sort((a, b) => b._count._all - a._count._all || a.topicId - b.topicId).slice(0, take);
  if (top.length === 0) return [];
  const topics = await db.topic.findMany({ where: { id: { in: top.map((r) => r.topicId) } } });
  const byId = new Map(topics.map((t) => [t.id, t]));
  return top.flatMap((r) => {
    const topic = byId.get(r.topicId);
    return topic === undefined ? [] : [{ topicId: r.topicId, key: topic.key, label: topic.label, waiting: r._count._all }];
  });
}

/** Which of these topics each available mentor offers (mentor profile id, topic id). */
export function mentorOffers(db: DbOrTx, guildId: string, topicIds: readonly number[], now: Date): Promise<{ profileId: number; topicId: number }[]> {
  if (topicIds.length === 0) return Promise.resolve([]);
  return db.profileTopic.findMany({ where: { role: "mentor", topicId: { in: [...topicIds] }, profile: availableMentorWhere(guildId, now) }, select: { profileId: true, topicId: true } });
}
