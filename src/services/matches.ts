// The match lifecycle. Every status change goes through transition(): one transaction, the match
// looked up in this server, the status checked, then a compare-and-set on the status, so an Accept
// at capacity, a double click or two moderators at once change nothing twice.
//
//   request ──> requested ──accept──> pending_review ──approve──> active ──end──> ended
//                  │  └─decline/expire/cancel            └─reject/cancel          └─cancel
//   round ──> pending_review ──approve──> requested (already reviewed: accept goes straight to active)
import type { Db } from "../db/client.js";
import { isOpen, MATCH_STATUS, type MatchStatus } from "../domain/enums.js";
import { AlreadyHandledError, UserError } from "../errors.js";
import type { Prisma } from "../generated/prisma/client.js";
import { describeFilter, type PairScore } from "../matching/index.js";
import { addAudit } from "../storage/audit.js";
import {
  addFeedback,
  addNote,
  countMentorLoad,
  countPendingRequestsOfMentee,
  countRequestsSince,
  createMatch,
  findMatch,
  getMatch,
  listMatchesOfProfile,
  listNotes,
  otherOpenRequestsOfMentee,
  transitionMatch,
  updateMatch,
  type MatchWithPeople,
} from "../storage/matches.js";
import { findProfile, findProfileById, lockProfiles, updateProfile, type ProfileWithTopics } from "../storage/profiles.js";
import { findOrCreateGuildSettings, type GuildSettings } from "../storage/settings.js";
import { touchActivity } from "../storage/follow-through.js";
import { inTransaction } from "../storage/tx.js";
import { morningOf } from "../domain/time.js";
import { DAY_MS, HOUR_MS } from "./clock.js";
import { isBlockedAt, liveCommunity } from "./live-community.js";

/** Requested, in review or active (not yet closed). */
export { isOpen };
export type { MatchWithPeople };

