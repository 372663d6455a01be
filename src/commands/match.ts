// /match find | mentees | request | list | end | cancel, and the Request, Accept and Decline
// buttons (with the decline reasons) and the request form. Notes, actions, check-ins and quiet
// pairs live in match-actions.ts; sessions in match-sessions.ts; their tables join this command.
import { z } from "zod";
import { UserError } from "../errors.js";
import { defineCommand, sub, type Deps } from "../interaction/command.js";
import { button, components, field, ids, modal } from "../interaction/components.js";
import { truncate } from "../interaction/limits.js";
import { opt } from "../interaction/options.js";
import type { ButtonSpec, EmbedField, EmbedSpec, MessageSpec, Responder } from "../interaction/types.js";
import { industryLabel } from "../matching/index.js";
import { suggestMenteesFor, suggestMentorsFor } from "../services/community.js";
import { isLiveCommunityWarm } from "../services/live-community.js";
import {
  acceptRequest,
  assertCanDecline,
  cancelMatch,
  declineRequest,
  endMatch,
  FEEDBACK_MAX,
  isOpen,
  listMyMatches,
  requestMentor,
  type DeclineReason,
  type MatchWithPeople,
} from "../services/matches.js";
import { overdueActions } from "../services/follow-through.js";
import { resourcesForMentee } from "../services/resources.js";
import type { ProfileWithTopics } from "../services/profiles.js";
import { disclosure } from "../services/visibility.js";
import { followSubcommands, matchFollowUi } from "./match-actions.js";
import { matchSessionUi, sessionSubcommands } from "./match-sessions.js";
import { actionLine, otherPerson, quote } from "./shared/follow-views.js";
import { md, name } from "./shared/markdown.js";
import { announceActive, freshSuggestions, notice, tell, tellOrReport } from "./shared/notify.js";
import { buttonRows, COLORS, discordTimestamp, fieldChunks, textFields, matchLine, matchReasons, reasonsText, resourceMentions, scoreBar, stageText, suggestionEmbed, textReasonOf, topicList } from "./shared/views.js";

const MESSAGE_MAX = 500;
const DECLINE_TEXT_MAX = 300;

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
        for (const withdrawn of result.withdrawn) {
          await tell(
            deps,
            withdrawn.guildId,
            withdrawn.mentor?.userId,
            notice(`Request #${withdrawn.id} was withdrawn`, `${name(withdrawn.mentee, "The mentee")} has been taken on by another mentor, so their request to you is withdrawn. Thank you — nothing is needed from you.`, COLORS.muted),
          );
        }
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
    /** Step 1 of declining: asks why (the mentee hears the reason category, kindly). */
    decline: button({
      id: ids.match,
      where: "anywhere",
      run: async ({ ctx, id, guildId, res, deps }) => {
        const match = await assertCanDecline(deps.db, guildId, id, ctx.user.id);
        await res.update(declineChoices(match));
      },
    }),
    /** Step 2: the reason (1 no capacity, 2 not my area, 3 other → form), +3 to also pause. */
    "decline-why": button({
      id: ids.pair(ids.match, ids.int(1, 6)),
      where: "anywhere",
      run: async ({ ctx, id: [matchId, code], guildId, res, deps }) => {
        const reason = DECLINE_CODES[(code - 1) % 3] ?? "other";
        const pause = code > 3;
        if (reason === "other") {
          await assertCanDecline(deps.db, guildId, matchId, ctx.user.id);
          await res.showModal(matchUi.modals["decline-form"].open([matchId, pause ? 1 : 0], { share: "no" }));
          return;
        }
        await decline(deps, res, guildId, matchId, ctx.user.id, { reason, pause }, "update");
      },
    }),
    /** Changed their mind at step 1: the request is still open. */
    "decline-back": button({
      id: ids.match,
      where: "anywhere",
      run: async ({ ctx, id, guildId, res, deps }) => {
        const match = await assertCanDecline(deps.db, guildId, id, ctx.user.id);
        await res.update({ content: `Request #${id} is still open.`, buttons: [answerButtons(match.id)] });
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
    /** "Other": the mentor's own words, and whether the mentee may read them. */
    "decline-form": modal({
      id: ids.pair(ids.match, ids.int(0, 1)),
      where: "anywhere",
      title: ([matchId]) => `Decline request #${matchId}`,
      fields: {
        reason: field.paragraph("Why? (private unless you share it)", { max: DECLINE_TEXT_MAX, placeholder: "e.g. I'm changing jobs this month." }).required(),
        share: field.short("Share these words with them? yes or no", { max: 3, placeholder: "no" }),
      },
      run: async ({ ctx, id: [matchId, pause], fields, guildId, res, deps }) => {
        const share = parseYesNo(fields.share, "share");
        await decline(deps, res, guildId, matchId, ctx.user.id, { reason: "other", text: fields.reason, share, pause: pause === 1 }, "reply");
      },
    }),
  },
});

