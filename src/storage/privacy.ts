// Erasure of one member's data in one server (/profile delete), as one transaction.
import type { Prisma } from "../generated/prisma/client.js";
import type { DbOrTx } from "./tx.js";
import { OPEN_STATUSES } from "../domain/enums.js";
import { recordMatchingChange } from "./matching-version.js";
import { deleteOrphanTopics } from "./profiles.js";

export interface ErasureResult {
  profileDeleted: boolean;
  matchesClosed: number;
  matchesAnonymised: number;
  notesDeleted: number;
  feedbackDeleted: number;
  /** Other people whose open match was closed by the erasure (to tell them). */
  affectedUserIds: string[];
  /** Office-hour sign-ups anonymised (kept without the member for the statistics). */
  signupsAnonymised: number;
  /** Office hours they hosted, kept without them (host, description and topic erased). */
  officeHoursAnonymised: number;
  /** Resources they added: they stay in the library, without their name or note. */
  resourcesKept: number;
}

/** What an erased host's office hour shows instead of the topic they typed (it may be personal text). */
export const ERASED_TOPIC = { key: "erased", label: "(topic erased)" } as const;

export const ANONYMISED_EXPLANATION = JSON.stringify({ anonymised: true });

export async function eraseMemberData(
  tx: Prisma.TransactionClient,
  guildId: string,
  userId: string,
  now: Date,
): Promise<ErasureResult> {
  const profile = await tx.profile.findUnique({ where: { guildId_userId: { guildId, userId } } });
  const result: ErasureResult = {
    profileDeleted: false,
    matchesClosed: 0,
    matchesAnonymised: 0,
    notesDeleted: 0,
    feedbackDeleted: 0,
    affectedUserIds: [],
    signupsAnonymised: 0,
    officeHoursAnonymised: 0,
    resourcesKept: 0,
  };

  if (profile !== null) {
    const involving = { OR: [{ mentorProfileId: profile.id }, { menteeProfileId: profile.id }] };
    const open = await tx.match.findMany({
      where: { ...involving, status: { in: [...OPEN_STATUSES] } },
      include: { mentor: true, mentee: true },
    });
    for (const match of open) {
      const other = match.mentorProfileId === profile.id ? match.mentee : match.mentor;
      if (other !== null) result.affectedUserIds.push(other.userId);
    }
    const closed = await tx.match.updateMany({
      where: { ...involving, status: { in: [...OPEN_STATUSES] } },
      data: { status: "cancelled", openPairKey: null, closedAt: now, decisionReason: "member deleted their profile", closeReason: "member-deleted", checkinDueAt: null, nudgeDueAt: null, idleDueAt: null, idleDeadlineAt: null },
    });
    result.matchesClosed = closed.count;
    // The profile leaves the live matching index; the other sides of its open matches get a place back.
    await recordMatchingChange(tx, guildId, [profile.id, ...open.flatMap((m) => [m.mentorProfileId, m.menteeProfileId]).filter((p) => p !== null)]);
    // The match rows stay for the other side's history and the statistics, without this member.
    const anonymised = await tx.match.updateMany({
      where: involving,
      data: { requestMessage: null, explanation: ANONYMISED_EXPLANATION, threadId: null },
    });
    result.matchesAnonymised = anonymised.count;
  }

  // Text this member wrote on matches that stay: a decline's own words, a flag's reason.
  await tx.match.updateMany({ where: { guildId, closedById: userId, status: "declined" }, data: { decisionReason: null } });
  await tx.match.updateMany({ where: { guildId, flaggedById: userId }, data: { flaggedById: null, flagReason: null } });
  await tx.match.updateMany({ where: { guildId, requestedById: userId }, data: { requestedById: null } });
  await tx.match.updateMany({ where: { guildId, closedById: userId }, data: { closedById: null } });
  const notes = await tx.matchNote.deleteMany({ where: { authorUserId: userId, match: { guildId } } });
  result.notesDeleted = notes.count;
  const feedback = await tx.matchFeedback.deleteMany({ where: { authorUserId: userId, match: { guildId } } });
  result.feedbackDeleted = feedback.count;
  // Action points the other side wrote stay, without this member as their owner or ticker.
  await tx.matchNote.updateMany({ where: { ownerUserId: userId, match: { guildId } }, data: { ownerUserId: null, remindAt: null } });
  await tx.matchNote.updateMany({ where: { doneById: userId, match: { guildId } }, data: { doneById: null } });
  await tx.matchCheckin.deleteMany({ where: { authorUserId: userId, match: { guildId } } });
  // Sessions stay in the pair's history; a place this member typed goes with them.
  await tx.matchSession.updateMany({ where: { createdById: userId, match: { guildId } }, data: { createdById: null, location: null } });
  await tx.matchSession.updateMany({ where: { cancelledById: userId, match: { guildId } }, data: { cancelledById: null } });

  // Office hours: sign-ups stay for the statistics (seats filled, attendance) without the member;
  // office hours they hosted stay without their name, description or the topic they typed.
  const signups = await tx.officeHourSignup.updateMany({ where: { userId, officeHour: { guildId } }, data: { userId: null, displayName: null, profileId: null, remindAt: null, noticeDueAt: null, noticeKind: null } });
  result.signupsAnonymised = signups.count;
  const hosted = await tx.officeHour.updateMany({
    where: { guildId, hostUserId: userId },
    data: { hostUserId: null, hostName: null, description: null, topicKey: ERASED_TOPIC.key, topicLabel: ERASED_TOPIC.label, announceDueAt: null },
  });
  result.officeHoursAnonymised = hosted.count;
  await tx.officeHour.updateMany({ where: { guildId, cancelledById: userId }, data: { cancelledById: null } });
  await tx.officeHoursOptOut.deleteMany({ where: { guildId, userId } });
  const resources = await tx.resource.updateMany({ where: { guildId, addedById: userId }, data: { addedById: null, note: null } });
  result.resourcesKept = resources.count;

  if (profile !== null) {
    await tx.profile.delete({ where: { id: profile.id } });
    result.profileDeleted = true;
  }
  await deleteOrphanTopics(tx);
  return result;
}

