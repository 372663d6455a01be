// A moderator's matching round: every waiting mentee against every mentor with free places,
// solved globally by the matching engine; proposals go to the review queue.
import type { Db } from "../db/client.js";
import { UserError } from "../errors.js";
import { freePlacesOf, liveRoundSteps, type RoundProgress, type RoundResult } from "../matching/index.js";
import { addAudit } from "../storage/audit.js";
import { createMatches, menteesWithOpenMatch, type NewMatch } from "../storage/matches.js";
import { inTransaction } from "../storage/tx.js";
import { nextTurn } from "../turn.js";
import { runInSlices } from "./slices.js";
import { compactIfChanged, isBlockedAt, liveCommunity, type LiveCommunity } from "./live-community.js";

/**
 * Proposals saved per transaction: at most 500 profiles each, so that the matching change names
 * them (more count as a change to the whole server, which makes every process rebuild its index).
 */
export const ROUND_SAVE_BATCH = 250;
/** Profiles changed since the live index's base was built above which a round rebuilds it first. */
const ROUND_PENDING_MAX = 100;
/** Progress is reported at most this often (each report edits the moderator's reply). */
const PROGRESS_EVERY_MS = 3000;

/** Servers with a round running in this process (per database client). */
const running = new WeakMap<Db, Set<string>>();

export interface RoundSummary {
  waiting: number;
  mentorsWithPlaces: number;
  /** Proposals saved (the review queue has them). */
  proposed: number;
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
  // Ranked from the server's live index: no profile is read from the database, no second index.
  const live = await liveCommunity(db, guildId, now);
  // Each profile changed since the base was built is scored directly for every mentee ranked
  // (about 7 µs each at 100k): with more than a few, rebuild the base first (in slices).
  if (live.index.pendingChanges > ROUND_PENDING_MAX) {
    await onProgress?.("Refreshing the matching index…");
    await compactIfChanged(live, ROUND_PENDING_MAX);
  }
  const withOpen = await menteesWithOpenMatch(db, guildId);
  const waiting = live.index
    .menteeInputs()
    .filter((m) => !withOpen.has(Number(m.id)))
    .map((m) => m.id);
  // The two lists are 20-25 ms at 100k + 100k: not in the same turn as each other and the first slice.
  await nextTurn();
  const mentorsWithPlaces = live.index.mentorInputs().filter((m) => freePlacesOf(m) > 0).length;
  await onProgress?.(`Matching ${waiting.length.toLocaleString("en-US")} waiting mentees with ${mentorsWithPlaces.toLocaleString("en-US")} mentors who have free places…`);

  const rankingProgress = throttled(onProgress);
  const result = await runInSlices(
    liveRoundSteps({
      index: live.index,
      menteeIds: waiting,
      isBlocked: isBlockedAt(live, now),
      // Proposals need the same minimum evidence as suggestions: no pairing on stage alone.
      strongOnly: true,
    }),
    { onPause: (progress) => rankingProgress(() => progressLine(progress)) },
  );

  await onProgress?.(`Saving ${result.assignments.length.toLocaleString("en-US")} proposals…`);

  // Saved in bounded transactions, so that a large round never holds the database for long.
  let proposed = 0;
  const savingProgress = throttled(onProgress);
  for (let from = 0; from < result.assignments.length || from === 0; from += ROUND_SAVE_BATCH) {
    const batch = result.assignments.slice(from, from + ROUND_SAVE_BATCH);
    const last = from + ROUND_SAVE_BATCH >= result.assignments.length;
    await savingProgress(() => `Saving proposals: ${from.toLocaleString("en-US")} saved of ${result.assignments.length.toLocaleString("en-US")}…`);
    // The reasons are built before the transaction and in slices: 250 explanations held the
    // event loop 55-90 ms at once on a slow machine (100k + 100k).
    const proposals = await runInSlices(proposalSteps(live, batch, guildId, moderatorId, now));
    proposed += await inTransaction(db, async (tx) => {
      const { created } = await createMatches(tx, guildId, proposals);
      // A request for the same pair opened while the round ran is kept (createMatches skips it).
      if (last) {
        await addAudit(tx, {
          guildId,
          actorUserId: moderatorId,
          action: "round",
          detail: `${proposed + created} proposals for ${waiting.length} waiting mentees`,
        });
      }
      return created;
    });
  }
  return {
    waiting: waiting.length,
    mentorsWithPlaces,
    proposed,
    unassigned: waiting.length - proposed,
    totalScore: result.totalScore,
  };
}

/** A batch's proposals with the reasons a moderator reviews, a step per proposal. */
function* proposalSteps(live: LiveCommunity, batch: readonly RoundResult["assignments"][number][], guildId: string, moderatorId: string, now: Date): Generator<void, NewMatch[], void> {
  const proposals: NewMatch[] = [];
  for (const a of batch) {
    // A profile deleted while the round ran is no longer in the index: its pair is dropped
    // (createMatches also skips a profile deleted through another process).
    if (!live.index.hasMentor(a.mentorId) || !live.index.hasMentee(a.menteeId)) continue;
    // The reasons, from the same index that ranked the pair.
    const score = live.index.scoreById(a.mentorId, a.menteeId);
    proposals.push({
      guildId,
      mentorProfileId: Number(a.mentorId),
      menteeProfileId: Number(a.menteeId),
      status: "pending_review",
      source: "round",
      score: a.score,
      explanation: JSON.stringify({ criteria: score.criteria, reasons: score.reasons }),
      requestedById: moderatorId,
      createdAt: now,
    });
    yield;
  }
  return proposals;
}

/** onProgress at most every PROGRESS_EVERY_MS from now; the line is only built when it is shown. */
function throttled(onProgress: ((stage: string) => Promise<void>) | undefined): (line: () => string) => Promise<void> {
  let reported = performance.now();
  return async (line) => {
    if (onProgress === undefined || performance.now() - reported < PROGRESS_EVERY_MS) return;
    reported = performance.now();
    await onProgress(line());
  };
}

function progressLine(progress: RoundProgress): string {
  if (progress.stage === "indexing") return "Indexing the profiles…";
  const what = progress.stage === "ranking" ? "Ranking mentors for" : "Assigning";
  return `${what} waiting mentees: ${progress.done.toLocaleString("en-US")} of ${progress.of.toLocaleString("en-US")}…`;
}
