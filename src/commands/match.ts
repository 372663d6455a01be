// /match find | mentees | request | list | note | notes | end | cancel, and the Request, Accept and
// Decline buttons and the request form.
import { UserError } from "../errors.js";
import { defineCommand, sub, type Deps } from "../interaction/command.js";
import { button, components, field, ids, modal } from "../interaction/components.js";
import { opt } from "../interaction/options.js";
import type { ButtonSpec, EmbedField, EmbedSpec, MessageSpec, Responder } from "../interaction/types.js";
import { industryLabel } from "../matching/index.js";
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
  type MatchWithPeople,
} from "../services/matches.js";
import type { ProfileWithTopics } from "../services/profiles.js";
import { disclosure } from "../services/visibility.js";
import { md, name } from "./shared/markdown.js";
import { announceActive, notice, tell, tellOrReport } from "./shared/notify.js";
import { COLORS, discordTimestamp, matchLine, matchReasons, reasonsText, scoreBar, stageText, suggestionEmbed, textReasonOf, topicList } from "./shared/views.js";

const MESSAGE_MAX = 500;

export const matchUi = components("match", {
  buttons: {
    /** On a suggestion card: opens the request form for that mentor. */
    request: button({
      id: ids.user,
      run: async ({ id, res }): Promise<void> => {
        await res.showModal(matchUi.modals["request-form"].open(id));
      },
    }),
    /** On the mentor's request DM (or /match list): the mentor takes the mentee on. */
    accept: button({
      id: ids.match,
      where: "anywhere",
      run: async ({ ctx, id, guildId, res, deps }): Promise<void> => {
        const result = await acceptRequest(deps.db, guildId, id, ctx.user.id, deps.clock.now());
        const menteeName = name(result.match.mentee, "the mentee");
        await res.update({
          content:
            result.status === "active"
              ? `✅ You accepted request #${id} from ${menteeName}. The match is active.`
              : `✅ You accepted request #${id} from ${menteeName}. A moderator will review it; you will both hear when it is approved.`,
          buttons: [],
        });
        if (result.status === "active") {
          await announceActive(deps, result.match);
        } else {
          await tellOrReport(
            deps,
            res,
            result.match.guildId,
            result.match.mentee,
            notice(`${name(result.match.mentor, "Your mentor")} accepted your request #${id}`, "A moderator will review the match shortly; you will hear as soon as it is approved."),
            "`/match list`",
          );
        }
      },
    }),
    decline: button({
      id: ids.match,
      where: "anywhere",
      run: async ({ ctx, id, guildId, res, deps }) => {
        const match = await declineRequest(deps.db, guildId, id, ctx.user.id, null, deps.clock.now());
        await res.update({ content: `You declined request #${id}. ${name(match.mentee, "The mentee")} will be told kindly.`, buttons: [] });
        await tellOrReport(
          deps,
          res,
          match.guildId,
          match.mentee,
          notice(
            `Request #${id} was declined`,
            `${name(match.mentor, "The mentor")} cannot take you on right now — usually a matter of time, not of you. Run \`/match find\` for other suggestions.`,
            COLORS.muted,
          ),
          "`/match list`",
        );
      },
    }),
  },
  modals: {
    "request-form": modal({
      id: ids.user,
      title: "Request this mentor",
      fields: {
        message: field.paragraph("Message (optional)", {
          max: MESSAGE_MAX,
          placeholder: "What would you like help with? e.g. 'Preparing for fintech interviews next month'",
        }),
      },
      run: async ({ ctx, id, fields, guildId, res, deps }) => {
        await sendRequest(deps, guildId, ctx, id, fields.message ?? null, res);
      },
    }),
  },
});

/**
 * The DM a mentor receives for a request, with Accept / Decline. A mentee who sent the request
 * chose to show this mentor who they are (everything); a round's proposal shows only what the
 * mentee's visibility shares (services/visibility.ts).
 */
