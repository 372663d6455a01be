// Office hours: one host (a mentor or a moderator) and many members. A seat cap with a waitlist
// promoted in order, a reminder 1 hour before for seat holders, cancellation notices, attendance
// marked by the host, and an announcement to waiting mentees whose topics match (unless they opted
// out). The Discord side (scheduled event, sign-up thread) is done by the command through the
// Notifier; this module only stores and decides.
import type { Db } from "../db/client.js";
import { AlreadyHandledError, UserError } from "../errors.js";
import { describeTopic } from "../matching/index.js";
import {
  announcementsDue,
  claimAnnouncementBatch,
  claimNotice,
  claimReminder,
  countSeats,
  countUpcomingOfHost,
  createOfficeHour,
  findOfficeHour,
  lockOfficeHour,
  findSignup,
  findSignupById,
  firstOnWaitlist,
  markSignupsForNotice,
  noticesDue,
  optedOut,
  profileIdOf,
  remindersDue,
  searchUpcoming,
  seatHolders,
  scheduledHostedBy,
  seatIndexOf,
  setOptOut,
  signedUpAmong,
  signupCounts,
  updateOfficeHour,
  updateOfficeHourIf,
  updateSignupIf,
  upcomingOfficeHours,
  upcomingSignupsOf,
  upsertSignup,
  waitlistPlace,
  waitingMenteesWithTopic,
  type OfficeHour,
  type OfficeHourSignup,
} from "../storage/office-hours.js";
import { findProfile } from "../storage/profiles.js";
import { inTransaction } from "../storage/tx.js";
import { HOUR_MS } from "./clock.js";
import { readWhen } from "./sessions.js";

export type { OfficeHour, OfficeHourSignup };

export const OFFICE_HOUR_LIMITS = {
  topic: 40,
  description: 500,
  seatsMin: 1,
  seatsMax: 100,
  durationMin: 15,
  durationMax: 240,
  /** Upcoming office hours one host may have scheduled at once. */
  upcomingPerHost: 10,
  /** Seat holders shown per page of the attendance list (4 rows of 5 buttons). */
  attendancePage: 20,
  /** Waiting mentees told per batch (per tick) about a new office hour. */
  announceBatch: 100,
} as const;

export const REMINDER_BEFORE_MS = HOUR_MS;

export interface OfficeHourView extends OfficeHour {
  seatsTaken: number;
  waitlist: number;
}

function endOf(officeHour: Pick<OfficeHour, "startsAt" | "durationMinutes">): Date {
  return new Date(officeHour.startsAt.getTime() + officeHour.durationMinutes * 60_000);
}

export function officeHourEnds(officeHour: Pick<OfficeHour, "startsAt" | "durationMinutes">): Date {
  return endOf(officeHour);
}

function reminderAt(startsAt: Date, now: Date): Date | null {
  const at = new Date(startsAt.getTime() - REMINDER_BEFORE_MS);
  return at.getTime() > now.getTime() ? at : null;
}

async function withCounts(db: Db, officeHours: OfficeHour[]): Promise<OfficeHourView[]> {
  const counts = await signupCounts(db, officeHours.map((o) => o.id));
  return officeHours.map((o) => ({ ...o, seatsTaken: counts.get(o.id)?.seats ?? 0, waitlist: counts.get(o.id)?.waitlist ?? 0 }));
}

/** An office hour of this server; another server's is reported as unknown. */
async function officeHourIn(db: Db, guildId: string, id: number): Promise<OfficeHour> {
  const officeHour = await findOfficeHour(db, id);
  if (officeHour === null || officeHour.guildId !== guildId) throw new UserError(`There is no office hour #${id} in this server. See them with \`/office-hours list\`.`);
  return officeHour;
}

export async function officeHourView(db: Db, guildId: string, id: number): Promise<OfficeHourView> {
  const [view] = await withCounts(db, [await officeHourIn(db, guildId, id)]);
  if (view === undefined) throw new Error("office hour vanished");
  return view;
}

/** Hosts are mentors (with a mentor profile here) or moderators. */
async function assertCanHost(db: Db, guildId: string, actor: { id: string; moderator: boolean }, what: string): Promise<void> {
  if (actor.moderator) return;
  const profile = await findProfile(db, guildId, actor.id);
  if (profile === null || !profile.isMentor) throw new UserError(`Only mentors and moderators can ${what}. Create your mentor profile with \`/mentor profile\` first.`);
}

