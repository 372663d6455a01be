// A moderator's matching round: every waiting mentee against every mentor with free places,
// solved globally by the matching engine; proposals go to the review queue.
import type { Db } from "../db/client.js";
import { UserError } from "../errors.js";
import { roundSteps, type RoundOptions, type RoundProgress, type RoundResult } from "../matching/index.js";
import { addAudit } from "../storage/audit.js";
import { createMatches, menteesWithOpenMatch, type Match } from "../storage/matches.js";
import { inTransaction } from "../storage/tx.js";
import { runInSlices } from "./slices.js";
import { isBlockedAt, liveCommunity } from "./live-community.js";

/** Proposals saved per transaction. */
export const ROUND_SAVE_BATCH = 500;
/** Progress is reported at most this often (each report edits the moderator's reply). */
const PROGRESS_EVERY_MS = 3000;

/** Servers with a round running in this process (per database client). */
const running = new WeakMap<Db, Set<string>>();

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
  let guilds = running.get(db);
  if (guilds === undefined) {
    guilds = new Set();
    running.set(db, guilds);
  }
  if (guilds.has(guildId)) throw new UserError("A matching round is already running for this server. Its proposals will be in `/mod queue` when it is done.");
  guilds.add(guildId);
  try {
    return await matchingRound(db, guildId, moderatorId, now, onProgress);
  } finally {
    guilds.delete(guildId);
  }
}

async function matchingRound(db: Db, guildId: string, moderatorId: string, now: Date, onProgress?: (stage: string) => Promise<void>): Promise<RoundSummary> {
  // Ranked from the server's live index: no profile is read from the database here.
  const live = await liveCommunity(db, guildId, now);
  const withOpen = await menteesWithOpenMatch(db, guildId);
  const waiting = live.index.menteeInputs().filter((m) => !withOpen.has(Number(m.id)));
  const mentors = live.index.mentorInputs().filter((m) => m.available && (m.activeCount ?? 0) < m.capacity);
  await onProgress?.(`Matching ${waiting.length} waiting mentees with ${mentors.length} mentors who have free places…`);

  const result = await runRoundInSlices(
    {
      mentors,
      mentees: waiting,
      weights: live.index.resolvedWeights,
      isBlocked: isBlockedAt(live, now),
      // Proposals need the same minimum evidence as suggestions: no pairing on stage alone.
      strongOnly: true,
    },
    onProgress,
  );
  await onProgress?.(`Saving ${result.assignments.length} proposals…`);

  // Saved in bounded transactions, so that a large round never holds the database for long.
  const proposed: Match[] = [];
  for (let from = 0; from < result.assignments.length || from === 0; from += ROUND_SAVE_BATCH) {
    const batch = result.assignments.slice(from, from + ROUND_SAVE_BATCH);
    const last = from + ROUND_SAVE_BATCH >= result.assignments.length;
    proposed.push(
      ...(await inTransaction(db, async (tx) => {
        const { created } = await createMatches(
          tx,
          guildId,
          batch.map((a) => {
            const score = live.index.scoreById(a.mentorId, a.menteeId);
            return {
              guildId,
              mentorProfileId: Number(a.mentorId),
              menteeProfileId: Number(a.menteeId),
              status: "pending_review" as const,
              source: "round" as const,
              score: a.score,
              explanation: JSON.stringify({ criteria: score.criteria, reasons: score.reasons }),
              requestedById: moderatorId,
              createdAt: now,
            };
          }),
        );
        // A request for the same pair opened while the round ran is kept (createMatches skips it).
        if (last) {
          await addAudit(tx, {
            guildId,
            actorUserId: moderatorId,
            action: "round",
            detail: `${proposed.length + created.length} proposals for ${waiting.length} waiting mentees`,
          });
        }
        return created;
      })),
    );
  }
  return {
    waiting: waiting.length,
    mentorsWithPlaces: mentors.length,
    proposed,
    unassigned: waiting.length - proposed.length,
    totalScore: result.totalScore,
  };
}

/**
 * The round computed in slices (services/slices.ts), so that a large round (seconds of ranking and
 * solving) does not stop the bot answering others. The inputs are the snapshot taken at the start;
 * proposals are checked again when saved.
 */
async function runRoundInSlices(options: RoundOptions, onProgress?: (stage: string) => Promise<void>): Promise<RoundResult> {
  let reported = performance.now();
  return runInSlices(roundSteps(options), {
    onPause: async (progress) => {
      if (onProgress === undefined || performance.now() - reported < PROGRESS_EVERY_MS) return;
      reported = performance.now();
      await onProgress(progressLine(progress));
    },
  });
}

function progressLine(progress: RoundProgress): string {
  if (progress.stage === "indexing") return "Indexing the profiles…";
  const what = progress.stage === "ranking" ? "Ranking mentors for" : "Assigning";
  return `${what} waiting mentees: ${progress.done.toLocaleString("en-US")} of ${progress.of.toLocaleString("en-US")}…`;
}
