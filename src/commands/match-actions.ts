// /match note | notes | actions, and the buttons of follow-through: Done on an action point, the
// check-in answers (Going well / Not a good fit / Need a moderator and its form) and the
// quiet-pair question (Keep going / End). Part of /match (its table is merged in match.ts).
import { md } from "./shared/markdown.js";
import { UserError } from "../errors.js";
import { sub, type Deps } from "../interaction/command.js";
import { button, components, field, ids, modal } from "../interaction/components.js";
import { opt } from "../interaction/options.js";
import type { ButtonSpec, EmbedSpec, MessageSpec } from "../interaction/types.js";
import { answerCheckin, completeAction, endQuietMatch, flagForModerator, keepGoing, matchActions, type CheckinAnswer } from "../services/follow-through.js";
import { addMatchNote, matchNotes, NOTE_MAX, type MatchWithPeople } from "../services/matches.js";
import { calendarDate, MORNING_HOUR } from "../domain/time.js";
import { actionLine, actionsEmbed, nameIn, otherPerson, otherSide, quote } from "./shared/follow-views.js";
import { freshSuggestions, notice, tell, tellAfter, tellOrReport } from "./shared/notify.js";
import { COLORS, discordTimestamp, fieldChunks, pageFields } from "./shared/views.js";

const MAX_ID = 2_147_483_647;
const FLAG_MAX = 500;

/** Check-in answers as they travel in a button id. */
const CHECKIN: Readonly<Record<number, CheckinAnswer>> = { 1: "going-well", 2: "not-a-fit", 3: "need-moderator" };

