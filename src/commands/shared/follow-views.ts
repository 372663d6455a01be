// How follow-through looks: action points, sessions, check-ins and quiet-pair messages. Member
// text quoted here is escaped (escapeMarkdown) so a note cannot render links, mentions-looking
// markup or code fences inside the bot's own message.
import { calendarDate, isOverdue, zoneLabel } from "../../domain/time.js";
import { truncate } from "../../interaction/limits.js";
import type { EmbedSpec } from "../../interaction/types.js";
import type { MatchNote } from "../../services/follow-through.js";
import type { MatchWithPeople } from "../../services/matches.js";
import type { MatchSession } from "../../services/sessions.js";
import { md } from "./markdown.js";
import { COLORS, discordTimestamp } from "./views.js";

/** Member-written text shown inside a bot message: markdown escaped (markdown.ts), cut to `max`. */
export function quote(text: string, max = 1000): string {
  return truncate(md(text), max);
}

/** The escaped name of one side of the match (markdown.ts), or "a former member". */
export function nameIn(match: MatchWithPeople, userId: string | null): string {
  if (userId !== null && match.mentor?.userId === userId) return md(match.mentor.displayName);
  if (userId !== null && match.mentee?.userId === userId) return md(match.mentee.displayName);
  return "a former member";
}

export function timezoneIn(match: MatchWithPeople, userId: string | null): string | null {
  if (userId !== null && match.mentor?.userId === userId) return match.mentor.timezone;
  if (userId !== null && match.mentee?.userId === userId) return match.mentee.timezone;
  return null;
}

export function otherSide(match: { mentor: { userId: string } | null; mentee: { userId: string } | null }, actorId: string): string | undefined {
  return otherPerson(match, actorId)?.userId;
}

/** The other person of a match, from the side of `actorId` (null when they left). */
export function otherPerson<P extends { userId: string }>(match: { mentor: P | null; mentee: P | null }, actorId: string): P | null {
  return match.mentor?.userId === actorId ? match.mentee : match.mentor;
}

/** One action point as a line: ☐/☑, number, text, owner, due date, overdue. */
export function actionLine(action: MatchNote, match: MatchWithPeople, now: Date, max = 300): string {
  const due = action.dueOn === null ? "" : ` · due ${calendarDate(action.dueOn)}`;
  const owner = `for ${nameIn(match, action.ownerUserId)}`;
  if (action.doneAt !== null) return `☑ **#${action.id}** ~~${quote(action.body, max)}~~ (${owner}${due}; done ${discordTimestamp(action.doneAt, "D")})`;
  const overdue = action.dueOn !== null && isOverdue(action.dueOn, timezoneIn(match, action.ownerUserId), now) ? " · ⚠️ overdue" : "";
  return `☐ **#${action.id}** ${quote(action.body, max)} (${owner}${due}${overdue})`;
}

export function actionsEmbed(match: MatchWithPeople, actions: readonly MatchNote[], page: number, pages: number, total: number, now: Date): EmbedSpec {
  return {
    title: `Action points of match #${match.id}`,
    description: actions.length === 0 ? "No action points yet. Add one with `/match note match:… text:… due:YYYY-MM-DD`." : actions.map((a) => actionLine(a, match, now)).join("\n"),
    footer: `${total} action point(s)${pages > 1 ? ` · page ${page + 1} of ${pages}` : ""} · either of you can tick one off`,
    color: COLORS.brand,
  };
}

/** "<t:…:F> (<t:…:R>)": Discord shows both in each reader's own time zone. */
export function sessionTime(session: Pick<MatchSession, "startsAt" | "durationMinutes">): string {
  return `${discordTimestamp(session.startsAt, "F")} (${discordTimestamp(session.startsAt, "R")}, ${session.durationMinutes} min)`;
}

/** One session in a list; short enough that six fit one embed field (1,024 characters). */
export function sessionLine(session: MatchSession): string {
  const where = session.location === null ? "" : ` · ${quote(session.location, 60)}`;
  const state = session.status === "scheduled" ? "" : ` — ${session.status}`;
  return `**#${session.id}** ${sessionTime(session)}${where}${state}`;
}

export function sessionEmbed(match: MatchWithPeople, session: MatchSession, title: string, schedulerTimezone: string | null): EmbedSpec {
  const fields = [{ name: "When", value: `${sessionTime(session)}\nScheduled in ${zoneLabel(schedulerTimezone)}; shown here in your own time zone.` }];
  if (session.location !== null) fields.push({ name: "Where", value: quote(session.location, 60) });
  return {
    title,
    description: `${match.mentor === null ? "mentor" : md(match.mentor.displayName)} & ${match.mentee === null ? "mentee" : md(match.mentee.displayName)} · match #${match.id} · session #${session.id}`,
    fields,
    footer: "The .ics file adds it to your calendar. Reminders come 24 hours and 1 hour before.",
    color: session.status === "cancelled" ? COLORS.muted : COLORS.success,
  };
}
