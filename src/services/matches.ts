// The match lifecycle. Every status change is one transaction with a compare-and-set on the
// status, so an Accept at capacity, a double click or two moderators at once change nothing twice.
//
//   request ──> requested ──accept──> pending_review ──approve──> active ──end──> ended
//                  │  └─decline/expire/cancel            └─reject/cancel          └─cancel
//   round ──> pending_review ──approve──> requested (already reviewed: accept goes straight to active)
import type { Db } from "../db/client.js";
import { AlreadyHandledError, UserError } from "../errors.js";
import { describeFilter, type PairScore } from "../matching/index.js";
import type { Prisma } from "../generated/prisma/client.js";
import { addAudit } from "../storage/audit.js";
import {
  addFeedback,
  addNote,
  countMentorLoad,
  countPendingRequestsOfMentee,
  countRequestsSince,
  createMatch,
  findMatch,
  isOpen,
  listMatchesOfProfile,
  listNotes,
  transitionMatch,
  updateMatch,
  type MatchStatus,
  type MatchWithPeople,
} from "../storage/matches.js";
import { findProfile, lockProfiles, updateProfile, type ProfileWithTopics } from "../storage/profiles.js";
import { findOrCreateGuildSettings } from "../storage/settings.js";
import { inTransaction } from "../storage/tx.js";
import { DAY_MS, HOUR_MS } from "./clock.js";
import { loadCommunity } from "./community.js";

/** Requested, in review or active (not yet closed). */
export { isOpen };
export type { MatchWithPeople };

export const STATUS_LABELS: Record<MatchStatus, string> = {
  requested: "waiting for the mentor",
  pending_review: "waiting for moderator review",
  active: "active",
  declined: "declined by the mentor",
  rejected: "rejected by a moderator",
  cancelled: "cancelled",
  ended: "ended",
  expired: "expired without an answer",
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as MatchStatus] ?? status;
}

export interface StoredExplanation {
  criteria?: PairScore["criteria"];
  reasons?: string[];
  anonymised?: boolean;
}

export function explanationOf(match: { explanation: string }): StoredExplanation {
  try {
    const parsed: unknown = JSON.parse(match.explanation);
    return typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

function explain(score: PairScore): string {
  return JSON.stringify({ criteria: score.criteria, reasons: score.reasons });
}

/** Looks a match up in this server; another server's match is reported as unknown. */
async function matchInGuild(db: Db | Prisma.TransactionClient, matchId: number, guildId: string | null): Promise<MatchWithPeople> {
  const match = await findMatch(db, matchId);
  if (match === null || (guildId !== null && match.guildId !== guildId)) {
    throw new UserError(`There is no match #${matchId} in this server. See your matches with \`/match list\`.`);
  }
  return match;
}

export interface RequestResult {
  match: MatchWithPeople;
  score: PairScore;
  mentor: ProfileWithTopics;
  mentee: ProfileWithTopics;
}

/** A mentee asks a mentor. Checks profiles, abuse limits and every hard filter of matching. */
export async function requestMentor(
  db: Db,
  guildId: string,
  requesterId: string,
  mentorUserId: string,
  message: string | null,
  now: Date,
): Promise<RequestResult> {
  if (mentorUserId === requesterId) throw new UserError("You cannot request yourself as a mentor.");
  const community = await loadCommunity(db, guildId, now);
  const { settings } = community;
  const mentee = community.mentees.find((p) => p.userId === requesterId);
  if (mentee === undefined) throw new UserError("Create your mentee profile with `/mentee profile` before requesting a mentor.");
  const mentor = community.mentors.find((p) => p.userId === mentorUserId);
  if (mentor === undefined) throw new UserError("That member has no mentor profile in this server.");

  const filter = community.index.filterReason(String(mentor.id), String(mentee.id), { isBlocked: community.isBlocked });
  if (filter !== null) {
    if (filter.code === "blocked") {
      throw new UserError(
        `You already have an open request or match with ${mentor.displayName}, or one ended without a meeting in the last ${settings.cooldownDays} days.`,
      );
    }
    if (filter.code === "at-capacity") {
      const load = community.loads.get(mentor.id) ?? 0;
      throw new UserError(`${mentor.displayName} has no free place right now (${load} of ${mentor.mentorCapacity} used). Try \`/match find\` for others.`);
    }
    throw new UserError(`${mentor.displayName} cannot take this request: ${describeFilter(filter)}. Try \`/match find\` for mentors who fit.`);
  }
  const score = community.index.scoreById(String(mentor.id), String(mentee.id));

  const match = await inTransaction(db, async (tx) => {
    // Limits are counted inside the transaction, with the mentee's row locked (PostgreSQL), so
    // that parallel requests cannot slip past them.
    await lockProfiles(tx, [mentee.id]);
    const pending = await countPendingRequestsOfMentee(tx, mentee.id);
    if (pending >= settings.maxPendingRequests) {
      throw new UserError(
        `You already have ${pending} requests waiting for an answer (the limit is ${settings.maxPendingRequests}). Wait for an answer or cancel one from \`/match list\`.`,
      );
    }
    const lastHour = await countRequestsSince(tx, guildId, requesterId, new Date(now.getTime() - HOUR_MS));
    if (lastHour >= settings.requestsPerHour) {
      throw new UserError(`You have sent ${lastHour} requests in the last hour (the limit is ${settings.requestsPerHour}). Please try again later.`);
    }
    const created = await createMatch(tx, {
      guildId,
      mentorProfileId: mentor.id,
      menteeProfileId: mentee.id,
      status: "requested",
      source: "request",
      score: score.score,
      explanation: explain(score),
      requestMessage: message,
      requestedById: requesterId,
      expiresAt: new Date(now.getTime() + settings.requestExpiryDays * DAY_MS),
      createdAt: now,
    });
    return (await findMatch(tx, created.id)) as MatchWithPeople;
  });
  return { match, score, mentor, mentee };
}

export interface AcceptResult {
  match: MatchWithPeople;
  status: "pending_review" | "active";
}

/** The mentor accepts. Refused (and nothing changes) when they are already at capacity. */
/** `guildId` is null when the button was pressed in the bot's DM (the match id carries the server). */
export async function acceptRequest(db: Db, guildId: string | null, matchId: number, actorId: string, now: Date): Promise<AcceptResult> {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    if (match.mentor === null || match.mentee === null) throw new AlreadyHandledError("This request is no longer open.");
    if (match.mentor.userId !== actorId) throw new UserError("Only the mentor this request was sent to can accept it.");
    if (match.status !== "requested") {
      throw new AlreadyHandledError(`This request was already handled: it is ${statusLabel(match.status)}.`);
    }
    // The capacity check and the status change hold the mentor's row (PostgreSQL: row lock).
    await lockProfiles(tx, [match.mentor.id]);
    const load = await countMentorLoad(tx, match.mentor.id);
    if (load >= match.mentor.mentorCapacity) {
      throw new UserError(
        `You are full: ${load} of ${match.mentor.mentorCapacity} places used. End a match or raise your capacity with \`/mentor profile capacity:…\`, then accept again (the request stays open).`,
      );
    }
    const settings = await findOrCreateGuildSettings(tx, match.guildId);
    const status = settings.reviewRequired && match.reviewedAt === null ? "pending_review" : "active";
    const changed = await transitionMatch(tx, matchId, ["requested"], {
      status,
      mentorDecidedAt: now,
      ...(status === "active" ? { activatedAt: now } : {}),
    });
    if (!changed) throw new AlreadyHandledError("This request was already handled.");
    if (status === "active") await updateProfile(tx, match.mentee.id, { menteeWaitingSince: null });
    return { match: (await findMatch(tx, matchId)) as MatchWithPeople, status };
  });
}