const DECLINE_CODES: readonly DeclineReason[] = ["no-capacity", "not-my-area", "other"];

/** What the mentee is told for each reason: the category, never blame. */
const DECLINE_WORDS: Readonly<Record<DeclineReason, string>> = {
  "no-capacity": "has no capacity for a new mentee right now — a matter of timing, not of you",
  "not-my-area": "feels your goals are outside their area, and someone closer to them will help you more",
  other: "cannot take you on at the moment",
};

const yesNo = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(["yes", "no", "y", "n"], { error: "answer yes or no" }));

function parseYesNo(value: string | undefined, name: string): boolean {
  if (value === undefined) return false;
  const parsed = yesNo.safeParse(value);
  if (!parsed.success) throw new UserError(`Field \`${name}\`: answer yes or no.`);
  return parsed.data.startsWith("y");
}

function answerButtons(matchId: number): ButtonSpec[] {
  return [
    matchUi.buttons.accept.spec(matchId, { label: "Accept", style: "success" }),
    matchUi.buttons.decline.spec(matchId, { label: "Decline", style: "danger" }),
  ];
}

/** Step 1 of a decline: the reasons, each with or without pausing the mentor's availability. */
function declineChoices(match: MatchWithPeople): MessageSpec {
  const why = matchUi.buttons["decline-why"];
  return {
    content: `Why are you declining request #${match.id} from ${name(match.mentee, "the mentee")}? They hear the reason kindly, with fresh suggestions; your own words only if you choose to share them.`,
    buttons: [
      [
        why.spec([match.id, 1], { label: "No capacity right now", style: "secondary" }),
        why.spec([match.id, 2], { label: "Not my area", style: "secondary" }),
        why.spec([match.id, 3], { label: "Other (write why)…", style: "secondary" }),
      ],
      [
        why.spec([match.id, 4], { label: "No capacity + pause my availability", style: "secondary" }),
        why.spec([match.id, 5], { label: "Not my area + pause me", style: "secondary" }),
        why.spec([match.id, 6], { label: "Other + pause me…", style: "secondary" }),
      ],
      [matchUi.buttons["decline-back"].spec(match.id, { label: "Back (keep the request open)", style: "primary" })],
    ],
  };
}

/** Declines, answers the mentor, then tells the mentee (reason category, shared words, suggestions). */
async function decline(
  deps: Deps,
  res: Responder,
  guildId: string | null,
  matchId: number,
  actorId: string,
  input: { reason: DeclineReason; text?: string; share?: boolean; pause: boolean },
  how: "update" | "reply",
): Promise<void> {
  const { match, paused } = await declineRequest(deps.db, guildId, matchId, actorId, input, deps.clock.now());
  const mentee = name(match.mentee, "The mentee");
  const pausedText = paused ? " Your availability is paused; switch it back on with `/mentor availability status:on`." : "";
  const answer = `You declined request #${matchId}. ${mentee} will be told kindly${input.text !== undefined ? (input.share === true ? ", with your words" : " (your words stay private)") : ""}.${pausedText}`;
  if (how === "update") await res.update({ content: answer, buttons: [] });
  else await res.reply({ content: answer, ephemeral: true });
  const fresh = await freshSuggestions(deps, match.guildId, match.mentee?.userId);
  const words = input.share === true && input.text !== undefined ? `\nIn their words: “${quote(input.text, DECLINE_TEXT_MAX)}”` : "";
  await tellOrReport(
    deps,
    res,
    match.guildId,
    match.mentee,
    notice(`Request #${matchId} was declined`, `${name(match.mentor, "The mentor")} ${DECLINE_WORDS[input.reason]}.${words}${fresh}`, COLORS.muted),
    "`/match list`",
  );
}

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
  if (level === "full" && mentee.wantsAdviceOn !== null) fields.push(...textFields("In their words", md(mentee.wantsAdviceOn)));
  if (match.requestMessage !== null) fields.push(...textFields("Their message", md(match.requestMessage)));
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
    buttons: [answerButtons(match.id)],
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

/**
 * How to answer a command that ranks: the server's first one builds its live matching index
 * (seconds on a large server, past Discord's 3-second window), so it defers first and answers
 * by editing; once the index is warm, a plain reply.
 */
async function answerAfterIndex(deps: Deps, guildId: string, res: Responder): Promise<(message: MessageSpec) => Promise<void>> {
  if (isLiveCommunityWarm(deps.db, guildId)) return (message) => res.reply(message);
  await res.defer({ ephemeral: true });
  return (message) => res.editReply(message);
}

function listFields(title: string, lines: readonly string[]): EmbedField[] {
  if (lines.length === 0) return [{ name: title, value: "None." }];
  return fieldChunks(lines.join("\n")).map((value, i) => ({ name: i === 0 ? title : `${title} (continued)`, value }));
}

