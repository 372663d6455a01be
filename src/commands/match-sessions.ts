// /match schedule | sessions, and the Cancel / Reschedule buttons (and form) of a session. The
// pair's thread (or both DMs) gets the time as Discord timestamps, which every reader sees in their
// own time zone, and an .ics invite. Part of /match (its table is merged in match.ts).
import { md } from "./shared/markdown.js";
import { sub, type Deps } from "../interaction/command.js";
import { button, components, field, ids, modal } from "../interaction/components.js";
import { opt } from "../interaction/options.js";
import type { ButtonSpec, MessageSpec, Responder } from "../interaction/types.js";
import { formatLocal, WHEN_EXAMPLES } from "../domain/time.js";
import {
  assertCanChangeSession,
  cancelSession,
  matchSessions,
  rescheduleSession,
  scheduleSession,
  SESSION_LIMITS,
  type MatchSession,
  type SessionWithMatch,
} from "../services/sessions.js";
import type { MatchWithPeople } from "../services/matches.js";
import { sessionEmbed, sessionLine, timezoneIn } from "./shared/follow-views.js";
import { sessionInvite } from "./shared/ics.js";
import { COLORS } from "./shared/views.js";

const MAX_ID = 2_147_483_647;

export const matchSessionUi = components("match", {
  buttons: {
    "session-cancel": button({
      id: ids.int(1, MAX_ID),
      where: "anywhere",
      run: async ({ ctx, id, guildId, res, deps }) => {
        const session = await cancelSession(deps.db, guildId, id, ctx.user.id, deps.clock.now());
        await res.reply({ content: `Session #${id} is cancelled. You are both told.`, ephemeral: true });
        await postSession(deps, res, session.match, session, `❌ Session cancelled by ${md(ctx.user.displayName)}`, []);
      },
    }),
    /** Opens the form for the new time (read in the presser's timezone). */
    "session-move": button({
      id: ids.int(1, MAX_ID),
      where: "anywhere",
      run: async ({ ctx, id, guildId, res, deps }) => {
        await assertCanChangeSession(deps.db, guildId, id, ctx.user.id, deps.clock.now());
        await res.showModal(matchSessionUi.modals["session-form"].open(id));
      },
    }),
  },
  modals: {
    "session-form": modal({
      id: ids.int(1, MAX_ID),
      where: "anywhere",
      title: (id) => `Reschedule session #${id}`,
      fields: {
        when: field.short("New time, in your timezone", { max: 40, placeholder: "e.g. 2026-12-03 18:00 or tomorrow 18:00" }).required(),
      },
      run: async ({ ctx, id, fields, guildId, res, deps }) => {
        const session = await rescheduleSession(deps.db, guildId, id, ctx.user.id, fields.when, deps.clock.now());
        await res.reply({ content: `🗓️ Session #${id} moved to ${formatLocal(session.startsAt, timezoneIn(session.match, ctx.user.id))}. You are both told, with a new invite.`, ephemeral: true });
        await postSession(deps, res, session.match, session, `🗓️ Session moved by ${md(ctx.user.displayName)}`, sessionButtons(session));
      },
    }),
  },
});

function sessionButtons(session: Pick<MatchSession, "id">): ButtonSpec[][] {
  return [
    [
      matchSessionUi.buttons["session-move"].spec(session.id, { label: "Reschedule", style: "secondary" }),
      matchSessionUi.buttons["session-cancel"].spec(session.id, { label: "Cancel", style: "danger" }),
    ],
  ];
}

/** The message the pair gets for a session: when, where, an .ics invite and (while on) its buttons. */
export function sessionMessage(match: MatchWithPeople, session: SessionWithMatch | MatchSession, title: string, buttons: ButtonSpec[][]): MessageSpec {
  return {
    embeds: [sessionEmbed(match, session, title, timezoneIn(match, session.createdById))],
    files: [sessionInvite(match, session)],
    buttons,
  };
}

/** Posts to the pair's thread (or both DMs); tells the member in a follow-up if nobody was reached. */
async function postSession(deps: Deps, res: Pick<Responder, "followUp">, match: MatchWithPeople, session: MatchSession, title: string, buttons: ButtonSpec[][]): Promise<void> {
  const via = await deps.notifier.postToPair({
    guildId: match.guildId,
    threadId: match.threadId,
    userIds: [match.mentor?.userId, match.mentee?.userId].filter((u): u is string => u !== undefined),
    message: sessionMessage(match, session, title, buttons),
  });
  if (via === "failed") await res.followUp({ content: "⚠️ The session is saved, but neither your thread nor your DMs could be reached right now; see it with `/match sessions`.", ephemeral: true });
}

/** A reminder for a session starting soon (posted by the timed job). */
export function sessionReminder(session: SessionWithMatch, label: string): MessageSpec {
  return sessionMessage(session.match, session, `⏰ Your session starts ${label}`, sessionButtons(session));
}

const schedule = sub(
  "schedule",
  "Schedule a call: the pair gets the time and a calendar invite",
  {
    match: opt.match(),
    when: opt.text(`When, in your timezone: ${WHEN_EXAMPLES.split(", ").slice(0, 2).join(" or ")}`, { max: 40 }).required(),
    duration: opt.integer(`Minutes (${SESSION_LIMITS.durationMin}–${SESSION_LIMITS.durationMax}, default ${SESSION_LIMITS.durationDefault})`, { min: SESSION_LIMITS.durationMin, max: SESSION_LIMITS.durationMax }),
    where: opt.text("A place or a call link", { max: SESSION_LIMITS.location }),
  },
  async ({ ctx, args, guildId, res, deps }) => {
    const session = await scheduleSession(deps.db, guildId, args.match, ctx.user.id, { when: args.when, durationMinutes: args.duration, location: args.where }, deps.clock.now());
    await res.reply({
      content: `🗓️ Session #${session.id} scheduled for ${formatLocal(session.startsAt, timezoneIn(session.match, ctx.user.id))}. You both get the invite and reminders 24 hours and 1 hour before.`,
      ephemeral: true,
    });
    await postSession(deps, res, session.match, session, `🗓️ New session scheduled by ${md(ctx.user.displayName)}`, sessionButtons(session));
  },
);

const sessions = sub("sessions", "Upcoming and past sessions of one of your matches", { match: opt.match() }, async ({ ctx, args, guildId, res, deps }) => {
  const view = await matchSessions(deps.db, guildId, args.match, ctx.user.id, deps.clock.now());
  const upcoming = view.upcoming.slice(0, 5);
  await res.reply({
    embeds: [
      {
        title: `Sessions of match #${view.match.id}`,
        fields: [
          { name: `Upcoming (${view.upcoming.length})`, value: upcoming.length === 0 ? "None. Schedule one with `/match schedule`." : upcoming.map(sessionLine).join("\n") },
          { name: `Past (${view.past.length})`, value: view.past.length === 0 ? "None yet." : view.past.slice(0, 6).map(sessionLine).join("\n") },
        ],
        footer: "Times are shown in your own time zone.",
        color: COLORS.brand,
      },
    ],
    buttons: upcoming.map((s) => [
      matchSessionUi.buttons["session-move"].spec(s.id, { label: `Reschedule #${s.id}`, style: "secondary" }),
      matchSessionUi.buttons["session-cancel"].spec(s.id, { label: `Cancel #${s.id}`, style: "danger" }),
    ]),
    ephemeral: true,
  });
});

export const sessionSubcommands = [schedule, sessions] as const;