export async function declineRequest(
  db: Db,
  guildId: string | null,
  matchId: number,
  actorId: string,
  reason: string | null,
  now: Date,
): Promise<MatchWithPeople> {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    if (match.mentor?.userId !== actorId) throw new UserError("Only the mentor this request was sent to can decline it.");
    if (match.status !== "requested") {
      throw new AlreadyHandledError(`This request was already handled: it is ${statusLabel(match.status)}.`);
    }
    const changed = await transitionMatch(tx, matchId, ["requested"], {
      status: "declined",
      mentorDecidedAt: now,
      closedAt: now,
      closedById: actorId,
      decisionReason: reason,
    });
    if (!changed) throw new AlreadyHandledError("This request was already handled.");
    return (await findMatch(tx, matchId)) as MatchWithPeople;
  });
}

/** Either side withdraws before the pair is active, or ends contact without feedback. */
export async function cancelMatch(db: Db, guildId: string, matchId: number, actorId: string, now: Date): Promise<MatchWithPeople> {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    assertParticipant(match, actorId);
    if (!isOpen(match.status)) throw new AlreadyHandledError(`Match #${matchId} is already ${statusLabel(match.status)}.`);
    const wasActive = match.status === "active";
    const changed = await transitionMatch(tx, matchId, [match.status as MatchStatus], {
      status: "cancelled",
      closedAt: now,
      closedById: actorId,
    });
    if (!changed) throw new AlreadyHandledError("This match was already changed by someone else.");
    if (wasActive && match.mentee !== null) await updateProfile(tx, match.mentee.id, { menteeWaitingSince: now });
    return (await findMatch(tx, matchId)) as MatchWithPeople;
  });
}

function assertParticipant(match: MatchWithPeople, actorId: string): "mentor" | "mentee" {
  if (match.mentor?.userId === actorId) return "mentor";
  if (match.mentee?.userId === actorId) return "mentee";
  throw new UserError(`You are not part of match #${match.id}.`);
}

export interface ReviewResult {
  match: MatchWithPeople;
  /** active: the pair can start; requested: a round proposal now goes to the mentor. */
  status: "active" | "requested" | "rejected";
}