export const matchFollowUi = components("match", {
  buttons: {
    /** Ticks an action point off (either side); the id carries the page to redraw. */
    done: button({
      id: ids.pair(ids.int(1, MAX_ID), ids.int(0, 999)),
      where: "anywhere",
      run: async ({ ctx, id: [noteId, page], guildId, res, deps }) => {
        const { match } = await completeAction(deps.db, guildId, noteId, ctx.user.id, deps.clock.now());
        const view = await actionsMessage(deps, match.guildId, match.id, ctx.user.id, page);
        await res.update({ ...view, content: `✅ Action point #${noteId} is done.` });
      },
    }),
    /** Pages through /match notes (the id carries the match and the page). */
    "notes-page": button({
      id: ids.pair(ids.match, ids.int(0, 9999)),
      run: async ({ ctx, id: [matchId, page], guildId, res, deps }) => {
        await res.update(await notesMessage(deps, guildId, matchId, ctx.user.id, page));
      },
    }),
    "actions-page": button({
      id: ids.pair(ids.match, ids.int(0, 999)),
      where: "anywhere",
      run: async ({ ctx, id: [matchId, page], guildId, res, deps }) => {
        await res.update(await actionsMessage(deps, guildId, matchId, ctx.user.id, page));
      },
    }),
    /** "How is it going?": 1 going well, 2 not a good fit, 3 need a moderator (opens a form). */
    checkin: button({
      id: ids.pair(ids.match, ids.int(1, 3)),
      where: "anywhere",
      run: async ({ ctx, id: [matchId, code], guildId, res, deps }) => {
        const answer = CHECKIN[code] ?? "going-well";
        if (answer === "need-moderator") {
          await res.showModal(matchFollowUi.modals["flag-form"].open(matchId));
          return;
        }
        const result = await answerCheckin(deps.db, guildId, matchId, ctx.user.id, answer, deps.clock.now());
        const other = otherSide(result.match, ctx.user.id);
        if (!result.ended) {
          await res.update({ content: `🙌 Thanks — glad match #${matchId} is going well. Keep adding action points with \`/match note … due:\`.`, buttons: [] });
          return;
        }
        const g = result.match.guildId;
        const mine = result.role === "mentee" ? await freshSuggestions(deps, g, ctx.user.id) : "";
        await res.update({
          content: `Thank you for saying so. Match #${matchId} is closed kindly — it counts against no one.${result.role === "mentee" ? ` You are back on the waiting list.${mine}` : " Your place is free again."}`,
          buttons: [],
        });
        const theirs = result.role === "mentor" ? await freshSuggestions(deps, g, other) : "";
        await tellAfter(
          deps,
          res,
          g,
          other,
          notice(
            `Match #${matchId} has been closed`,
            `After the check-in, this pairing was closed so that both of you can find a better fit. Nothing is needed from you, and it says nothing about you.${result.role === "mentor" ? ` You are back on the waiting list.${theirs}` : " Your place is free again."}`,
            COLORS.muted,
          ),
          "The other person",
        );
      },
    }),
    /** Quiet pair: carry on (the timers start again). */
    keep: button({
      id: ids.match,
      where: "anywhere",
      run: async ({ ctx, id, guildId, res, deps }) => {
        const match = await keepGoing(deps.db, guildId, id, ctx.user.id, deps.clock.now());
        await res.update({ content: `✅ Match #${id} carries on. Plan your next step with \`/match schedule\` or \`/match note … due:\`.`, buttons: [] });
        await tellAfter(deps, res, match.guildId, otherSide(match, ctx.user.id), notice(`Match #${id} carries on`, `${md(ctx.user.displayName)} would like to keep going. Maybe schedule your next call with \`/match schedule\`?`), "The other person");
      },
    }),
    /** Quiet pair: end it now, without feedback (it counts against no one). */
    stop: button({
      id: ids.match,
      where: "anywhere",
      run: async ({ ctx, id, guildId, res, deps }) => {
        const match = await endQuietMatch(deps.db, guildId, id, ctx.user.id, deps.clock.now());
        await res.update({ content: `Match #${id} has ended. Thank you for your time. You can still leave a rating with \`/match end match:${id} rating:…\`.`, buttons: [] });
        const mentee = match.mentee?.userId;
        const fresh = await freshSuggestions(deps, match.guildId, mentee);
        const other = otherSide(match, ctx.user.id);
        await tellAfter(
          deps,
          res,
          match.guildId,
          other,
          notice(`Match #${id} has ended`, `The pair had been quiet for a while, so it was closed. Thank you for your time.${other === mentee ? fresh : ""}`, COLORS.muted),
          "The other person",
        );
        if (other !== mentee) await tell(deps, match.guildId, mentee, notice(`You are back on the waiting list`, `Match #${id} has ended.${fresh}`, COLORS.muted));
      },
    }),
  },
  modals: {
    "flag-form": modal({
      id: ids.match,
      where: "anywhere",
      title: (id) => `Ask a moderator about match #${id}`,
      fields: {
        reason: field
          .paragraph("What is going on? (only moderators see it)", { max: FLAG_MAX, placeholder: "e.g. We keep missing each other and I'm not sure how to raise it." })
          .required(),
      },
      run: async ({ ctx, id, fields, guildId, res, deps }) => {
        await flagForModerator(deps.db, guildId, id, ctx.user.id, fields.reason, deps.clock.now());
        await res.reply({
          content: `🛟 Thank you. A moderator will look at match #${id} and get in touch. Only moderators see what you wrote; the other person is not told.`,
          ephemeral: true,
        });
      },
    }),
  },
});

/** "How is it going?" for one side of a newly active (for N days) match. */
export function checkinMessage(match: MatchWithPeople, forUserId: string): MessageSpec {
  const other = nameIn(match, otherSide(match, forUserId) ?? null);
  return {
    embeds: [
      {
        title: `How is it going with ${other}?`,
        description: `Match #${match.id} has been active for a while. A quick answer helps: only you see it, except "Need a moderator", which goes to the moderators.`,
        color: COLORS.brand,
      },
    ],
    buttons: [
      [
        matchFollowUi.buttons.checkin.spec([match.id, 1], { label: "Going well", style: "success" }),
        matchFollowUi.buttons.checkin.spec([match.id, 2], { label: "Not a good fit", style: "secondary" }),
        matchFollowUi.buttons.checkin.spec([match.id, 3], { label: "Need a moderator", style: "danger" }),
      ],
    ],
  };
}