export function requestToMentor(match: MatchWithPeople, mentee: ProfileWithTopics): MessageSpec {
  const level = match.source === "request" ? "full" : disclosure(mentee.visibility, "none");
  const fields: EmbedField[] = [];
  if (level !== "name") {
    fields.push({ name: "Wants advice on", value: topicList(mentee, "mentee") });
    fields.push({ name: "Why the bot thinks you fit", value: reasonsText(matchReasons(match).filter((r) => level === "full" || r !== textReasonOf(match))) });
  }
  if (level === "full" && mentee.wantsAdviceOn !== null) fields.push({ name: "In their words", value: md(mentee.wantsAdviceOn) });
  if (match.requestMessage !== null) fields.push({ name: "Their message", value: md(match.requestMessage) });
  const about =
    level === "name"
      ? "This member keeps their profile private; a moderator's round proposed you from what both of you entered."
      : `${md(industryLabel(mentee.industry))} · ${stageText(mentee.stage)}${mentee.headline === null ? "" : `\n${md(mentee.headline)}`}`;
  const embed: EmbedSpec = {
    title: `Mentoring request #${match.id} from ${md(mentee.displayName)}`,
    description: `${about}\n${scoreBar(match.score)}`,
    fields,
    color: COLORS.brand,
  };
  if (match.expiresAt !== null) embed.footer = `This request expires ${match.expiresAt.toISOString().slice(0, 10)} if unanswered.`;
  return {
    content: match.source === "round" ? "A moderator's matching round suggests you as a mentor:" : "You have a new mentoring request:",
    embeds: [embed],
    buttons: [
      [
        matchUi.buttons.accept.spec(match.id, { label: "Accept", style: "success" }),
        matchUi.buttons.decline.spec(match.id, { label: "Decline", style: "danger" }),
      ],
    ],
  };
}

/** Sends the request to the mentor (DM, or the channel it was made in when their DMs are closed). */
export async function deliverRequest(
  deps: Deps,
  match: MatchWithPeople,
  mentee: ProfileWithTopics,
  fallbackChannelId: string | null,
): Promise<"dm" | "channel" | "failed"> {
  return tell(deps, match.guildId, match.mentor?.userId, requestToMentor(match, mentee), fallbackChannelId);
}

/**
 * Stores the request, answers the member at once, then delivers it to the mentor: a DM that
 * Discord rate-limits or fails must not hold the answer past Discord's 3 seconds, so how the
 * delivery went comes as a follow-up when it did not go by DM.
 */
async function sendRequest(
  deps: Deps,
  guildId: string,
  ctx: { user: { id: string }; channelId: string | null },
  mentorUserId: string,
  message: string | null,
  res: Responder,
): Promise<void> {
  const result = await requestMentor(deps.db, guildId, ctx.user.id, mentorUserId, message, deps.clock.now());
  const mentor = md(result.mentor.displayName);
  await res.reply({
    content: `📨 Request #${result.match.id} sent to ${mentor}. It expires ${discordTimestamp(result.match.expiresAt ?? deps.clock.now())} if unanswered; you will hear either way.`,
    ephemeral: true,
  });
  const delivered = await deliverRequest(deps, result.match, result.mentee, ctx.channelId);
  if (delivered === "channel") {
    await res.followUp({ content: `${mentor}'s DMs are closed, so I asked them in this channel to look at \`/match list\` (without your details).`, ephemeral: true });
  } else if (delivered === "failed") {
    await res.followUp({ content: `⚠️ ${mentor} could not be reached by DM right now; the request is saved and they will see it in \`/match list\`.`, ephemeral: true });
  }
}

/** The other person of a match, from the side of `actorId` (null when they left). */
function otherSide<P extends { userId: string }>(match: { mentor: P | null; mentee: P | null }, actorId: string): P | null {
  return match.mentor?.userId === actorId ? match.mentee : match.mentor;
}

const find = sub("find", "Your best mentor suggestions, with reasons", {}, async ({ ctx, guildId, res, deps }) => {
  const { suggestions } = await suggestMentorsFor(deps.db, guildId, ctx.user.id, deps.clock.now());
  if (suggestions.length === 0) {
    await res.reply({
      content:
        "No strong match yet: no available mentor shares one of your topics, writes about the same things, or (if you are changing career) works in your target industry — or your `accepts-from` rules them out. Try adding topics or a few words on what you want in `about` with `/mentee profile`, or widening `accepts-from`. Moderators also run matching rounds for everyone waiting.",
      ephemeral: true,
    });
    return;
  }
  const embeds: EmbedSpec[] = suggestions.map((s, i) =>
    suggestionEmbed(i + 1, s.profile, s.score, s.level, `${s.profile.mentorCapacity - s.load} of ${s.profile.mentorCapacity} free`),
  );
  const buttons: ButtonSpec[] = suggestions.map((s, i) =>
    matchUi.buttons.request.spec(s.profile.userId, { label: `Request ${i + 1}. ${s.profile.displayName}`, style: "primary" }),
  );
  await res.reply({
    content: "Your best mentor suggestions. Press a button to send a request (you can add a message).",
    embeds,
    buttons: [buttons],
    ephemeral: true,
  });
});

const mentees = sub("mentees", "For mentors: waiting mentees you fit best", {}, async ({ ctx, guildId, res, deps }) => {
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
    embeds: suggestions.map((s, i) => suggestionEmbed(i + 1, s.profile, s.score, s.level, null)),
    ephemeral: true,
  });
});