function assertHostOrModerator(officeHour: OfficeHour, actor: { id: string; moderator: boolean }, what: string): void {
  if (actor.moderator || officeHour.hostUserId === actor.id) return;
  throw new UserError(`Only the host of office hour #${officeHour.id} or a moderator can ${what}.`);
}

export interface OfficeHourInput {
  topic: string;
  when: string;
  durationMinutes: number;
  seats: number;
  channelId?: string | undefined;
  description?: string | undefined;
}

export interface OfficeHourPlan {
  guildId: string;
  host: { id: string; displayName: string };
  topic: { key: string; label: string };
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  seats: number;
  channelId: string | null;
  description: string | null;
  /** The host's profile timezone (the time was read in it). */
  timezone: string | null;
}

/** Checks who may host, reads the time in the host's timezone and normalises the topic. Stores nothing. */
export async function planOfficeHour(
  db: Db,
  guildId: string,
  actor: { id: string; displayName: string; moderator: boolean },
  input: OfficeHourInput,
  now: Date,
): Promise<OfficeHourPlan> {
  await assertCanHost(db, guildId, actor, "hold office hours");
  const described = describeTopic(input.topic);
  if (described.key === "" || described.display.length > OFFICE_HOUR_LIMITS.topic) {
    throw new UserError(`Option \`topic\`: give one topic of at most ${OFFICE_HOUR_LIMITS.topic} characters, e.g. interviewing.`);
  }
  const startsAt = await readWhen(db, guildId, actor.id, input.when, now);
  if (startsAt.getTime() < now.getTime() + 15 * 60_000) throw new UserError("Option `when`: must be at least 15 minutes from now, so members can sign up.");
  const upcoming = await countUpcomingOfHost(db, guildId, actor.id, now);
  if (upcoming >= OFFICE_HOUR_LIMITS.upcomingPerHost) {
    throw new UserError(`You already host ${upcoming} upcoming office hours (the limit is ${OFFICE_HOUR_LIMITS.upcomingPerHost}). Cancel one with \`/office-hours cancel\` first.`);
  }
  return {
    guildId,
    host: { id: actor.id, displayName: actor.displayName },
    topic: { key: described.key, label: described.display },
    startsAt,
    endsAt: new Date(startsAt.getTime() + input.durationMinutes * 60_000),
    durationMinutes: input.durationMinutes,
    seats: input.seats,
    channelId: input.channelId ?? null,
    description: input.description ?? null,
    timezone: (await findProfile(db, guildId, actor.id))?.timezone ?? null,
  };
}

/** Stores a planned office hour once its Discord event exists; waiting mentees are told from now on. */
export function recordOfficeHour(db: Db, plan: OfficeHourPlan, eventId: string | null, now: Date): Promise<OfficeHour> {
  return createOfficeHour(db, {
    guildId: plan.guildId,
    hostUserId: plan.host.id,
    hostName: plan.host.displayName,
    topicKey: plan.topic.key,
    topicLabel: plan.topic.label,
    description: plan.description,
    startsAt: plan.startsAt,
    durationMinutes: plan.durationMinutes,
    seats: plan.seats,
    channelId: plan.channelId,
    eventId,
    announceDueAt: now,
    createdAt: now,
  });
}

/** Where the sign-up message went (thread and message ids), once posted. */
export function recordSignupPost(db: Db, id: number, post: { threadId: string | null; channelId: string | null; messageId: string | null }): Promise<OfficeHour> {
  return updateOfficeHour(db, id, { threadId: post.threadId, signupChannelId: post.channelId, signupMessageId: post.messageId });
}

export async function listUpcomingOfficeHours(db: Db, guildId: string, now: Date, take = 10): Promise<OfficeHourView[]> {
  const list = await upcomingOfficeHours(db, guildId, now, take);
  return withCounts(db, list.filter((o) => endOf(o).getTime() > now.getTime()));
}