/** A moderator approves a match waiting for review. Only one moderator's decision counts. */
export async function approveMatch(db: Db, guildId: string, matchId: number, moderatorId: string, now: Date): Promise<ReviewResult> {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    if (match.status !== "pending_review") {
      throw new AlreadyHandledError(`Match #${matchId} was already handled: it is ${statusLabel(match.status)}.`);
    }
    if (match.mentor === null || match.mentee === null) throw new AlreadyHandledError("One of the members has left; this match cannot be approved.");
    await lockProfiles(tx, [match.mentor.id]);
    const settings = await findOrCreateGuildSettings(tx, guildId);
    const toMentor = match.source === "round" && match.mentorDecidedAt === null;
    const status = toMentor ? "requested" : "active";
    const changed = await transitionMatch(tx, matchId, ["pending_review"], {
      status,
      reviewedById: moderatorId,
      reviewedAt: now,
      ...(status === "active"
        ? { activatedAt: now }
        : { expiresAt: new Date(now.getTime() + settings.requestExpiryDays * DAY_MS) }),
    });
    if (!changed) throw new AlreadyHandledError(`Match #${matchId} was already handled by another moderator.`);
    if (status === "active") await updateProfile(tx, match.mentee.id, { menteeWaitingSince: null });
    await addAudit(tx, { guildId, actorUserId: moderatorId, action: "approve", matchId });
    return { match: (await findMatch(tx, matchId)) as MatchWithPeople, status };
  });
}

export async function rejectMatch(
  db: Db,
  guildId: string,
  matchId: number,
  moderatorId: string,
  reason: string,
  now: Date,
): Promise<ReviewResult> {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    if (match.status !== "pending_review") {
      throw new AlreadyHandledError(`Match #${matchId} was already handled: it is ${statusLabel(match.status)}.`);
    }
    const changed = await transitionMatch(tx, matchId, ["pending_review"], {
      status: "rejected",
      reviewedById: moderatorId,
      reviewedAt: now,
      decisionReason: reason,
      closedAt: now,
      closedById: moderatorId,
    });
    if (!changed) throw new AlreadyHandledError(`Match #${matchId} was already handled by another moderator.`);
    await addAudit(tx, { guildId, actorUserId: moderatorId, action: "reject", matchId, detail: reason });
    return { match: (await findMatch(tx, matchId)) as MatchWithPeople, status: "rejected" };
  });
}

export const NOTE_MAX = 1000;
export const FEEDBACK_MAX = 1000;

/** Follow-up notes and action points; both sides can write and read them. */
export async function addMatchNote(db: Db, guildId: string, matchId: number, actorId: string, text: string, now: Date) {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    assertParticipant(match, actorId);
    if (match.status !== "active" && match.status !== "ended") {
      throw new UserError(`Notes can be added once the match is active; #${matchId} is ${statusLabel(match.status)}.`);
    }
    const note = await addNote(tx, matchId, actorId, text, now);
    return { match, note };
  });
}

export async function matchNotes(db: Db, guildId: string, matchId: number, actorId: string) {
  const match = await matchInGuild(db, matchId, guildId);
  assertParticipant(match, actorId);
  return { match, notes: await listNotes(db, matchId) };
}

export interface EndResult {
  match: MatchWithPeople;
  /** false when the match had already ended and only feedback was added. */
  ended: boolean;
  role: "mentor" | "mentee";
}

/** Ends an active match with optional feedback; the other side can add theirs afterwards. */
export async function endMatch(
  db: Db,
  guildId: string,
  matchId: number,
  actorId: string,
  rating: number | null,
  feedback: string | null,
  now: Date,
): Promise<EndResult> {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    const role = assertParticipant(match, actorId);
    let ended = false;
    if (match.status === "active") {
      ended = await transitionMatch(tx, matchId, ["active"], { status: "ended", closedAt: now, closedById: actorId });
      if (ended && match.mentee !== null) await updateProfile(tx, match.mentee.id, { menteeWaitingSince: now });
    } else if (match.status !== "ended") {
      throw new UserError(
        `Match #${matchId} is ${statusLabel(match.status)}; only active matches can be ended${isOpen(match.status) ? " (cancel it from `/match list` instead)" : ""}.`,
      );
    }
    if (rating !== null || feedback !== null) {
      await addFeedback(tx, { matchId, authorUserId: actorId, role, rating, body: feedback });
    } else if (!ended) {
      throw new AlreadyHandledError(`Match #${matchId} has already ended. Add a rating or feedback to leave yours.`);
    }
    return { match: (await findMatch(tx, matchId)) as MatchWithPeople, ended, role };
  });
}

export async function listMyMatches(db: Db, guildId: string, userId: string): Promise<{ profile: ProfileWithTopics; matches: MatchWithPeople[] }> {
  const profile = await findProfile(db, guildId, userId);
  if (profile === null) throw new UserError("You have no profile in this server yet. Start with `/mentee profile` or `/mentor profile`.");
  return { profile, matches: await listMatchesOfProfile(db, profile.id) };
}


export async function recordPairThread(db: Db, matchId: number, threadId: string): Promise<void> {
  await updateMatch(db, matchId, { threadId });
}
