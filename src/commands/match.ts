// /match find | mentees | request | list | note | notes | end | cancel, and the Request,
// Accept and Decline buttons (custom ids match:<action>:<id>).
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import { UserError } from "../errors.js";
import type { ButtonSpec, CommandInteractionContext, EmbedSpec, Responder } from "../interaction/types.js";
import { suggestMenteesFor, suggestMentorsFor } from "../services/community.js";
import {
  acceptRequest,
  addMatchNote,
  cancelMatch,
  declineRequest,
  endMatch,
  FEEDBACK_MAX,
  isOpen,
  listMyMatches,
  matchNotes,
  NOTE_MAX,
  requestMentor,
} from "../services/matches.js";
import { matchOption } from "./shared/definitions.js";
import { announceActive, deliverRequest, notice, tell } from "./shared/notify.js";
import { integer, matchId, optionalText, parseFields, parseOptions, requireGuild, snowflake, text, userOption } from "./shared/options.js";
import { COLORS, discordTimestamp, matchLine, suggestionEmbed } from "./shared/views.js";
import { customId, type CommandModule, type Deps } from "./types.js";

const MESSAGE_MAX = 500;

export const data = {
  name: "match",
  description: "Find mentors, send requests and follow your matches",
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: "find", description: "Your best mentor suggestions, with reasons" },
    { type: ApplicationCommandOptionType.Subcommand, name: "mentees", description: "For mentors: waiting mentees you fit best" },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "request",
      description: "Ask a mentor to mentor you",
      options: [
        { type: ApplicationCommandOptionType.User, name: "mentor", description: "The mentor to ask", required: true },
        {
          type: ApplicationCommandOptionType.String,
          name: "message",
          description: "A short note: what you hope to get from them",
          max_length: MESSAGE_MAX,
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: "list", description: "Your open and past matches" },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "note",
      description: "Add a follow-up note or action point both of you can see",
      options: [
        matchOption,
        { type: ApplicationCommandOptionType.String, name: "text", description: "The note", required: true, max_length: NOTE_MAX },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "notes",
      description: "Read the notes of one of your matches",
      options: [matchOption],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "end",
      description: "End an active match, with optional feedback",
      options: [
        matchOption,
        { type: ApplicationCommandOptionType.Integer, name: "rating", description: "How useful was it? 1–5", min_value: 1, max_value: 5 },
        { type: ApplicationCommandOptionType.String, name: "feedback", description: "What went well, what could be better", max_length: FEEDBACK_MAX },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "cancel",
      description: "Withdraw a request or stop a match without feedback",
      options: [matchOption],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const requestSchema = z.object({ mentor: userOption, message: text(MESSAGE_MAX, { multiline: true }).optional() });
const noteSchema = z.object({ match: matchId, text: text(NOTE_MAX, { multiline: true }) });
const matchOnly = z.object({ match: matchId });
const endSchema = z.object({
  match: matchId,
  rating: integer(1, 5).optional(),
  feedback: text(FEEDBACK_MAX, { multiline: true }).optional(),
});

async function find(ctx: CommandInteractionContext, res: Responder, deps: Deps): Promise<void> {
  const guildId = requireGuild(ctx.guildId);
  const { suggestions } = await suggestMentorsFor(deps.db, guildId, ctx.user.id, deps.clock.now());
  if (suggestions.length === 0) {
    await res.reply({
      content:
        "No mentor fits right now: either everyone who fits is busy or unavailable, or your preferences rule them out. Try widening `accepts-from` or adding topics with `/mentee profile`; moderators also run matching rounds for everyone waiting.",
      ephemeral: true,
    });
    return;
  }
  const embeds: EmbedSpec[] = suggestions.map((s, i) =>
    suggestionEmbed(i + 1, s.profile, s.score, `${s.profile.mentorCapacity - s.load} of ${s.profile.mentorCapacity} free`),
  );
  const buttons: ButtonSpec[] = suggestions.map((s, i) => ({
    customId: customId("match", "request", s.profile.userId),
    label: `Request ${i + 1}. ${s.profile.displayName}`,
    style: "primary",
  }));
  await res.reply({
    content: "Your best mentor suggestions. Press a button to send a request (you can add a message).",
    embeds,
    buttons: [buttons],
    ephemeral: true,
  });
}

async function mentees(ctx: CommandInteractionContext, res: Responder, deps: Deps): Promise<void> {
  const guildId = requireGuild(ctx.guildId);
  const { mentor, suggestions } = await suggestMenteesFor(deps.db, guildId, ctx.user.id, deps.clock.now());
  if (suggestions.length === 0) {
    await res.reply({
      content: `No waiting mentee fits you right now${mentor.mentorAvailable ? "" : " (you are marked unavailable)"}. Mentees who request you will reach you by DM.`,
      ephemeral: true,
    });
    return;
  }
  await res.reply({
    content: "Waiting mentees you could help most. Mention them or wait for their request; a moderator's round may also propose them to you.",
    embeds: suggestions.map((s, i) => suggestionEmbed(i + 1, s.profile, s.score, null)),
    ephemeral: true,
  });
}

async function sendRequest(
  ctx: { guildId: string | null; user: { id: string }; channelId: string | null },
  mentorUserId: string,
  message: string | null,
  res: Responder,
  deps: Deps,
): Promise<void> {
  const guildId = requireGuild(ctx.guildId);
  const result = await requestMentor(deps.db, guildId, ctx.user.id, mentorUserId, message, deps.clock.now());
  const delivered = await deliverRequest(deps, result.match, result.mentee, ctx.channelId);
  const how =
    delivered === "dm"
      ? "by direct message"
      : delivered === "channel"
        ? "in this channel (their DMs are closed)"
        : "— but they could not be reached right now; they will see it in `/match list`";
  await res.reply({
    content: `📨 Request #${result.match.id} sent to ${result.mentor.displayName} ${how}. It expires ${discordTimestamp(result.match.expiresAt ?? deps.clock.now())} if unanswered; you will hear either way.`,
    ephemeral: true,
  });
}

async function list(ctx: CommandInteractionContext, res: Responder, deps: Deps): Promise<void> {
  const guildId = requireGuild(ctx.guildId);
  const { matches } = await listMyMatches(deps.db, guildId, ctx.user.id);
  const open = matches.filter((m) => isOpen(m.status));
  const past = matches.filter((m) => !isOpen(m.status));
  const embed: EmbedSpec = {
    title: "Your matches",
    fields: [
      { name: `Open (${open.length})`, value: open.length === 0 ? "None." : open.map((m) => matchLine(m, ctx.user.id)).join("\n") },
      { name: `Past (${past.length})`, value: past.length === 0 ? "None." : past.slice(0, 10).map((m) => matchLine(m, ctx.user.id)).join("\n") },
    ],
    footer: "Notes: /match note · Finish: /match end · Withdraw: /match cancel",
    color: COLORS.brand,
  };
  // Requests waiting for this member's answer can be answered here too (their DM may never have
  // arrived: DMs closed with no channel to fall back to, or Discord unavailable at the time).
  const toAnswer = open.filter((m) => m.status === "requested" && m.mentor?.userId === ctx.user.id).slice(0, 5);
  const buttons: ButtonSpec[][] = toAnswer.map((m) => [
    { customId: customId("match", "accept", m.id), label: `Accept #${m.id} (${m.mentee?.displayName ?? "mentee"})`, style: "success" },
    { customId: customId("match", "decline", m.id), label: `Decline #${m.id}`, style: "danger" },
  ]);
  await res.reply({ embeds: [embed], ...(buttons.length === 0 ? {} : { buttons }), ephemeral: true });
}

function otherSide(match: { mentor: { userId: string } | null; mentee: { userId: string } | null }, actorId: string): string | undefined {
  return match.mentor?.userId === actorId ? match.mentee?.userId : match.mentor?.userId;
}

export const matchCommand: CommandModule = {
  data,
  async execute(ctx, res, deps) {
    switch (ctx.subcommand) {
      case "find":
        return find(ctx, res, deps);
      case "mentees":
        return mentees(ctx, res, deps);
      case "request": {
        const options = parseOptions(requestSchema, ctx.options);
        if (options.mentor.bot) throw new UserError("Option `mentor`: bots cannot be mentors.");
        return sendRequest(ctx, options.mentor.id, options.message ?? null, res, deps);
      }
      case "list":
        return list(ctx, res, deps);
      case "note": {
        const guildId = requireGuild(ctx.guildId);
        const options = parseOptions(noteSchema, ctx.options);
        const { match } = await addMatchNote(deps.db, guildId, options.match, ctx.user.id, options.text, deps.clock.now());
        await res.reply({ content: `📝 Note added to match #${match.id}. Both of you can read it with \`/match notes match:${match.id}\`.`, ephemeral: true });
        await tell(
          deps,
          guildId,
          otherSide(match, ctx.user.id),
          notice(`New note on match #${match.id} from ${ctx.user.displayName}`, options.text),
        );
        return;
      }
      case "notes": {
        const guildId = requireGuild(ctx.guildId);
        const options = parseOptions(matchOnly, ctx.options);
        const { match, notes } = await matchNotes(deps.db, guildId, options.match, ctx.user.id);
        const names = new Map([
          [match.mentor?.userId, match.mentor?.displayName ?? "mentor"],
          [match.mentee?.userId, match.mentee?.displayName ?? "mentee"],
        ]);
        const embed: EmbedSpec = {
          title: `Notes on match #${match.id}`,
          fields: notes.map((n) => ({
            name: `${names.get(n.authorUserId) ?? "a former member"} · ${discordTimestamp(n.createdAt)}`,
            value: n.body,
          })),
          color: COLORS.brand,
        };
        if (notes.length === 0) embed.description = "No notes yet. Add one with `/match note`.";
        await res.reply({ embeds: [embed], ephemeral: true });
        return;
      }
      case "end": {
        const guildId = requireGuild(ctx.guildId);
        const options = parseOptions(endSchema, ctx.options);
        const result = await endMatch(
          deps.db,
          guildId,
          options.match,
          ctx.user.id,
          options.rating ?? null,
          options.feedback ?? null,
          deps.clock.now(),
        );
        await res.reply({
          content: result.ended
            ? `✅ Match #${result.match.id} has ended. Thank you${options.rating === undefined && options.feedback === undefined ? "" : " for your feedback"}!`
            : `✅ Your feedback on match #${result.match.id} is saved.`,
          ephemeral: true,
        });
        if (result.ended) {
          await tell(
            deps,
            guildId,
            otherSide(result.match, ctx.user.id),
            notice(
              `Match #${result.match.id} has ended`,
              `${ctx.user.displayName} closed the match. If you like, leave your own rating with \`/match end match:${result.match.id} rating:5 feedback:…\`.`,
              COLORS.muted,
            ),
          );
        }
        return;
      }
      case "cancel": {
        const guildId = requireGuild(ctx.guildId);
        const options = parseOptions(matchOnly, ctx.options);
        const match = await cancelMatch(deps.db, guildId, options.match, ctx.user.id, deps.clock.now());
        await res.reply({ content: `Match #${match.id} is cancelled.`, ephemeral: true });
        await tell(
          deps,
          guildId,
          otherSide(match, ctx.user.id),
          notice(`Match #${match.id} was cancelled`, `${ctx.user.displayName} withdrew. No action is needed from you.`, COLORS.muted),
        );
        return;
      }
      default:
        throw new UserError(`Unknown subcommand \`/match ${ctx.subcommand ?? ""}\`.`);
    }
  },

  async button(ctx, action, id, res, deps) {
    if (action === "request") {
      const mentorUserId = parseFields(z.object({ id: snowflake }), { id }).id;
      await res.showModal({
        customId: customId("match", "request-form", mentorUserId),
        title: "Request this mentor",
        fields: [
          {
            customId: "message",
            label: "Message (optional)",
            style: "paragraph",
            required: false,
            maxLength: MESSAGE_MAX,
            placeholder: "What would you like help with? e.g. 'Preparing for fintech interviews next month'",
          },
        ],
      });
      return;
    }
    const matchNumber = parseFields(z.object({ id: matchId }), { id }).id;
    const now = deps.clock.now();
    if (action === "accept") {
      const result = await acceptRequest(deps.db, ctx.guildId, matchNumber, ctx.user.id, now);
      const menteeName = result.match.mentee?.displayName ?? "the mentee";
      await res.update({
        content:
          result.status === "active"
            ? `✅ You accepted request #${matchNumber} from ${menteeName}. The match is active.`
            : `✅ You accepted request #${matchNumber} from ${menteeName}. A moderator will review it; you will both hear when it is approved.`,
        buttons: [],
      });
      if (result.status === "active") {
        await announceActive(deps, result.match);
      } else {
        await tell(
          deps,
          result.match.guildId,
          result.match.mentee?.userId,
          notice(`${result.match.mentor?.displayName ?? "Your mentor"} accepted your request #${matchNumber}`, "A moderator will review the match shortly; you will hear as soon as it is approved."),
        );
      }
      return;
    }
    if (action === "decline") {
      const match = await declineRequest(deps.db, ctx.guildId, matchNumber, ctx.user.id, null, now);
      await res.update({ content: `You declined request #${matchNumber}. ${match.mentee?.displayName ?? "The mentee"} will be told kindly.`, buttons: [] });
      await tell(
        deps,
        match.guildId,
        match.mentee?.userId,
        notice(
          `Request #${matchNumber} was declined`,
          `${match.mentor?.displayName ?? "The mentor"} cannot take you on right now — usually a matter of time, not of you. Run \`/match find\` for other suggestions.`,
          COLORS.muted,
        ),
      );
      return;
    }
    throw new UserError("This button is no longer supported. Run the command again.");
  },

  async modal(ctx, action, id, res, deps) {
    if (action !== "request-form") throw new UserError("This form is no longer supported. Run the command again.");
    const mentorUserId = parseFields(z.object({ id: snowflake }), { id }).id;
    const { message } = parseFields(z.object({ message: optionalText(MESSAGE_MAX, { multiline: true }) }), ctx.fields);
    await sendRequest(ctx, mentorUserId, message ?? null, res, deps);
  },
};
