// A moderator's matching round: every waiting mentee against every mentor with free places,
// solved globally by the matching engine; proposals go to the review queue.
import type { Db } from "../db/client.js";
import { runRound } from "../matching/index.js";
import { addAudit } from "../storage/audit.js";
import { createMatch, menteesWithOpenMatch, type Match } from "../storage/matches.js";
import { inTransaction } from "../storage/tx.js";
import { loadCommunity, toMenteeInput, toMentorInput, weightsOf } from "./community.js";
import { DuplicateOpenMatchError } from "../errors.js";

export interface RoundSummary {
  waiting: number;
  mentorsWithPlaces: number;
  proposed: Match[];
  unassigned: number;
  totalScore: number;
}

export async function runMatchingRound(
  db: Db,
  guildId: string,
  moderatorId: string,
  now: Date,
  onProgress?: (stage: string) => Promise<void>,
): Promise<RoundSummary> {
  const community = await loadCommunity(db, guildId, now);
  const withOpen = await menteesWithOpenMatch(db, guildId);
  const waiting = community.mentees.filter((m) => !withOpen.has(m.id));
  const mentors = community.mentors
    .map((p) => toMentorInput(p, community.loads.get(p.id) ?? 0, now, community.pending.get(p.id) ?? 0))
    .filter((m) => m.available && (m.activeCount ?? 0) < m.capacity);
  await onProgress?.(`Matching ${waiting.length} waiting mentees with ${mentors.length} mentors who have free places…`);

  const result = runRound({
    mentors,
    mentees: waiting.map(toMenteeInput),
    weights: weightsOf(community.settings),
    isBlocked: community.isBlocked,
    // Proposals need the same minimum evidence as suggestions: no pairing on stage alone.
    strongOnly: true,
  });
  await onProgress?.(`Saving ${result.assignments.length} proposals…`);

  const proposed = await inTransaction(db, async (tx) => {
    const created: Match[] = [];
    for (const a of result.assignments) {
      const score = community.index.scoreById(a.mentorId, a.menteeId);
      try {
        created.push(
          await createMatch(tx, {
            guildId,
            mentorProfileId: Number(a.mentorId),
            menteeProfileId: Number(a.menteeId),
            status: "pending_review",
            source: "round",
            score: a.score,
            explanation: JSON.stringify({ criteria: score.criteria, reasons: score.reasons }),
            requestedById: moderatorId,
            createdAt: now,
          }),
        );
      } catch (error) {
        // A request for the same pair opened while the round ran: keep that one.
        if (!(error instanceof DuplicateOpenMatchError)) throw error;
      }
    }
    await addAudit(tx, {
      guildId,
      actorUserId: moderatorId,
      action: "round",
      detail: `${created.length} proposals for ${waiting.length} waiting mentees`,
    });
    return created;
  });
  return {
    waiting: waiting.length,
    mentorsWithPlaces: mentors.length,
    proposed,
    unassigned: waiting.length - proposed.length,
    totalScore: result.totalScore,
  };
}