export function statusLabel(status: string): string {
  return MATCH_STATUS.label(status);
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

type Tx = Prisma.TransactionClient;

/** Looks a match up in this server; another server's match is reported as unknown. */
export async function matchInGuild(db: Db | Tx, matchId: number, guildId: string | null): Promise<MatchWithPeople> {
  const match = await findMatch(db, matchId);
  if (match === null || (guildId !== null && match.guildId !== guildId)) {
    throw new UserError(`There is no match #${matchId} in this server. See your matches with \`/match list\`.`);
  }
  return match;
}

type ColumnChanges = Omit<Prisma.MatchUncheckedUpdateManyInput, "status">;

interface TransitionSpec<S extends MatchStatus> {
  /** null: a button on a DM (the match id carries the server). */
  guildId: string | null;
  matchId: number;
  /** Who may do it (throw a UserError otherwise); runs before the status is looked at. */
  allow?(match: MatchWithPeople): void;
  /** The statuses this change starts from; any other status is "already handled". */
  from: readonly MatchStatus[];
  /** What "already handled" says when the match is no longer in `from`. */
  handled(match: MatchWithPeople): string;
  /** The new status and columns; may refuse (capacity) now that the status is known to be right. */
  to(match: MatchWithPeople, tx: Tx): Promise<{ status: S; set: ColumnChanges }>;
  /** Further writes in the same transaction once the change is made (audit, waiting list). */
  after?(match: MatchWithPeople, status: S, tx: Tx): Promise<void>;
}

export interface Transitioned<S extends MatchStatus> {
  /** The match as it is now. */
  match: MatchWithPeople;
  status: S;
}

/** One status change inside an open transaction (see transition). */
async function transitionIn<S extends MatchStatus>(tx: Tx, spec: TransitionSpec<S>): Promise<Transitioned<S>> {
  const match = await matchInGuild(tx, spec.matchId, spec.guildId);
  spec.allow?.(match);
  if (!spec.from.includes(match.status as MatchStatus)) throw new AlreadyHandledError(spec.handled(match));
  const { status, set } = await spec.to(match, tx);
  // Compare-and-set: someone else may have changed the status since it was read.
  if (!(await transitionMatch(tx, match.id, spec.from, { ...set, status }))) {
    throw new AlreadyHandledError(`Match #${match.id} was already handled by someone else just now.`);
  }
  await spec.after?.(match, status, tx);
  return { match: await getMatch(tx, match.id), status };
}

/** A status change as one transaction: match in this server → status check → compare-and-set. */
function transition<S extends MatchStatus>(db: Db, spec: TransitionSpec<S>): Promise<Transitioned<S>> {
  return inTransaction(db, (tx) => transitionIn(tx, spec));
}

/** The mentee is back on the waiting list (or off it, once a match is active). */
async function setWaiting(tx: Tx, match: MatchWithPeople, since: Date | null): Promise<void> {
  if (match.mentee !== null) await updateProfile(tx, match.mentee.id, { menteeWaitingSince: since });
}

/** The columns a match gets when it becomes active: the check-in and quiet-pair timers start. */
export function activationColumns(now: Date, settings: Pick<GuildSettings, "checkinDays" | "nudgeDays" | "idleDays">): ColumnChanges {
  return {
    activatedAt: now,
    activityAt: now,
    checkinDueAt: new Date(now.getTime() + settings.checkinDays * DAY_MS),
    nudgeDueAt: new Date(now.getTime() + settings.nudgeDays * DAY_MS),
    idleDueAt: new Date(now.getTime() + settings.idleDays * DAY_MS),
    idleDeadlineAt: null,
  };
}

/** A mentor answered a request: the run of unanswered ones is broken. */
async function resetMissed(tx: Tx, match: MatchWithPeople): Promise<void> {
  if (match.mentor !== null && match.mentor.mentorMissedInARow !== 0) await updateProfile(tx, match.mentor.id, { mentorMissedInARow: 0 });
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
  const live = await liveCommunity(db, guildId, now);
  const { settings } = live;
  const menteeId = live.menteeByUser.get(requesterId);
  if (menteeId === undefined) throw new UserError("Create your mentee profile with `/mentee profile` before requesting a mentor.");
  const mentorId = live.mentorByUser.get(mentorUserId);
  if (mentorId === undefined) throw new UserError("That member has no mentor profile in this server.");
  // Only the pair: two rows read, one pair scored from the live index.
  const [mentor, mentee] = await Promise.all([findProfileById(db, mentorId), findProfileById(db, menteeId)]);
  if (mentor === null) throw new UserError("That member has no mentor profile in this server.");
  if (mentee === null) throw new UserError("Create your mentee profile with `/mentee profile` before requesting a mentor.");

  const filter = live.index.filterReason(String(mentor.id), String(mentee.id), { isBlocked: isBlockedAt(live, now) });
  if (filter !== null) {
    if (filter.code === "blocked") {
      throw new UserError(
        `You already have an open request or match with ${mentor.displayName}, or one ended without a meeting in the last ${settings.cooldownDays} days.`,
      );
    }
    if (filter.code === "at-capacity") {
      const load = live.loads.get(mentor.id) ?? 0;
      throw new UserError(`${mentor.displayName} has no free place right now (${load} of ${mentor.mentorCapacity} used). Try \`/match find\` for others.`);
    }
    throw new UserError(`${mentor.displayName} cannot take this request: ${describeFilter(filter)}. Try \`/match find\` for mentors who fit.`);
  }
  const score = live.index.scoreById(String(mentor.id), String(mentee.id));

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
    return createMatch(tx, {
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
  });
  return { match, score, mentor, mentee };
}

export interface AcceptResult {
  match: MatchWithPeople;
  status: "pending_review" | "active";
  /** The mentee's other requests withdrawn because this one was accepted first (to tell those mentors). */
  withdrawn: MatchWithPeople[];
}

function onlyTheMentor(actorId: string, what: string) {
  return (match: MatchWithPeople): void => {
    if (match.mentor === null || match.mentee === null) throw new AlreadyHandledError("This request is no longer open.");
    if (match.mentor.userId !== actorId) throw new UserError(`Only the mentor this request was sent to can ${what} it.`);
  };
}

const requestHandled = (match: MatchWithPeople) => `This request was already handled: it is ${statusLabel(match.status)}.`;

/**
 * The mentor accepts. Refused (and nothing changes) when they are already at capacity.
 * `guildId` is null when the button was pressed in the bot's DM (the match id carries the server).
 */
export async function acceptRequest(db: Db, guildId: string | null, matchId: number, actorId: string, now: Date): Promise<AcceptResult> {
  const withdrawn: MatchWithPeople[] = [];
  const result = await transition(db, {
    guildId,
    matchId,
    allow: onlyTheMentor(actorId, "accept"),
    from: ["requested"],
    handled: requestHandled,
    async to(match, tx) {
      if (match.mentor === null) throw new AlreadyHandledError("This request is no longer open.");
      // The capacity check and the status change hold the mentor's row (PostgreSQL: row lock), and
      // the mentee's: with first-acceptance-wins, two mentors accepting the same mentee at once
      // would otherwise each withdraw the other's request, in opposite order (a deadlock).
      await lockProfiles(tx, match.mentee === null ? [match.mentor.id] : [match.mentor.id, match.mentee.id]);
      const load = await countMentorLoad(tx, match.mentor.id);
      if (load >= match.mentor.mentorCapacity) {
        throw new UserError(
          `You are full: ${load} of ${match.mentor.mentorCapacity} places used. End a match or raise your capacity with \`/mentor profile capacity:…\`, then accept again (the request stays open).`,
        );
      }
      const settings = await findOrCreateGuildSettings(tx, match.guildId);
      const status = settings.reviewRequired && match.reviewedAt === null ? "pending_review" : "active";
      return { status, set: { mentorDecidedAt: now, ...(status === "active" ? activationColumns(now, settings) : {}) } };
    },
    after: async (match, status, tx) => {
      if (status === "active") await setWaiting(tx, match, null);
      await resetMissed(tx, match);
      const settings = await findOrCreateGuildSettings(tx, match.guildId);
      if (settings.firstAcceptanceWins && match.menteeProfileId !== null) {
        for (const other of await otherOpenRequestsOfMentee(tx, match.menteeProfileId, match.id)) {
          const closed = await transitionIn(tx, {
            guildId: match.guildId,
            matchId: other.id,
            from: ["requested"],
            handled: requestHandled,
            to: async () => ({ status: "cancelled" as const, set: { closedAt: now, closeReason: "first-acceptance" } }),
          });
          withdrawn.push(closed.match);
        }
      }
    },
  });
  return { ...result, withdrawn };
}

export const DECLINE_REASONS = ["no-capacity", "not-my-area", "other"] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export interface DeclineInput {
  reason: DeclineReason;
  /** The mentor's own words ("other"); kept private unless `share`. */
  text?: string | null;
  share?: boolean;
  /** Also pause the mentor's availability (no new requests until they switch it back on). */
  pause?: boolean;
}

/** Checks that `actorId` may decline request `matchId` now (before the reason form is shown). */
export async function assertCanDecline(db: Db, guildId: string | null, matchId: number, actorId: string): Promise<MatchWithPeople> {
  const match = await matchInGuild(db, matchId, guildId);
  onlyTheMentor(actorId, "decline")(match);
  if (match.status !== "requested") throw new AlreadyHandledError(requestHandled(match));
  return match;
}

export async function declineRequest(
  db: Db,
  guildId: string | null,
  matchId: number,
  actorId: string,
  input: DeclineInput,
  now: Date,
): Promise<{ match: MatchWithPeople; paused: boolean }> {
  let paused = false;
  const { match } = await transition(db, {
    guildId,
    matchId,
    allow: onlyTheMentor(actorId, "decline"),
    from: ["requested"],
    handled: requestHandled,
    to: async () => ({
      status: "declined",
      set: { mentorDecidedAt: now, closedAt: now, closedById: actorId, closeReason: input.reason, decisionReason: input.text ?? null },
    }),
    after: async (m, _status, tx) => {
      await resetMissed(tx, m);
      if (input.pause === true && m.mentor !== null) {
        await updateProfile(tx, m.mentor.id, { mentorAvailable: false, mentorAvailableUntil: null });
        paused = true;
      }
    },
  });
  return { match, paused };
}

/** Either side withdraws before the pair is active, or ends contact without feedback. */
export function cancelMatch(db: Db, guildId: string, matchId: number, actorId: string, now: Date): Promise<MatchWithPeople> {
  return transition(db, {
    guildId,
    matchId,
    allow: (match) => void assertParticipant(match, actorId),
    from: ["requested", "pending_review", "active"],
    handled: (match) => `Match #${match.id} is already ${statusLabel(match.status)}.`,
    to: async () => ({ status: "cancelled", set: { closedAt: now, closedById: actorId } }),
    after: async (match, _status, tx) => {
      if (match.status === "active") await setWaiting(tx, match, now);
    },
  }).then((r) => r.match);
}

export function assertParticipant(match: MatchWithPeople, actorId: string): "mentor" | "mentee" {
  if (match.mentor?.userId === actorId) return "mentor";
  if (match.mentee?.userId === actorId) return "mentee";
  throw new UserError(`You are not part of match #${match.id}.`);
}

export interface ReviewResult {
  match: MatchWithPeople;
  /** active: the pair can start; requested: a round proposal now goes to the mentor. */
  status: "active" | "requested" | "rejected";
}

const reviewHandled = (match: MatchWithPeople) => `Match #${match.id} was already handled: it is ${statusLabel(match.status)}.`;

/** A moderator approves a match waiting for review. Only one moderator's decision counts. */
export function approveMatch(db: Db, guildId: string, matchId: number, moderatorId: string, now: Date): Promise<ReviewResult> {
  return transition(db, {
    guildId,
    matchId,
    from: ["pending_review"],
    handled: reviewHandled,
    async to(match, tx) {
      if (match.mentor === null || match.mentee === null) throw new AlreadyHandledError("One of the members has left; this match cannot be approved.");
      await lockProfiles(tx, [match.mentor.id]);
      // A round's proposal still goes to the mentor to accept; an accepted request becomes active.
      if (match.source === "round" && match.mentorDecidedAt === null) {
        const settings = await findOrCreateGuildSettings(tx, guildId);
        return { status: "requested" as const, set: { reviewedById: moderatorId, reviewedAt: now, expiresAt: new Date(now.getTime() + settings.requestExpiryDays * DAY_MS) } };
      }
      const settings = await findOrCreateGuildSettings(tx, guildId);
      return { status: "active" as const, set: { reviewedById: moderatorId, reviewedAt: now, ...activationColumns(now, settings) } };
    },
    after: async (match, status, tx) => {
      if (status === "active") await setWaiting(tx, match, null);
      await addAudit(tx, { guildId, actorUserId: moderatorId, action: "approve", matchId });
    },
  });
}

export function rejectMatch(db: Db, guildId: string, matchId: number, moderatorId: string, reason: string, now: Date): Promise<ReviewResult> {
  return transition(db, {
    guildId,
    matchId,
    from: ["pending_review"],
    handled: reviewHandled,
    to: async () => ({
      status: "rejected" as const,
      set: { reviewedById: moderatorId, reviewedAt: now, decisionReason: reason, closedAt: now, closedById: moderatorId },
    }),
    after: async (_match, _status, tx) => {
      await addAudit(tx, { guildId, actorUserId: moderatorId, action: "reject", matchId, detail: reason });
    },
  });
}

export const NOTE_MAX = 1000;
export const FEEDBACK_MAX = 1000;

/** What makes a note an action point: a due date and the side who owns it (default: the writer). */
export interface ActionInput {
  dueOn: Date;
  /** A participant's user id; null or absent: the writer. */
  ownerUserId?: string | null;
}

/**
 * Follow-up notes and action points; both sides can write and read them. An action point's owner
 * is reminded on the morning of the due date in their own timezone. A note on an active match is
 * activity: the quiet-pair timers start again.
 */
export function addMatchNote(db: Db, guildId: string, matchId: number, actorId: string, text: string, now: Date, action?: ActionInput) {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    assertParticipant(match, actorId);
    if (match.status !== "active" && match.status !== "ended") {
      throw new UserError(`Notes can be added once the match is active; #${matchId} is ${statusLabel(match.status)}.`);
    }
    if (action !== undefined && match.status !== "active") throw new UserError(`Option \`due\`: match #${matchId} has ended; action points need an active match.`);
    let owner: MatchWithPeople["mentor"] = null;
    if (action !== undefined) {
      const ownerId = action.ownerUserId ?? actorId;
      owner = match.mentor?.userId === ownerId ? match.mentor : match.mentee?.userId === ownerId ? match.mentee : null;
      if (owner === null) throw new UserError(`Option \`for\`: an action point belongs to one of the two people in match #${matchId}.`);
    }
    const note = await addNote(tx, matchId, actorId, text, now, action === undefined || owner === null ? undefined : {
      dueOn: action.dueOn,
      ownerUserId: owner.userId,
      remindAt: morningOf(action.dueOn, owner.timezone),
    });
    if (match.status === "active") await touchMatch(tx, match, now);
    return { match, note, owner };
  });
}