const find = sub("find", "Your best mentor suggestions, with reasons", {}, async ({ ctx, guildId, res, deps }) => {
  const answer = await answerAfterIndex(deps, guildId, res);
  const { suggestions } = await suggestMentorsFor(deps.db, guildId, ctx.user.id, deps.clock.now());
  if (suggestions.length === 0) {
    // Meanwhile, the library may already hold something on the mentee's own topics.
    const resources = await resourcesForMentee(deps.db, guildId, ctx.user.id);
    await answer({
      content:
        "No strong match yet: no available mentor shares one of your topics, writes about the same things, or (if you are changing career) works in your target industry — or your `accepts-from` rules them out. Try adding topics or a few words on what you want in `about` with `/mentee profile`, or widening `accepts-from`. Moderators also run matching rounds for everyone waiting, and `/office-hours list` shows group sessions you can join now.",
      ...(resources.length === 0 ? {} : { embeds: [{ title: "Meanwhile, from the resource library for your topics", description: resourceMentions(resources), color: COLORS.brand }] }),
      ephemeral: true,
    });
    return;
  }
  const embeds: EmbedSpec[] = suggestions.map((s, i) =>
    suggestionEmbed(
      i + 1,
      s.profile,
      s.score,
      s.level,
      `${s.profile.mentorCapacity - s.load} of ${s.profile.mentorCapacity} free${s.answersWithinDays === null || s.answersWithinDays === undefined ? "" : ` · usually answers within ${s.answersWithinDays} day${s.answersWithinDays === 1 ? "" : "s"}`}`,
    ),
  );
  const buttons: ButtonSpec[] = suggestions.map((s, i) =>
    matchUi.buttons.request.spec(s.profile.userId, { label: `Request ${i + 1}. ${truncate(s.profile.displayName, 64)}`, style: "primary" }),
  );
  await answer({
    content: "Your best mentor suggestions. Press a button to send a request (you can add a message).",
    embeds,
    buttons: buttonRows(buttons),
    ephemeral: true,
  });
});

const mentees = sub("mentees", "For mentors: waiting mentees you fit best", {}, async ({ ctx, guildId, res, deps }) => {
  const answer = await answerAfterIndex(deps, guildId, res);
  const { mentor, suggestions } = await suggestMenteesFor(deps.db, guildId, ctx.user.id, deps.clock.now());
  if (suggestions.length === 0) {
    await answer({
      content: `No waiting mentee fits you right now${mentor.mentorAvailable ? "" : " (you are marked unavailable)"}. Mentees who request you will reach you by DM.`,
      ephemeral: true,
    });
    return;
  }
  await answer({
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
  const overdue = await overdueActions(deps.db, open, deps.clock.now());
  // Five short lines fit one field (1,024 characters) whatever the members wrote.
  const overdueLines = open.flatMap((m) => (overdue.get(m.id) ?? []).map((a) => `#${m.id}: ${actionLine(a, m, deps.clock.now(), 90)}`));
  const embed: EmbedSpec = {
    title: "Your matches",
    // A long list continues in further fields rather than being cut at a field's 1,024 characters.
    fields: [
      ...listFields(`Open (${open.length})`, open.map((m) => matchLine(m, ctx.user.id))),
      ...(overdueLines.length === 0 ? [] : [{ name: `⚠️ Overdue action points (${overdueLines.length})`, value: overdueLines.slice(0, 5).join("\n") }]),
      ...listFields(`Past (${past.length})`, past.slice(0, 10).map((m) => matchLine(m, ctx.user.id))),
    ],
    footer: "Actions: /match actions · Calls: /match schedule · Finish: /match end · Withdraw: /match cancel",
    color: COLORS.brand,
  };
  // Requests waiting for this member's answer can be answered here too (their DM may never have
  // arrived: DMs closed with no channel to fall back to, or Discord unavailable at the time).
  const toAnswer = open.filter((m) => m.status === "requested" && m.mentor?.userId === ctx.user.id).slice(0, 5);
  const buttons: ButtonSpec[][] = toAnswer.map((m) => [
    matchUi.buttons.accept.spec(m.id, { label: `Accept #${m.id} (${truncate(m.mentee?.displayName ?? "mentee", 56)})`, style: "success" }),
    matchUi.buttons.decline.spec(m.id, { label: `Decline #${m.id}`, style: "danger" }),
  ]);
  await res.reply({ embeds: [embed], ...(buttons.length === 0 ? {} : { buttons }), ephemeral: true });
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
      otherPerson(result.match, ctx.user.id),
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
  await tellOrReport(deps, res, guildId, otherPerson(match, ctx.user.id), notice(`Match #${match.id} was cancelled`, `${md(ctx.user.displayName)} withdrew. No action is needed from you.`, COLORS.muted), "`/match list`");
});

export const matchCommand = defineCommand({
  name: "match",
  description: "Find mentors, send requests and follow your matches",
  subcommands: [find, mentees, request, list, ...followSubcommands, ...sessionSubcommands, end, cancel],
  ui: [matchUi, matchFollowUi, matchSessionUi],
});