export function nudgeMessage(match: MatchWithPeople, forUserId: string, quietDays: number): MessageSpec {
  const other = nameIn(match, otherSide(match, forUserId) ?? null);
  return notice(
    `A gentle nudge from match #${match.id}`,
    `It has been about ${quietDays} days since anything happened between you and ${other}. A short message, a next call (\`/match schedule\`) or an action point (\`/match note … due:\`) keeps things moving.`,
  );
}

export function idleQuestion(match: MatchWithPeople, forUserId: string, deadline: Date): MessageSpec {
  const other = nameIn(match, otherSide(match, forUserId) ?? null);
  return {
    embeds: [
      {
        title: `Keep going with ${other}?`,
        description: `Match #${match.id} has been quiet for a long time. Would you like to carry on? Without an answer from either of you by ${discordTimestamp(deadline, "D")}, the match ends by itself.`,
        color: COLORS.warning,
      },
    ],
    buttons: [
      [
        matchFollowUi.buttons.keep.spec(match.id, { label: "Keep going", style: "success" }),
        matchFollowUi.buttons.stop.spec(match.id, { label: "End", style: "secondary" }),
      ],
    ],
  };
}

/** The owner's reminder on the morning of an action's due date, with its Done button. */
export function actionReminder(match: MatchWithPeople, action: { id: number; body: string; dueOn: Date | null }): MessageSpec {
  return {
    embeds: [
      {
        title: `⏰ Action point due today (match #${match.id})`,
        description: quote(action.body),
        footer: action.dueOn === null ? undefined : `Due ${calendarDate(action.dueOn)}`,
        color: COLORS.warning,
      },
    ],
    buttons: [[matchFollowUi.buttons.done.spec([action.id, 0], { label: "Done", style: "success" })]],
  };
}

/** A page of action points with a Done button for each open one, and Previous/Next if needed. */
async function actionsMessage(deps: Deps, guildId: string | null, matchId: number, actorId: string, page: number): Promise<MessageSpec> {
  const view = await matchActions(deps.db, guildId, matchId, actorId, page);
  const now = deps.clock.now();
  const done: ButtonSpec[] = view.actions
    .filter((a) => a.doneAt === null)
    .map((a) => matchFollowUi.buttons.done.spec([a.id, view.page], { label: `Done #${a.id}`, style: "success" }));
  const rows: ButtonSpec[][] = [done.slice(0, 5), done.slice(5, 10)].filter((r) => r.length > 0);
  if (view.pages > 1) {
    rows.push([
      matchFollowUi.buttons["actions-page"].spec([matchId, Math.max(0, view.page - 1)], { label: "◀ Previous", style: "secondary", disabled: view.page === 0 }),
      matchFollowUi.buttons["actions-page"].spec([matchId, Math.min(view.pages - 1, view.page + 1)], { label: "Next ▶", style: "secondary", disabled: view.page >= view.pages - 1 }),
    ]);
  }
  return { embeds: [actionsEmbed(view.match, view.actions, view.page, view.pages, view.total, now)], buttons: rows, ephemeral: true };
}

