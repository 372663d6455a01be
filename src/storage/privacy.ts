// Erasure of one member's data in one server (/profile delete), as one transaction.
import type { Prisma } from "../generated/prisma/client.js";
import { OPEN_STATUSES } from "../domain/enums.js";
import { deleteOrphanTopics } from "./profiles.js";

export interface ErasureResult {
  profileDeleted: boolean;
  matchesClosed: number;
  matchesAnonymised: number;
  notesDeleted: number;
  feedbackDeleted: number;
  /** Other people whose open match was closed by the erasure (to tell them). */
  affectedUserIds: string[];
}

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
      data: { status: "cancelled", openPairKey: null, closedAt: now, decisionReason: "member deleted their profile" },
    });
    result.matchesClosed = closed.count;
    // The match rows stay for the other side's history and the statistics, without this member.
    const anonymised = await tx.match.updateMany({
      where: involving,
      data: { requestMessage: null, explanation: ANONYMISED_EXPLANATION, threadId: null },
    });
    result.matchesAnonymised = anonymised.count;
  }

  await tx.match.updateMany({ where: { guildId, requestedById: userId }, data: { requestedById: null } });
  await tx.match.updateMany({ where: { guildId, closedById: userId }, data: { closedById: null } });
  const notes = await tx.matchNote.deleteMany({ where: { authorUserId: userId, match: { guildId } } });
  result.notesDeleted = notes.count;
  const feedback = await tx.matchFeedback.deleteMany({ where: { authorUserId: userId, match: { guildId } } });
  result.feedbackDeleted = feedback.count;

  if (profile !== null) {
    await tx.profile.delete({ where: { id: profile.id } });
    result.profileDeleted = true;
  }
  await deleteOrphanTopics(tx);
  return result;
}
