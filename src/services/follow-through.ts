// Follow-through of active matches: action points (due dates, Done), check-ins ("How is it
// going?"), moderator flags and quiet pairs (nudge, "keep going?", automatic end). The timed parts
// have their due times in the database (see storage/follow-through.ts); `processFollowThrough`
// claims whatever is due, once, and returns what the job must tell people.
import type { Db } from "../db/client.js";
import { isOverdue } from "../domain/time.js";
import { AlreadyHandledError, UserError } from "../errors.js";
import type { GuildScope } from "../storage/scope.js";
import { addAudit } from "../storage/audit.js";
import {
  actionsDueForReminder,
  activeMatchesDue,
  claimActionReminder,
  claimMatchTimer,
  countFlagged,
  findNote,
  flagMatch,
  listActions,
  listFlagged,
  markActionDone,
  openActionsOf,
  resolveFlag,
  saveCheckin,
  type MatchNote,
} from "../storage/follow-through.js";
import type { MatchWithPeople } from "../storage/matches.js";
import { inTransaction } from "../storage/tx.js";
import { DAY_MS } from "./clock.js";
import { assertParticipant, closeActiveMatch, matchInGuild, statusLabel, touchMatch } from "./matches.js";

export type { MatchNote };

/** Days the pair has to answer "Keep going / End" before the match ends by itself. */
export const IDLE_ANSWER_DAYS = 7;

export const ACTIONS_PAGE = 10;

export interface ActionsPage {
  match: MatchWithPeople;
  actions: MatchNote[];
  total: number;
  page: number;
  pages: number;
  /** Each owner's timezone, to tell overdue actions apart. */
  timezoneOf: (userId: string | null) => string | null;
}

function timezones(match: MatchWithPeople): (userId: string | null) => string | null {
  return (userId) => (match.mentor?.userId === userId ? match.mentor.timezone : match.mentee?.userId === userId ? match.mentee.timezone : null);
}

/** One page of a match's action points, for one of its two people. */
export async function matchActions(db: Db, guildId: string | null, matchId: number, actorId: string, page: number): Promise<ActionsPage> {
  const match = await matchInGuild(db, matchId, guildId);
  assertParticipant(match, actorId);
  const first = await listActions(db, matchId, 0, 0);
  const pages = Math.max(1, Math.ceil(first.total / ACTIONS_PAGE));
  const shown = Math.min(Math.max(0, page), pages - 1);
  const { actions, total } = await listActions(db, matchId, shown * ACTIONS_PAGE, ACTIONS_PAGE);
  return { match, actions, total, page: shown, pages, timezoneOf: timezones(match) };
}

/** Either side ticks an action point off. A second tick is "already done". */
export async function completeAction(db: Db, guildId: string | null, noteId: number, actorId: string, now: Date): Promise<{ note: MatchNote; match: MatchWithPeople }> {
  return inTransaction(db, async (tx) => {
    const note = await findNote(tx, noteId);
    if (note === null || note.dueOn === null || (guildId !== null && note.match.guildId !== guildId)) {
      throw new UserError(`There is no action point #${noteId} here. See them with \`/match actions\`.`);
    }
    assertParticipant(note.match, actorId);
    if (!(await markActionDone(tx, noteId, actorId, now))) throw new AlreadyHandledError(`Action point #${noteId} is already done.`);
    if (note.match.status === "active") await touchMatch(tx, note.match, now);
    const updated = await findNote(tx, noteId);
    if (updated === null) throw new Error("action vanished");
    return { note: updated, match: note.match };
  });
}

/** Per match id: its open action points that are overdue where their owner lives. */
export async function overdueActions(db: Db, matches: readonly MatchWithPeople[], now: Date): Promise<Map<number, MatchNote[]>> {
  const byId = new Map(matches.map((m) => [m.id, m]));
  const out = new Map<number, MatchNote[]>();
  for (const action of await openActionsOf(db, matches.filter((m) => m.status === "active").map((m) => m.id))) {
    const match = byId.get(action.matchId);
    if (match === undefined || action.dueOn === null || !isOverdue(action.dueOn, timezones(match)(action.ownerUserId), now)) continue;
    out.set(action.matchId, [...(out.get(action.matchId) ?? []), action]);
  }
  return out;
}

// ── Check-ins ───────────────────────────────────────────────────────────────────────────────────

export const CHECKIN_ANSWERS = ["going-well", "not-a-fit", "need-moderator"] as const;
export type CheckinAnswer = (typeof CHECKIN_ANSWERS)[number];

export interface CheckinResult {
  match: MatchWithPeople;
  role: "mentor" | "mentee";
  /** not-a-fit: the match is ended and the mentee is back on the waiting list. */
  ended: boolean;
}

/** Records one side's answer to "How is it going?". "Not a good fit" ends the match kindly. */
export async function answerCheckin(db: Db, guildId: string | null, matchId: number, actorId: string, answer: CheckinAnswer, now: Date): Promise<CheckinResult> {
  const match = await matchInGuild(db, matchId, guildId);
  const role = assertParticipant(match, actorId);
  if (match.status !== "active") throw new AlreadyHandledError(`Match #${matchId} is ${statusLabel(match.status)}; there is nothing to check in on.`);
  await saveCheckin(db, { matchId, authorUserId: actorId, role, answer, createdAt: now });
  if (answer !== "not-a-fit") return { match, role, ended: false };
  const ended = await closeActiveMatch(db, match.guildId, matchId, actorId, "not-a-fit", now);
  return { match: ended, role, ended: true };
}

