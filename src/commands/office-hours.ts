// /office-hours create | list | cancel | attendance | notices, and the Join / Leave buttons of the
// sign-up message and the host's attendance buttons. One mentor, many members: a Discord Guild
// Scheduled Event (in a voice or stage channel, or external with its location set to the sign-up
// thread), a seat cap and a waitlist promoted in order, a reminder 1 hour before. Hosting is for
// mentors and moderators (checked by the service); anyone in the server can join.
import { ChannelType } from "discord.js";
import { z } from "zod";
import { defineEnum } from "../domain/enums.js";
import { formatLocal, WHEN_EXAMPLES } from "../domain/time.js";
import { defineCommand, sub, type Deps } from "../interaction/command.js";
import { button, components, ids } from "../interaction/components.js";
import { truncate } from "../interaction/limits.js";
import { opt, type Completer } from "../interaction/options.js";
import type { ButtonSpec, EmbedSpec, MessageSpec, Responder, ScheduledEventSpec } from "../interaction/types.js";
import {
  attendancePage,
  cancelOfficeHour,
  claimDueNotices,
  joinOfficeHour,
  leaveOfficeHour,
  listUpcomingOfficeHours,
  markAttendance,
  officeHourChoices,
  OFFICE_HOUR_LIMITS,
  planOfficeHour,
  recordOfficeHour,
  recordSignupPost,
  setOfficeHourNotices,
  type AttendancePage,
  type OfficeHour,
  type OfficeHourPlan,
  type OfficeHourSignup,
  type OfficeHourView,
  type OfficeHourWork,
} from "../services/office-hours.js";
import { isModerator } from "../services/settings.js";
import { topicChoices } from "../services/catalog.js";
import { md } from "./shared/markdown.js";
import { notice, tell } from "./shared/notify.js";
import { buttonRows, COLORS, discordTimestamp } from "./shared/views.js";

const MAX_ID = 2_147_483_647;
const NUMBER_HINT = "an office hour is a number like 12 (see `/office-hours list`)";