/** Activity on an active match (note, action, session, "keep going"): the quiet-pair timers restart. */
export async function touchMatch(tx: Db | Tx, match: { id: number; guildId: string }, now: Date): Promise<void> {
  const settings = await findOrCreateGuildSettings(tx, match.guildId);
  await touchActivity(tx, match.id, now, new Date(now.getTime() + settings.nudgeDays * DAY_MS), new Date(now.getTime() + settings.idleDays * DAY_MS));
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
    const current = await matchInGuild(tx, matchId, guildId);
    const role = assertParticipant(current, actorId);
    if (current.status !== "active" && current.status !== "ended") {
      throw new UserError(
        `Match #${matchId} is ${statusLabel(current.status)}; only active matches can be ended${isOpen(current.status) ? " (cancel it from `/match list` instead)" : ""}.`,
      );
    }
    let ended = false;
    if (current.status === "active") {
      await transitionIn(tx, {
        guildId,
        matchId,
        from: ["active"],
        handled: (match) => `Match #${match.id} is already ${statusLabel(match.status)}.`,
        to: async () => ({ status: "ended" as const, set: { closedAt: now, closedById: actorId } }),
        after: (match, _status, t) => setWaiting(t, match, now),
      });
      ended = true;
    }
    if (rating !== null || feedback !== null) {
      await addFeedback(tx, { matchId, authorUserId: actorId, role, rating, body: feedback });
    } else if (!ended) {
      throw new AlreadyHandledError(`Match #${matchId} has already ended. Add a rating or feedback to leave yours.`);
    }
    return { match: await getMatch(tx, matchId), ended, role };
  });
}