const request = sub(
  "request",
  "Ask a mentor to mentor you",
  {
    mentor: opt.user("The mentor to ask").required(),
    message: opt.text("A short note: what you hope to get from them", { max: MESSAGE_MAX, multiline: true }),
  },
  async ({ ctx, args, guildId, res, deps }) => {
    if (args.mentor.bot) throw new UserError("Option `mentor`: bots cannot be mentors.");
    await sendRequest(deps, guildId, ctx, args.mentor.id, args.message ?? null, res);
  },
);

const list = sub("list", "Your open and past matches", {}, async ({ ctx, guildId, res, deps }) => {
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
    matchUi.buttons.accept.spec(m.id, { label: `Accept #${m.id} (${m.mentee?.displayName ?? "mentee"})`, style: "success" }),
    matchUi.buttons.decline.spec(m.id, { label: `Decline #${m.id}`, style: "danger" }),
  ]);
  await res.reply({ embeds: [embed], ...(buttons.length === 0 ? {} : { buttons }), ephemeral: true });
});

const note = sub(
  "note",
  "Add a follow-up note or action point both of you can see",
  {
    match: opt.match(),
    text: opt.text("The note", { max: NOTE_MAX, multiline: true }).required(),
  },
  async ({ ctx, args, guildId, res, deps }) => {
    const { match } = await addMatchNote(deps.db, guildId, args.match, ctx.user.id, args.text, deps.clock.now());
    await res.reply({ content: `📝 Note added to match #${match.id}. Both of you can read it with \`/match notes match:${match.id}\`.`, ephemeral: true });
    await tellOrReport(deps, res, guildId, otherSide(match, ctx.user.id), notice(`New note on match #${match.id} from ${md(ctx.user.displayName)}`, md(args.text)), `\`/match notes match:${match.id}\``);
  },
);

const notes = sub("notes", "Read the notes of one of your matches", { match: opt.match() }, async ({ ctx, args, guildId, res, deps }) => {
  const { match, notes: list } = await matchNotes(deps.db, guildId, args.match, ctx.user.id);
  const names = new Map([
    [match.mentor?.userId, name(match.mentor, "mentor")],
    [match.mentee?.userId, name(match.mentee, "mentee")],
  ]);
  const embed: EmbedSpec = {
    title: `Notes on match #${match.id}`,
    fields: list.map((n) => ({
      name: `${names.get(n.authorUserId) ?? "a former member"} · ${discordTimestamp(n.createdAt)}`,
      value: md(n.body),
    })),
    color: COLORS.brand,
  };
  if (list.length === 0) embed.description = "No notes yet. Add one with `/match note`.";
  await res.reply({ embeds: [embed], ephemeral: true });
});

const end = sub(
  "end",
  "End an active match, with optional feedback",
  {
    match: opt.match(),
    rating: opt.integer("How useful was it? 1–5", { min: 1, max: 5 }),
    feedback: opt.text("What went well, what could be better", { max: FEEDBACK_MAX, multiline: true }),
  },
  async ({ ctx, args, guildId, res, deps }) => {
    const result = await endMatch(deps.db, guildId, args.match, ctx.user.id, args.rating ?? null, args.feedback ?? null, deps.clock.now());
    await res.reply({
      content: result.ended
        ? `✅ Match #${result.match.id} has ended. Thank you${args.rating === undefined && args.feedback === undefined ? "" : " for your feedback"}!`
        : `✅ Your feedback on match #${result.match.id} is saved.`,
      ephemeral: true,
    });
    if (!result.ended) return;
    await tellOrReport(
      deps,
      res,
      guildId,
      otherSide(result.match, ctx.user.id),
      notice(
        `Match #${result.match.id} has ended`,
        `${md(ctx.user.displayName)} closed the match. If you like, leave your own rating with \`/match end match:${result.match.id} rating:5 feedback:…\`.`,
        COLORS.muted,
      ),
      "`/match list`",
    );
  },
);

const cancel = sub("cancel", "Withdraw a request or stop a match without feedback", { match: opt.match() }, async ({ ctx, args, guildId, res, deps }) => {
  const match = await cancelMatch(deps.db, guildId, args.match, ctx.user.id, deps.clock.now());
  await res.reply({ content: `Match #${match.id} is cancelled.`, ephemeral: true });
  await tellOrReport(deps, res, guildId, otherSide(match, ctx.user.id), notice(`Match #${match.id} was cancelled`, `${md(ctx.user.displayName)} withdrew. No action is needed from you.`, COLORS.muted), "`/match list`");
});

export const matchCommand = defineCommand({
  name: "match",
  description: "Find mentors, send requests and follow your matches",
  subcommands: [find, mentees, request, list, note, notes, end, cancel],
  ui: matchUi,
});