/** An office hour's number as typed ("12" or "#12") or picked from autocomplete. */
const officeHourNumber = z
  .string()
  .transform((v) => (/^#?\d{1,10}$/.test(v.trim()) ? Number(v.trim().replace(/^#/, "")) : Number.NaN))
  .pipe(z.number({ error: NUMBER_HINT }).int(NUMBER_HINT).min(1, NUMBER_HINT).max(MAX_ID, NUMBER_HINT));

const upcomingComplete: Completer = async ({ deps, guildId, typed }) =>
  (await officeHourChoices(deps.db, guildId, typed.slice(0, 100), deps.clock.now())).map((o) => ({
    name: truncate(`#${o.id} · ${o.topicLabel} · ${o.startsAt.toISOString().slice(0, 16).replace("T", " ")} UTC · ${Math.max(0, o.seats - o.seatsTaken)} seat(s) left`, 100),
    value: String(o.id),
  }));

const topicComplete: Completer = async ({ deps, guildId, typed }) =>
  (await topicChoices(deps.db, guildId, typed.slice(0, 100), deps.clock.now())).filter((l) => l.length <= 100).slice(0, 25).map((label) => ({ name: label, value: label }));

const eventOption = () => opt.text("Office hour number (pick from the list)", { max: 12 }).pipe(officeHourNumber).autocomplete(upcomingComplete).required();

const ON_OFF = defineEnum(["on", "off"] as const, { on: "on", off: "off" }, { on: "on: tell me about new office hours", off: "off: do not tell me" });

// ── Messages ────────────────────────────────────────────────────────────────────────────────────

function seatsLine(o: OfficeHourView): string {
  const left = Math.max(0, o.seats - o.seatsTaken);
  return `${o.seatsTaken} of ${o.seats} taken${left === 0 ? " (full)" : ` · ${left} left`}${o.waitlist === 0 ? "" : ` · ${o.waitlist} on the waitlist`}`;
}

function whereLine(o: Pick<OfficeHour, "channelId" | "threadId">): string {
  if (o.channelId !== null) return `<#${o.channelId}> (voice)`;
  return o.threadId === null ? "Online, see the Discord event" : `<#${o.threadId}>`;
}

function signupButtons(id: number, on: 0 | 1): ButtonSpec[] {
  return [
    officeHoursUi.buttons.join.spec([id, on], { label: "Join", style: "success" }),
    officeHoursUi.buttons.leave.spec([id, on], { label: "Leave", style: "secondary" }),
  ];
}

/** The public sign-up message (in the office hour's thread), with Join / Leave while it is open. */
export function signupMessage(o: OfficeHourView): MessageSpec {
  const cancelled = o.status === "cancelled";
  const embed: EmbedSpec = {
    title: `${cancelled ? "❌ Cancelled — " : "🎓 "}Office hours #${o.id}: ${md(o.topicLabel)}`,
    fields: [
      { name: "When", value: `${discordTimestamp(o.startsAt, "F")} (${discordTimestamp(o.startsAt, "R")}) · ${o.durationMinutes} minutes` },
      { name: "Host", value: o.hostName === null ? "a former member" : md(o.hostName), inline: true },
      { name: "Where", value: whereLine(o), inline: true },
      { name: "Seats", value: seatsLine(o) },
    ],
    footer: cancelled ? "This office hour was cancelled; everyone signed up was told." : "Join for a seat, or a place on the waitlist (moved up in order when someone leaves). Seat holders get a reminder 1 hour before.",
    color: cancelled ? COLORS.muted : COLORS.brand,
  };
  if (o.description !== null) embed.description = md(o.description);
  return { embeds: [embed], buttons: cancelled ? [] : [signupButtons(o.id, 0)] };
}

function eventSpec(plan: OfficeHourPlan, location: string): ScheduledEventSpec {
  const about = plan.description === null ? "" : `${plan.description}\n\n`;
  return {
    name: truncate(`Office hours: ${plan.topic.label} with ${plan.host.displayName}`, 100),
    description: truncate(`${about}${plan.seats} seat(s). Sign up with the Join button in the server (/office-hours list).`, 1000),
    startsAt: plan.startsAt,
    endsAt: plan.endsAt,
    channelId: plan.channelId,
    ...(plan.channelId === null ? { location } : {}),
  };
}

const REFUSED: Readonly<Record<"missing-permission" | "bad-channel" | "failed", string>> = {
  "missing-permission": "Discord refused to create the event: the bot needs the **Create Events** (Manage Events) permission in this server. A server admin can grant it in Server Settings → Roles. Nothing was created.",
  "bad-channel": "Option `channel`: the bot cannot use that channel for an event (it must be a voice or stage channel the bot can see). Nothing was created.",
  failed: "Discord did not create the event right now (it may be busy). Nothing was created; please try again in a minute.",
};

function threadLink(guildId: string, channelId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}`;
}

// ── Notices (also sent by the timed job) ──────────────────────────────────────────────────────

function noticeFor(kind: "promoted" | "cancelled" | "reminder", o: OfficeHour): MessageSpec {
  const when = `${discordTimestamp(o.startsAt, "F")} (${discordTimestamp(o.startsAt, "R")})`;
  const title = `Office hours #${o.id}: ${md(o.topicLabel)}`;
  if (kind === "promoted") return notice(`🎟️ You have a seat: ${title}`, `A seat came free and you were next on the waitlist. It starts ${when}. Where: ${whereLine(o)}. Can't come after all? Press Leave on the sign-up message so the next person gets it.`, COLORS.success);
  if (kind === "cancelled") return notice(`❌ Cancelled: ${title}`, `The office hour planned for ${when} was cancelled. \`/office-hours list\` shows others; \`/match find\` suggests mentors.`, COLORS.muted);
  return notice(`⏰ Starting within the hour: ${title}`, `It starts ${when}. Where: ${whereLine(o)}.`, COLORS.warning);
}

/** Sends claimed notices and reminders; returns how many could not be delivered. */
export async function sendOfficeHourNotices(deps: Deps, items: readonly { signup: OfficeHourSignup; officeHour: OfficeHour; kind: "promoted" | "cancelled" | "reminder" }[]): Promise<number> {
  let failed = 0;
  for (const { signup, officeHour, kind } of items) {
    if (signup.userId === null) continue;
    if ((await tell(deps, officeHour.guildId, signup.userId, noticeFor(kind, officeHour))) === "failed") failed++;
  }
  return failed;
}

/** The announcement a waiting mentee gets for a new office hour on one of their topics. */
export function announcement(o: OfficeHourView): MessageSpec {
  return {
    embeds: [
      {
        title: `🎓 New office hours on ${md(o.topicLabel)}`,
        description: `${o.hostName === null ? "A mentor" : md(o.hostName)} holds office hours ${discordTimestamp(o.startsAt, "F")} (${o.durationMinutes} minutes, ${seatsLine(o)}). You are waiting for a mentor and asked about this topic, so you may want a seat meanwhile.`,
        fields: [{ name: "Sign up", value: `${o.threadId === null ? "Press Join below" : `Press Join here or in <#${o.threadId}>`}. Not interested in these notices? \`/office-hours notices status:off\`.` }],
        color: COLORS.brand,
      },
    ],
    buttons: [[officeHoursUi.buttons.join.spec([o.id, 1], { label: "Join", style: "success" })]],
  };
}

export async function sendAnnouncements(deps: Deps, items: OfficeHourWork["announcements"]): Promise<number> {
  let sent = 0;
  for (const { officeHour, recipients } of items) {
    for (const r of recipients) if ((await tell(deps, officeHour.guildId, r.userId, announcement(officeHour))) !== "failed") sent++;
  }
  return sent;
}

/** Notices just made due by a press (a promotion, a cancellation): sent now, the job is the backstop. */
async function deliverNow(deps: Deps, res: Pick<Responder, "followUp">, officeHourId: number, who: string): Promise<void> {
  const notices = await claimDueNotices(deps.db, deps.clock.now(), officeHourId);
  const failed = await sendOfficeHourNotices(deps, notices);
  if (failed > 0) await res.followUp({ content: `⚠️ ${failed} ${who} could not be told by DM right now.`, ephemeral: true });
}

function attendanceMessage(view: AttendancePage): MessageSpec {
  const o = view.officeHour;
  const first = view.page * OFFICE_HOUR_LIMITS.attendancePage;
  const lines = view.signups.map((s, i) => `${first + i + 1}. ${s.attended === true ? "✅" : s.attended === false ? "❌" : "—"} ${md(s.displayName ?? "former member")}`);
  const toggles = view.signups.map((s, i) =>
    officeHoursUi.buttons.attended.spec([s.id, s.attended === true ? 0 : 1], {
      label: truncate(`${first + i + 1}. ${s.displayName ?? "former member"}`, 80),
      style: s.attended === true ? "success" : s.attended === false ? "danger" : "secondary",
    }),
  );
  const rows = buttonRows(toggles).slice(0, 4);
  if (view.pages > 1) {
    rows.push([
      officeHoursUi.buttons["attendance-page"].spec([o.id, Math.max(0, view.page - 1)], { label: "Previous", style: "secondary", disabled: view.page === 0 }),
      officeHoursUi.buttons["attendance-page"].spec([o.id, Math.min(view.pages - 1, view.page + 1)], { label: "Next", style: "secondary", disabled: view.page >= view.pages - 1 }),
    ]);
  }
  const came = view.signups.filter((s) => s.attended === true).length;
  return {
    embeds: [
      {
        title: `Who came to office hours #${o.id}: ${md(o.topicLabel)}`,
        description: view.total === 0 ? "Nobody had a seat." : lines.join("\n"),
        footer: `${view.total} seat holder(s)${view.pages > 1 ? ` · page ${view.page + 1} of ${view.pages}` : ""} · ${came} marked as came on this page. Press a name to mark them as came (green) or not (red). Attendance counts in /mod stats.`,
        color: COLORS.brand,
      },
    ],
    buttons: rows,
    ephemeral: true,
  };
}

const actorOf = (ctx: { user: { id: string }; canManageGuild: boolean; memberRoleIds: readonly string[] }, settings: Parameters<typeof isModerator>[1]) => ({
  id: ctx.user.id,
  moderator: isModerator(ctx, settings),
});

// ── Buttons ─────────────────────────────────────────────────────────────────────────────────────

export const officeHoursUi = components("office-hours", {
  buttons: {
    /**
     * [office hour, 0: on the sign-up message (it is updated) | 1: anywhere else (an ephemeral
     * answer)]. Also on the announcement DM, so it may be pressed outside the server.
     */
    join: button({
      id: ids.pair(ids.int(1, MAX_ID), ids.int(0, 1)),
      where: "anywhere",
      run: async ({ ctx, id: [officeHourId, on], guildId, res, deps }) => {
        const result = await joinOfficeHour(deps.db, guildId, officeHourId, ctx.user, deps.clock.now());
        const o = result.view;
        const text = result.already
          ? `You are already ${result.status === "seat" ? "holding a seat" : `on the waitlist (#${result.position})`} for office hours #${o.id}.`
          : result.status === "seat"
            ? `✅ You have a seat at office hours #${o.id} (${md(o.topicLabel)}), ${discordTimestamp(o.startsAt, "F")}. You get a reminder 1 hour before; press Leave if you cannot come.`
            : `The office hour is full, so you are #${result.position} on the waitlist for #${o.id}. If a seat comes free you get it and are told.`;
        if (on === 0 && guildId !== null) {
          await res.update(signupMessage(o));
          await res.followUp({ content: text, ephemeral: true });
        } else {
          await res.reply({ content: text, ephemeral: true });
        }
      },
    }),
    leave: button({
      id: ids.pair(ids.int(1, MAX_ID), ids.int(0, 1)),
      run: async ({ ctx, id: [officeHourId, on], guildId, res, deps }) => {
        const result = await leaveOfficeHour(deps.db, guildId, officeHourId, ctx.user.id, deps.clock.now());
        const text = `You left office hours #${officeHourId}${result.was === "seat" ? (result.promoted === null ? "; your seat is free for the next person." : "; your seat went to the next person on the waitlist.") : " (you were on the waitlist)."}`;
        if (on === 0) {
          await res.update(signupMessage(result.view));
          await res.followUp({ content: text, ephemeral: true });
        } else {
          await res.reply({ content: text, ephemeral: true });
        }
        if (result.promoted !== null) await deliverNow(deps, res, officeHourId, "member moved up from the waitlist");
      },
    }),
    /** [sign-up, 1: came | 0: did not come], on the host's attendance list. */
    attended: button({
      id: ids.pair(ids.int(1, MAX_ID), ids.int(0, 1)),
      run: async ({ ctx, id: [signupId, came], guildId, settings, res, deps }) => {
        const page = await markAttendance(deps.db, guildId, signupId, actorOf(ctx, settings), came === 1, deps.clock.now());
        await res.update(attendanceMessage(page));
      },
    }),
    "attendance-page": button({
      id: ids.pair(ids.int(1, MAX_ID), ids.int(0, 9)),
      run: async ({ ctx, id: [officeHourId, page], guildId, settings, res, deps }) => {
        await res.update(attendanceMessage(await attendancePage(deps.db, guildId, officeHourId, actorOf(ctx, settings), page, deps.clock.now())));
      },
    }),
  },
});

// ── Subcommands ─────────────────────────────────────────────────────────────────────────────────

const create = sub(
  "create",
  "Hold office hours: a Discord event with seats members sign up for (mentors and moderators)",
  {
    topic: opt.text("The topic, e.g. interviewing (waiting mentees who asked about it are told)", { max: OFFICE_HOUR_LIMITS.topic }).autocomplete(topicComplete).required(),
    when: opt.text(`When, in your timezone: ${WHEN_EXAMPLES.split(", ").slice(0, 2).join(" or ")}`, { max: 40 }).required(),
    duration: opt.integer(`Minutes (${OFFICE_HOUR_LIMITS.durationMin}–${OFFICE_HOUR_LIMITS.durationMax})`, { min: OFFICE_HOUR_LIMITS.durationMin, max: OFFICE_HOUR_LIMITS.durationMax }).required(),
    seats: opt.integer(`Seats (${OFFICE_HOUR_LIMITS.seatsMin}–${OFFICE_HOUR_LIMITS.seatsMax}); more sign-ups join a waitlist`, { min: OFFICE_HOUR_LIMITS.seatsMin, max: OFFICE_HOUR_LIMITS.seatsMax }).required(),
    channel: opt.channel("A voice or stage channel (otherwise the event is online, in its thread)", [ChannelType.GuildVoice, ChannelType.GuildStageVoice]),
    description: opt.text("What you will cover, who it is for", { max: OFFICE_HOUR_LIMITS.description, multiline: true }),
  },
  async ({ ctx, args, guildId, settings, res, deps }) => {
    const now = deps.clock.now();
    const plan = await planOfficeHour(
      deps.db,
      guildId,
      { id: ctx.user.id, displayName: ctx.user.displayName, moderator: isModerator(ctx, settings) },
      { topic: args.topic, when: args.when, durationMinutes: args.duration, seats: args.seats, channelId: args.channel, description: args.description },
      now,
    );
    // Creating the event, the thread and the post takes several calls to Discord.
    await res.defer({ ephemeral: true });
    const created = await deps.notifier.createScheduledEvent(guildId, eventSpec(plan, threadLink(guildId, ctx.channelId ?? guildId)));
    if (!created.ok) {
      await res.editReply({ content: `⚠️ ${REFUSED[created.reason]}` });
      return;
    }
    let officeHour: OfficeHour;
    try {
      officeHour = await recordOfficeHour(deps.db, plan, created.eventId, now);
    } catch (error) {
      // Nothing half-written: without the stored office hour, the event must not stay either.
      await deps.notifier.updateScheduledEvent(guildId, created.eventId, { cancel: true });
      throw error;
    }
    const view: OfficeHourView = { ...officeHour, seatsTaken: 0, waitlist: 0 };
    const post =
      ctx.channelId === null
        ? { threadId: null, channelId: null, messageId: null }
        : await deps.notifier.openPublicThread({ guildId, channelId: ctx.channelId, name: truncate(`Office hours #${officeHour.id}: ${plan.topic.label}`, 100), message: signupMessage(view) });
    const notes: string[] = [];
    if (post.channelId !== null) {
      await recordSignupPost(deps.db, officeHour.id, post);
      if (post.threadId !== null && plan.channelId === null && !(await deps.notifier.updateScheduledEvent(guildId, created.eventId, { location: threadLink(guildId, post.threadId) }))) {
        notes.push("The event's location could not be set to the thread; it points to this channel.");
      }
    } else {
      notes.push("⚠️ The sign-up message could not be posted here (the bot needs Send Messages and Create Public Threads); members can join from `/office-hours list`.");
    }
    await res.editReply({
      content: [
        `✅ Office hours #${officeHour.id} on ${md(plan.topic.label)}: ${formatLocal(plan.startsAt, plan.timezone)} and ${discordTimestamp(plan.startsAt, "F")} in each reader's time, ${plan.durationMinutes} minutes, ${plan.seats} seat(s).`,
        `The Discord event is in the server's Events${plan.channelId === null ? "" : ` (in <#${plan.channelId}>)`}; ${post.channelId === null ? "" : `sign-ups in <#${post.channelId}>; `}waiting mentees who asked about this topic are told (unless they opted out).`,
        ...notes,
      ].join("\n"),
    });
  },
);

const list = sub("list", "Upcoming office hours and seats left", {}, async ({ ctx, guildId, res, deps }) => {
  const upcoming = await listUpcomingOfficeHours(deps.db, guildId, deps.clock.now(), 10);
  if (upcoming.length === 0) {
    await res.reply({ content: "No office hours are planned. Mentors and moderators can hold some with `/office-hours create`.", ephemeral: true });
    return;
  }
  const lines = upcoming.map((o) => `**#${o.id}** ${md(truncate(o.topicLabel, 40))} — ${discordTimestamp(o.startsAt, "F")} · ${o.durationMinutes} min · ${o.hostName === null ? "former member" : md(truncate(o.hostName, 40))}${o.hostUserId === ctx.user.id ? " (you)" : ""}\n  ${seatsLine(o)} · ${whereLine(o)}`);
  const joinable = upcoming.filter((o) => o.hostUserId !== ctx.user.id && o.startsAt.getTime() > deps.clock.now().getTime()).slice(0, 5);
  await res.reply({
    embeds: [{ title: "Upcoming office hours", description: lines.join("\n"), footer: "Join here or on the sign-up message in the office hour's thread. Times are shown in your own time zone.", color: COLORS.brand }],
    buttons: buttonRows(joinable.map((o) => officeHoursUi.buttons.join.spec([o.id, 1], { label: `Join #${o.id}`, style: "success" }))),
    ephemeral: true,
  });
});

const cancel = sub("cancel", "Cancel office hours you host (everyone signed up is told)", { event: eventOption() }, async ({ ctx, args, guildId, settings, res, deps }) => {
  const o = await cancelOfficeHour(deps.db, guildId, args.event, actorOf(ctx, settings), deps.clock.now());
  const signedUp = o.seatsTaken + o.waitlist;
  await res.reply({ content: `Office hours #${o.id} is cancelled. ${signedUp === 0 ? "Nobody had signed up." : `The ${signedUp} member(s) signed up are told.`}`, ephemeral: true });
  if (o.eventId !== null && !(await deps.notifier.updateScheduledEvent(guildId, o.eventId, { cancel: true }))) {
    await res.followUp({ content: "⚠️ The Discord event could not be cancelled (the bot needs the Manage Events permission); remove it from the server's Events.", ephemeral: true });
  }
  if (o.signupChannelId !== null) await deps.notifier.postInChannel(guildId, o.signupChannelId, signupMessage(o));
  await deliverNow(deps, res, o.id, "member(s) signed up");
});

const attendance = sub("attendance", "Mark who came to office hours you hosted", { event: eventOption() }, async ({ ctx, args, guildId, settings, res, deps }) => {
  await res.reply(attendanceMessage(await attendancePage(deps.db, guildId, args.event, actorOf(ctx, settings), 0, deps.clock.now())));
});

const notices = sub(
  "notices",
  "Whether you are told about new office hours on your topics while you wait",
  { status: opt.choice(ON_OFF, "on: tell me; off: do not").required() },
  async ({ ctx, args, guildId, res, deps }) => {
    await setOfficeHourNotices(deps.db, guildId, ctx.user.id, args.status === "on", deps.clock.now());
    await res.reply({
      content: args.status === "on" ? "🔔 You will be told about new office hours on your topics while you wait for a mentor." : "🔕 You will not be told about new office hours. `/office-hours list` still shows them.",
      ephemeral: true,
    });
  },
);


export const officeHoursCommand = defineCommand({
  name: "office-hours",
  description: "Office hours: one mentor, many members, as Discord events with seats",
  subcommands: [create, list, cancel, attendance, notices],
  ui: officeHoursUi,
});