/** "Need a moderator": the match goes into the flagged section of /mod queue with the reason. */
export async function flagForModerator(db: Db, guildId: string | null, matchId: number, actorId: string, reason: string, now: Date): Promise<MatchWithPeople> {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    const role = assertParticipant(match, actorId);
    if (!(await flagMatch(tx, matchId, actorId, reason, now))) {
      throw new AlreadyHandledError(`Match #${matchId} is ${statusLabel(match.status)}; for anything else, contact a moderator directly.`);
    }
    await saveCheckin(tx, { matchId, authorUserId: actorId, role, answer: "need-moderator", createdAt: now });
    return match;
  });
}

export async function flaggedMatches(db: Db, guildId: string, take: number): Promise<{ matches: MatchWithPeople[]; total: number }> {
  const [matches, total] = await Promise.all([listFlagged(db, guildId, take), countFlagged(db, guildId)]);
  return { matches, total };
}

/** A moderator has dealt with a flagged match. Only one moderator's click counts. */
export async function resolveFlagged(db: Db, guildId: string, matchId: number, moderatorId: string, now: Date): Promise<MatchWithPeople> {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    if (!(await resolveFlag(tx, matchId, now))) throw new AlreadyHandledError(`Match #${matchId} has no open flag (another moderator may have resolved it).`);
    await addAudit(tx, { guildId, actorUserId: moderatorId, action: "resolve-flag", matchId });
    return match;
  });
}

// ── Quiet pairs ─────────────────────────────────────────────────────────────────────────────────

/** "Keep going": the pair carries on; the quiet-pair timers start again. */
export async function keepGoing(db: Db, guildId: string | null, matchId: number, actorId: string, now: Date): Promise<MatchWithPeople> {
  return inTransaction(db, async (tx) => {
    const match = await matchInGuild(tx, matchId, guildId);
    assertParticipant(match, actorId);
    if (match.status !== "active") throw new AlreadyHandledError(`Match #${matchId} is already ${statusLabel(match.status)}.`);
    await touchMatch(tx, match, now);
    return match;
  });
}

export function endQuietMatch(db: Db, guildId: string | null, matchId: number, actorId: string, now: Date): Promise<MatchWithPeople> {
  return closeActiveMatch(db, guildId, matchId, actorId, "idle-end", now);
}

// ── The tick ────────────────────────────────────────────────────────────────────────────────────

export interface FollowThroughWork {
  /** Action points whose owner must be reminded now. */
  actionReminders: { note: MatchNote; match: MatchWithPeople }[];
  checkins: MatchWithPeople[];
  nudges: MatchWithPeople[];
  /** Pairs to ask "Keep going / End"; they have until `idleDeadlineAt`. */
  idleQuestions: MatchWithPeople[];
  /** Pairs that did not answer in time: ended by the bot. */
  idleEnded: MatchWithPeople[];
}

/**
 * Claims every follow-through item that is due (bounded batches, indexed due-time queries). Each
 * claim is a compare-and-set, so an item is in the result of exactly one tick.
 */
export async function processFollowThrough(db: Db, now: Date, guilds?: GuildScope): Promise<FollowThroughWork> {
  const work: FollowThroughWork = { actionReminders: [], checkins: [], nudges: [], idleQuestions: [], idleEnded: [] };
  for (const note of await actionsDueForReminder(db, now, guilds)) {
    if (note.remindAt === null || !(await claimActionReminder(db, note.id, note.remindAt, now))) continue;
    if (note.match.status === "active" && note.ownerUserId !== null) work.actionReminders.push({ note, match: note.match });
  }
  for (const match of await activeMatchesDue(db, "checkinDueAt", now, guilds)) {
    if (match.checkinDueAt !== null && (await claimMatchTimer(db, match.id, "checkinDueAt", match.checkinDueAt, { checkinSentAt: now }))) work.checkins.push(match);
  }
  for (const match of await activeMatchesDue(db, "idleDeadlineAt", now, guilds)) {
    if (match.idleDeadlineAt === null || !(await claimMatchTimer(db, match.id, "idleDeadlineAt", match.idleDeadlineAt, {}))) continue;
    try {
      work.idleEnded.push(await closeActiveMatch(db, null, match.id, null, "idle", now));
    } catch (error) {
      if (!(error instanceof AlreadyHandledError)) throw error;
    }
  }
  for (const match of await activeMatchesDue(db, "idleDueAt", now, guilds)) {
    const deadline = new Date(now.getTime() + IDLE_ANSWER_DAYS * DAY_MS);
    // The nudge is pointless once the pair is asked whether to go on.
    if (match.idleDueAt !== null && (await claimMatchTimer(db, match.id, "idleDueAt", match.idleDueAt, { idleDeadlineAt: deadline, nudgeDueAt: null }))) {
      work.idleQuestions.push({ ...match, idleDeadlineAt: deadline });
    }
  }
  for (const match of await activeMatchesDue(db, "nudgeDueAt", now, guilds)) {
    if (match.nudgeDueAt !== null && (await claimMatchTimer(db, match.id, "nudgeDueAt", match.nudgeDueAt, {}))) work.nudges.push(match);
  }
  return work;
}