export async function listMyMatches(db: Db, guildId: string, userId: string): Promise<{ profile: ProfileWithTopics; matches: MatchWithPeople[] }> {
  const profile = await findProfile(db, guildId, userId);
  if (profile === null) throw new UserError("You have no profile in this server yet. Start with `/mentee profile` or `/mentor profile`.");
  return { profile, matches: await listMatchesOfProfile(db, profile.id) };
}


/** Unanswered requests in a row after which a mentor is paused automatically. */
export const AUTO_PAUSE_AFTER = 2;

/**
 * Closes a request whose time ran out (the expiry job); null when it was answered meanwhile. The
 * second expiry in a row pauses the mentor (`paused`), in the same transaction.
 */
export async function expireRequest(db: Db, matchId: number, now: Date): Promise<{ match: MatchWithPeople; paused: boolean } | null> {
  let paused = false;
  try {
    const { match } = await transition(db, {
      guildId: null,
      matchId,
      from: ["requested"],
      handled: requestHandled,
      to: async () => ({ status: "expired" as const, set: { closedAt: now } }),
      after: async (m, _status, tx) => {
        if (m.mentor === null || m.source !== "request") return;
        const missed = m.mentor.mentorMissedInARow + 1;
        const pause = missed >= AUTO_PAUSE_AFTER && m.mentor.mentorAvailable;
        await updateProfile(tx, m.mentor.id, { mentorMissedInARow: missed, ...(pause ? { mentorAvailable: false, mentorAvailableUntil: null } : {}) });
        paused = pause;
      },
    });
    return { match, paused };
  } catch (error) {
    if (error instanceof AlreadyHandledError) return null;
    throw error;
  }
}