/** Upcoming office hours for an `event` option's autocomplete (the host's own first when hosting). */
export async function officeHourChoices(db: Db, guildId: string, typed: string, now: Date): Promise<OfficeHourView[]> {
  const list = await withCounts(db, await searchUpcoming(db, guildId, now, 50));
  const needle = typed.trim().replace(/^#/, "").toLowerCase();
  return list.filter((o) => needle === "" || String(o.id).startsWith(needle) || o.topicLabel.toLowerCase().includes(needle)).slice(0, 25);
}

export interface JoinResult {
  status: "seat" | "waitlist";
  /** 1-based place on the waitlist (0 with a seat). */
  position: number;
  /** Already signed up before this press: nothing changed. */
  already: boolean;
  view: OfficeHourView;
}

/** `guildId` null: pressed on a DM (the announcement); the office hour carries its server. */
export async function joinOfficeHour(db: Db, guildId: string | null, id: number, user: { id: string; displayName: string }, now: Date): Promise<JoinResult> {
  const outcome = await inTransaction(db, async (tx) => {
    const officeHour = await lockOfficeHour(tx, id);
    if (officeHour === null || (guildId !== null && officeHour.guildId !== guildId)) throw new UserError(`There is no office hour #${id} in this server. See them with \`/office-hours list\`.`);
    if (officeHour.status !== "scheduled") throw new AlreadyHandledError(`Office hour #${id} was cancelled.`);
    if (officeHour.startsAt.getTime() <= now.getTime()) throw new AlreadyHandledError(`Office hour #${id} has already started; sign-ups are closed.`);
    if (officeHour.hostUserId === user.id) throw new UserError("You are the host of this office hour.");
    const existing = await findSignup(tx, id, user.id);
    if (existing !== null && (existing.status === "seat" || existing.status === "waitlist")) {
      return { status: existing.status === "seat" ? ("seat" as const) : ("waitlist" as const), already: true, signup: existing, guildId: officeHour.guildId };
    }
    const taken = await countSeats(tx, id, "seat");
    const status = taken < officeHour.seats ? ("seat" as const) : ("waitlist" as const);
    const signup = await upsertSignup(tx, id, user.id, {
      displayName: user.displayName,
      profileId: await profileIdOf(tx, officeHour.guildId, user.id),
      status,
      joinedAt: now,
      remindAt: status === "seat" ? reminderAt(officeHour.startsAt, now) : null,
      noticeDueAt: null,
      noticeKind: null,
    });
    return { status, already: false, signup, guildId: officeHour.guildId };
  });
  const position = outcome.status === "seat" ? 0 : await waitlistPlace(db, outcome.signup);
  return { status: outcome.status, position, already: outcome.already, view: await officeHourView(db, outcome.guildId, id) };
}

export interface LeaveResult {
  was: "seat" | "waitlist";
  /** The member who moved up from the waitlist into the freed seat (their notice is due now). */
  promoted: OfficeHourSignup | null;
  view: OfficeHourView;
}

export async function leaveOfficeHour(db: Db, guildId: string, id: number, userId: string, now: Date): Promise<LeaveResult> {
  const outcome = await inTransaction(db, async (tx) => {
    const officeHour = await lockOfficeHour(tx, id);
    if (officeHour === null || officeHour.guildId !== guildId) throw new UserError(`There is no office hour #${id} in this server. See them with \`/office-hours list\`.`);
    const signup = await findSignup(tx, id, userId);
    if (signup === null || (signup.status !== "seat" && signup.status !== "waitlist")) throw new AlreadyHandledError(`You are not signed up for office hour #${id}.`);
    if (officeHour.status !== "scheduled") throw new AlreadyHandledError(`Office hour #${id} was cancelled.`);
    if (officeHour.startsAt.getTime() <= now.getTime()) throw new AlreadyHandledError(`Office hour #${id} has already started.`);
    const was = signup.status === "seat" ? ("seat" as const) : ("waitlist" as const);
    if (!(await updateSignupIf(tx, signup.id, was, { status: "left", leftAt: now, remindAt: null, noticeDueAt: null, noticeKind: null }))) {
      throw new AlreadyHandledError("Your sign-up changed just now; try again.");
    }
    let promoted: OfficeHourSignup | null = null;
    if (was === "seat") {
      const next = await firstOnWaitlist(tx, id);
      if (next !== null) {
        const set = { status: "seat", promotedAt: now, remindAt: reminderAt(officeHour.startsAt, now), noticeDueAt: now, noticeKind: "promoted" };
        if (await updateSignupIf(tx, next.id, "waitlist", set)) promoted = { ...next, ...set };
      }
    }
    return { was, promoted };
  });
  return { ...outcome, view: await officeHourView(db, guildId, id) };
}

/** Cancels an upcoming office hour: everyone signed up gets a notice (due now, sent by the job). */
export async function cancelOfficeHour(db: Db, guildId: string, id: number, actor: { id: string; moderator: boolean }, now: Date): Promise<OfficeHourView> {
  await inTransaction(db, async (tx) => {
    const officeHour = await lockOfficeHour(tx, id);
    if (officeHour === null || officeHour.guildId !== guildId) throw new UserError(`There is no office hour #${id} in this server. See them with \`/office-hours list\`.`);
    assertHostOrModerator(officeHour, actor, "cancel it");
    if (officeHour.status !== "scheduled") throw new AlreadyHandledError(`Office hour #${id} is already cancelled.`);
    if (endOf(officeHour).getTime() <= now.getTime()) throw new AlreadyHandledError(`Office hour #${id} is over; there is nothing to cancel.`);
    if (!(await updateOfficeHourIf(tx, id, "scheduled", { status: "cancelled", cancelledAt: now, cancelledById: actor.id, announceDueAt: null }))) {
      throw new AlreadyHandledError(`Office hour #${id} was changed by someone else just now.`);
    }
    await markSignupsForNotice(tx, id, "cancelled", now);
  });
  return officeHourView(db, guildId, id);
}

export interface AttendancePage {
  officeHour: OfficeHourView;
  signups: OfficeHourSignup[];
  page: number;
  pages: number;
  total: number;
}

export async function attendancePage(db: Db, guildId: string, id: number, actor: { id: string; moderator: boolean }, page: number, now: Date): Promise<AttendancePage> {
  const officeHour = await officeHourView(db, guildId, id);
  assertHostOrModerator(officeHour, actor, "mark who came");
  if (officeHour.status !== "scheduled") throw new UserError(`Office hour #${id} was cancelled.`);
  if (officeHour.startsAt.getTime() > now.getTime()) throw new UserError(`Office hour #${id} has not started yet; mark who came once it has.`);
  const size = OFFICE_HOUR_LIMITS.attendancePage;
  const { total } = await seatHolders(db, id, 0, 0);
  const pages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  const { signups } = await seatHolders(db, id, current * size, size);
  return { officeHour, signups, page: current, pages, total };
}

/** The host marks one seat holder as came (true) or did not (false); returns the page it is on. */
export async function markAttendance(db: Db, guildId: string, signupId: number, actor: { id: string; moderator: boolean }, attended: boolean, now: Date): Promise<AttendancePage> {
  const signup = await findSignupById(db, signupId);
  if (signup === null || signup.officeHour.guildId !== guildId || signup.status !== "seat" || signup.userId === null) {
    throw new UserError("That sign-up is not on this server's attendance list any more. Run `/office-hours attendance` again.");
  }
  assertHostOrModerator(signup.officeHour, actor, "mark who came");
  if (signup.officeHour.startsAt.getTime() > now.getTime()) throw new UserError(`Office hour #${signup.officeHourId} has not started yet.`);
  const profileId = signup.profileId ?? (await profileIdOf(db, guildId, signup.userId));
  await updateSignupIf(db, signup.id, "seat", { attended, profileId });
  const index = await seatIndexOf(db, signup);
  return attendancePage(db, guildId, signup.officeHourId, actor, Math.floor(index / OFFICE_HOUR_LIMITS.attendancePage), now);
}

export async function setOfficeHourNotices(db: Db, guildId: string, userId: string, on: boolean, now: Date): Promise<void> {
  await setOptOut(db, guildId, userId, !on, now);
}

// ── Timed work ──────────────────────────────────────────────────────────────────────────────────

export interface OfficeHourWork {
  reminders: { signup: OfficeHourSignup; officeHour: OfficeHour }[];
  notices: { signup: OfficeHourSignup; officeHour: OfficeHour; kind: "promoted" | "cancelled" }[];
  announcements: { officeHour: OfficeHourView; recipients: { userId: string; displayName: string }[] }[];
}

/**
 * Notices due now (a promotion, a cancellation), each claimed with a compare-and-set so it is sent
 * once; `officeHourId` limits them to one office hour (sent right after the press that caused them).
 */
export async function claimDueNotices(db: Db, now: Date, officeHourId?: number): Promise<OfficeHourWork["notices"]> {
  const out: OfficeHourWork["notices"] = [];
  for (const signup of await noticesDue(db, now, 100, officeHourId)) {
    const due = signup.noticeDueAt;
    if (due === null || !(await claimNotice(db, signup.id, due))) continue;
    if (signup.userId === null) continue;
    const kind = signup.noticeKind === "cancelled" ? "cancelled" : "promoted";
    // A promotion overtaken by a cancellation, or by the member leaving, is not sent.
    if (kind === "promoted" && (signup.status !== "seat" || signup.officeHour.status !== "scheduled")) continue;
    out.push({ signup, officeHour: signup.officeHour, kind });
  }
  return out;
}

/** Reminders 1 hour before, notices, and announcements of new office hours (bounded batches). */
export async function processOfficeHours(db: Db, now: Date): Promise<OfficeHourWork> {
  const work: OfficeHourWork = { reminders: [], notices: [], announcements: [] };
  for (const signup of await remindersDue(db, now)) {
    const due = signup.remindAt;
    if (due === null || !(await claimReminder(db, signup.id, due))) continue;
    // After downtime, a reminder for an office hour that has started (or was cancelled) is dropped.
    if (signup.officeHour.status !== "scheduled" || signup.officeHour.startsAt.getTime() <= now.getTime() || signup.userId === null) continue;
    work.reminders.push({ signup, officeHour: signup.officeHour });
  }
  work.notices = await claimDueNotices(db, now);
  for (const officeHour of await announcementsDue(db, now)) {
    const from = officeHour.announcedUpTo;
    if (officeHour.status !== "scheduled" || officeHour.startsAt.getTime() <= now.getTime()) {
      await claimAnnouncementBatch(db, officeHour.id, from, from, null);
      continue;
    }
    const batch = await waitingMenteesWithTopic(db, officeHour.guildId, officeHour.topicKey, from, OFFICE_HOUR_LIMITS.announceBatch);
    const last = batch.at(-1)?.id ?? from;
    const more = batch.length === OFFICE_HOUR_LIMITS.announceBatch;
    if (!(await claimAnnouncementBatch(db, officeHour.id, from, last, more ? now : null))) continue;
    const out = await optedOut(db, officeHour.guildId, batch.map((p) => p.userId));
    const signedUp = await signedUpAmong(db, officeHour.id, batch.map((p) => p.userId));
    const recipients = batch.filter((p) => p.userId !== officeHour.hostUserId && !out.has(p.userId) && !signedUp.has(p.userId)).map((p) => ({ userId: p.userId, displayName: p.displayName }));
    if (recipients.length === 0) continue;
    const [view] = await withCounts(db, [officeHour]);
    if (view !== undefined) work.announcements.push({ officeHour: view, recipients });
  }
  return work;
}

/**
 * Before a member's data is erased: their upcoming seats are given up (the waitlist moves up, with
 * notices) and the upcoming office hours they host are cancelled (everyone signed up is told).
 * Returns the Discord events to cancel and how many office hours that was.
 */
export async function releaseOfficeHoursOf(db: Db, guildId: string, userId: string, now: Date): Promise<{ cancelledEventIds: string[]; cancelled: number[]; seatsGivenUp: number }> {
  const upcomingSeats = await upcomingSignupsOf(db, guildId, userId, now);
  let seatsGivenUp = 0;
  for (const { officeHourId } of upcomingSeats) {
    try {
      await leaveOfficeHour(db, guildId, officeHourId, userId, now);
      seatsGivenUp++;
    } catch (error) {
      if (!(error instanceof AlreadyHandledError)) throw error;
    }
  }
  const hosted = await scheduledHostedBy(db, guildId, userId);
  const cancelledEventIds: string[] = [];
  const cancelled: number[] = [];
  for (const o of hosted) {
    if (endOf(o).getTime() <= now.getTime()) continue;
    try {
      await cancelOfficeHour(db, guildId, o.id, { id: userId, moderator: true }, now);
      cancelled.push(o.id);
      if (o.eventId !== null) cancelledEventIds.push(o.eventId);
    } catch (error) {
      if (!(error instanceof AlreadyHandledError)) throw error;
    }
  }
  return { cancelledEventIds, cancelled, seatsGivenUp };
}
