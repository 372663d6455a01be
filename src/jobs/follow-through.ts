// The timed half of follow-through: action-point reminders on the owner's morning, check-ins,
// nudges, the "keep going?" question and its deadline, session reminders (24 h and 1 h) and held
// sessions. Everything due is claimed in the services with a compare-and-set, so each message goes
// out once even with two ticks or two processes; due times live in the database, so a restart
// loses nothing. Run by the bot every minute and by the console after each `/clock`.
import type { Deps } from "../interaction/command.js";
import { actionReminder, checkinMessage, idleQuestion, nudgeMessage } from "../commands/match-actions.js";
import { sessionReminder } from "../commands/match-sessions.js";
import { freshSuggestions, notice, tell } from "../commands/shared/notify.js";
import { COLORS } from "../commands/shared/views.js";
import { processFollowThrough } from "../services/follow-through.js";
import type { MatchWithPeople } from "../services/matches.js";
import { processSessions } from "../services/sessions.js";
import { DAY_MS } from "../services/clock.js";
import type { GuildScope } from "../services/expiry.js";

export interface FollowThroughSummary {
  actionReminders: number;
  checkins: number;
  nudges: number;
  idleQuestions: number;
  idleEnded: number;
  sessionReminders: number;
  sessionsHeld: number;
}

function both(match: MatchWithPeople): string[] {
  return [match.mentor?.userId, match.mentee?.userId].filter((u): u is string => u !== undefined);
}

function quietDays(match: MatchWithPeople, now: Date): number {
  const since = match.activityAt ?? match.activatedAt ?? now;
  return Math.max(1, Math.round((now.getTime() - since.getTime()) / DAY_MS));
}

export async function runFollowThroughJobs(deps: Deps, guilds?: GuildScope): Promise<FollowThroughSummary> {
  const now = deps.clock.now();
  const work = await processFollowThrough(deps.db, now, guilds);
  for (const { note, match } of work.actionReminders) {
    await tell(deps, match.guildId, note.ownerUserId ?? undefined, actionReminder(match, note));
  }
  for (const match of work.checkins) {
    for (const userId of both(match)) await tell(deps, match.guildId, userId, checkinMessage(match, userId));
  }
  for (const match of work.nudges) {
    for (const userId of both(match)) await tell(deps, match.guildId, userId, nudgeMessage(match, userId, quietDays(match, now)));
  }
  for (const match of work.idleQuestions) {
    const deadline = match.idleDeadlineAt ?? now;
    for (const userId of both(match)) await tell(deps, match.guildId, userId, idleQuestion(match, userId, deadline));
  }
  for (const match of work.idleEnded) {
    const fresh = await freshSuggestions(deps, match.guildId, match.mentee?.userId);
    const text = `Neither of you answered whether to keep going, so match #${match.id} has ended. Thank you for your time.`;
    await tell(deps, match.guildId, match.mentor?.userId, notice(`Match #${match.id} has ended`, text, COLORS.muted));
    await tell(deps, match.guildId, match.mentee?.userId, notice(`Match #${match.id} has ended`, `${text}${fresh}`, COLORS.muted));
  }
  const sessions = await processSessions(deps.db, now, guilds);
  for (const { session, label } of sessions.reminders) {
    await deps.notifier.postToPair({ guildId: session.match.guildId, threadId: session.match.threadId, userIds: both(session.match), message: sessionReminder(session, label) });
  }
  return {
    actionReminders: work.actionReminders.length,
    checkins: work.checkins.length,
    nudges: work.nudges.length,
    idleQuestions: work.idleQuestions.length,
    idleEnded: work.idleEnded.length,
    sessionReminders: sessions.reminders.length,
    sessionsHeld: sessions.held.length,
  };
}