/**
 * Ends an active match outside /match end: a check-in's "not a good fit", "End" on the quiet-pair
 * question, or no answer to it in time (`actorId` null: the bot). The mentee is back on the
 * waiting list at once; the match takes no feedback and counts against nobody.
 */
export async function closeActiveMatch(
  db: Db,
  guildId: string | null,
  matchId: number,
  actorId: string | null,
  reason: "not-a-fit" | "idle-end" | "idle",
  now: Date,
): Promise<MatchWithPeople> {
  const { match } = await transition(db, {
    guildId,
    matchId,
    allow: actorId === null ? undefined : (m) => void assertParticipant(m, actorId),
    from: ["active"],
    handled: (m) => `Match #${m.id} is already ${statusLabel(m.status)}.`,
    to: async () => ({ status: "ended" as const, set: { closedAt: now, closedById: actorId, closeReason: reason, idleDeadlineAt: null, nudgeDueAt: null, idleDueAt: null, checkinDueAt: null } }),
    after: async (m, _status, tx) => {
      await setWaiting(tx, m, now);
      if (actorId === null) {
        await addAudit(tx, { guildId: m.guildId, actorUserId: SYSTEM_ACTOR, action: "auto-end", matchId: m.id, detail: "no answer to the quiet-pair question" });
      }
    },
  });
  return match;
}

/** The audit log's actor for what the bot does by itself (timed jobs). */
export const SYSTEM_ACTOR = "system";

export async function recordPairThread(db: Db, matchId: number, threadId: string): Promise<void> {
  await updateMatch(db, matchId, { threadId });
}