const note = sub(
  "note",
  "Add a note, or an action point with due:, both of you can see",
  {
    match: opt.match(),
    text: opt.text("The note or action", { max: NOTE_MAX, multiline: true }).required(),
    due: opt.date("Makes it an action point due YYYY-MM-DD (its owner is reminded that morning)", { maxDays: 366 }),
    for: opt.user("Who owns the action point (default: you)"),
  },
  async ({ ctx, args, guildId, res, deps }) => {
    if (args.for !== undefined && args.due === undefined) throw new UserError("Option `for`: an owner needs a due date — add `due:YYYY-MM-DD` to make it an action point.");
    const action = args.due === undefined ? undefined : { dueOn: args.due, ownerUserId: args.for?.id ?? null };
    const { match, note: saved, owner } = await addMatchNote(deps.db, guildId, args.match, ctx.user.id, args.text, deps.clock.now(), action);
    const other = otherPerson(match, ctx.user.id);
    if (args.due === undefined || owner === null) {
      await res.reply({ content: `📝 Note added to match #${match.id}. Both of you can read it with \`/match notes match:${match.id}\`.`, ephemeral: true });
      await tellOrReport(deps, res, guildId, other, notice(`New note on match #${match.id} from ${md(ctx.user.displayName)}`, quote(args.text)), `\`/match notes match:${match.id}\``);
      return;
    }
    const ownerText = owner.userId === ctx.user.id ? "You get" : `${md(owner.displayName)} gets`;
    await res.reply({
      content: `✅ Action point #${saved.id} added to match #${match.id}, due ${calendarDate(args.due)}. ${ownerText} a reminder that morning (${String(MORNING_HOUR).padStart(2, "0")}:00 in their timezone). See them with \`/match actions match:${match.id}\`.`,
      ephemeral: true,
    });
    await tellOrReport(
      deps,
      res,
      guildId,
      other,
      notice(`New action point on match #${match.id} from ${md(ctx.user.displayName)}`, `${quote(args.text)}\n\nFor ${md(owner.displayName)}, due ${calendarDate(args.due)}.`),
      `\`/match actions match:${match.id}\``,
    );
  },
);

/** A page of a match's notes, each shown whole (split over fields when long), with Previous/Next. */
async function notesMessage(deps: Deps, guildId: string, matchId: number, actorId: string, page: number): Promise<MessageSpec> {
  const { match, notes: list } = await matchNotes(deps.db, guildId, matchId, actorId);
  const now = deps.clock.now();
  const groups = list.map((n) => {
    const head = `${nameIn(match, n.authorUserId)} · ${discordTimestamp(n.createdAt)}`;
    const body = n.dueOn === null ? md(n.body) : actionLine(n, match, now, 4_000);
    return fieldChunks(body).map((value, i) => ({ name: i === 0 ? head : "…", value }));
  });
  const pages = pageFields(groups);
  const at = Math.min(Math.max(0, page), Math.max(0, pages.length - 1));
  const embed: EmbedSpec = {
    title: `Notes on match #${match.id}`,
    fields: pages[at] ?? [],
    color: COLORS.brand,
    ...(list.length === 0 ? { description: "No notes yet. Add one with `/match note`." } : {}),
    ...(pages.length > 1 ? { footer: `Page ${at + 1} of ${pages.length} · ${list.length} notes, newest first` } : {}),
  };
  const nav =
    pages.length > 1
      ? [
          [
            matchFollowUi.buttons["notes-page"].spec([match.id, Math.max(0, at - 1)], { label: "◀ Newer", style: "secondary", disabled: at === 0 }),
            matchFollowUi.buttons["notes-page"].spec([match.id, Math.min(pages.length - 1, at + 1)], { label: "Older ▶", style: "secondary", disabled: at >= pages.length - 1 }),
          ],
        ]
      : [];
  return { embeds: [embed], buttons: nav, ephemeral: true };
}

const notes = sub("notes", "Read the notes of one of your matches", { match: opt.match() }, async ({ ctx, args, guildId, res, deps }) => {
  await res.reply(await notesMessage(deps, guildId, args.match, ctx.user.id, 0));
});

const actions = sub("actions", "Action points of one of your matches, with Done buttons", { match: opt.match() }, async ({ ctx, args, guildId, res, deps }) => {
  await res.reply(await actionsMessage(deps, guildId, args.match, ctx.user.id, 0));
});

export const followSubcommands = [note, notes, actions] as const;