/** Everything stored about one member in one server, read in one go (for /profile export). */
export async function collectMemberData(db: DbOrTx, guildId: string, userId: string) {
  const profile = await db.profile.findUnique({
    where: { guildId_userId: { guildId, userId } },
    include: { topics: { include: { topic: { select: { key: true, label: true } } } } },
  });
  const involving = profile === null ? [] : [{ mentorProfileId: profile.id }, { menteeProfileId: profile.id }];
  const matches =
    profile === null
      ? []
      : await db.match.findMany({
          where: { OR: involving },
          include: { mentor: { select: { userId: true, displayName: true } }, mentee: { select: { userId: true, displayName: true } }, sessions: { orderBy: { startsAt: "asc" } } },
          orderBy: { id: "asc" },
        });
  const [notes, assigned, feedback, checkins, flagged, signups, hosted, resources, optedOut] = await Promise.all([
    db.matchNote.findMany({ where: { authorUserId: userId, match: { guildId } }, orderBy: { id: "asc" } }),
    db.matchNote.findMany({ where: { ownerUserId: userId, NOT: { authorUserId: userId }, match: { guildId } }, orderBy: { id: "asc" } }),
    db.matchFeedback.findMany({ where: { authorUserId: userId, match: { guildId } }, orderBy: { id: "asc" } }),
    db.matchCheckin.findMany({ where: { authorUserId: userId, match: { guildId } }, orderBy: { id: "asc" } }),
    db.match.findMany({ where: { guildId, flaggedById: userId }, select: { id: true, flaggedAt: true, flagReason: true, flagResolvedAt: true } }),
    db.officeHourSignup.findMany({ where: { userId, officeHour: { guildId } }, include: { officeHour: { select: { id: true, topicLabel: true, startsAt: true, status: true } } }, orderBy: { id: "asc" } }),
    db.officeHour.findMany({ where: { guildId, hostUserId: userId }, orderBy: { id: "asc" } }),
    db.resource.findMany({ where: { guildId, addedById: userId }, include: { topics: true }, orderBy: { id: "asc" } }),
    db.officeHoursOptOut.findUnique({ where: { guildId_userId: { guildId, userId } } }),
  ]);
  return { profile, matches, notes, assigned, feedback, checkins, flagged, signups, hosted, resources, officeHourNotices: optedOut === null };
}
