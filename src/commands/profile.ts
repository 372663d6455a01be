// /profile view [user] — a profile card; /profile delete — erase everything stored about you here;
// /profile export — a JSON file of everything stored about you here (the right of access).
import { defineCommand, sub } from "../interaction/command.js";
import { button, components, ids } from "../interaction/components.js";
import { opt } from "../interaction/options.js";
import { UserError } from "../errors.js";
import { exportMemberData } from "../services/export.js";
import { deleteMemberData, viewProfile } from "../services/profiles.js";
import { isModerator } from "../services/settings.js";
import { COLORS, profileEmbed } from "./shared/views.js";

/** The confirmation buttons carry the id of the member who asked: only they can press them. */
function assertAsker(askerId: string, userId: string): void {
  if (askerId !== userId) throw new UserError("Only the member who asked can confirm this.");
}

export const profileUi = components("profile", {
  buttons: {
    delete: button({
      id: ids.user,
      run: async ({ ctx, id, guildId, res, deps }) => {
        assertAsker(id, ctx.user.id);
        const result = await deleteMemberData(deps.db, guildId, ctx.user.id, deps.clock.now());
        const summary = [
          result.profileDeleted ? "your profile and topics" : "no profile (there was none)",
          `${result.notesDeleted} note(s)`,
          `${result.feedbackDeleted} feedback entr${result.feedbackDeleted === 1 ? "y" : "ies"}`,
          `${result.matchesClosed} open match(es) closed`,
          `${result.matchesAnonymised} match record(s) anonymised`,
          ...(result.signupsAnonymised === 0 ? [] : [`${result.signupsAnonymised} office-hour sign-up(s) anonymised`]),
          ...(result.officeHours.cancelled.length === 0 ? [] : [`${result.officeHours.cancelled.length} upcoming office hour(s) you hosted cancelled (those signed up are told)`]),
          ...(result.resourcesKept === 0 ? [] : [`${result.resourcesKept} resource(s) you added kept in the library without your name or note`]),
        ];
        await res.update({
          content: `🗑️ Deleted: ${summary.join(", ")}. You can start again any time with \`/mentee profile\` or \`/mentor profile\`.`,
          buttons: [],
        });
        for (const eventId of result.officeHours.cancelledEventIds) await deps.notifier.updateScheduledEvent(guildId, eventId, { cancel: true });
        for (const userId of new Set(result.affectedUserIds)) {
          await deps.notifier.notifyUser(guildId, userId, {
            embeds: [
              {
                title: "A match was closed",
                description: "A member you were matched with (or had a request with) has deleted their profile, so that match is closed. `/match find` shows other mentors.",
                color: COLORS.muted,
              },
            ],
          });
        }
      },
    }),
    keep: button({
      id: ids.user,
      run: async ({ ctx, id, res }) => {
        assertAsker(id, ctx.user.id);
        await res.update({ content: "Nothing was deleted. Your profile stays as it is.", buttons: [] });
      },
    }),
  },
});

const view = sub(
  "view",
  "Show your profile, or another member's (only what they share)",
  { user: opt.user("Whose profile (default: yours)") },
  async ({ ctx, args, guildId, settings, res, deps }) => {
    const targetId = args.user?.id ?? ctx.user.id;
    const shown = await viewProfile(deps.db, guildId, ctx.user.id, targetId, isModerator(ctx, settings));
    await res.reply({ embeds: [profileEmbed(shown.profile, shown.level, shown.load, shown.self)], ephemeral: true });
  },
);

const remove = sub("delete", "Delete everything the bot stores about you in this server", {}, async ({ ctx, res }) => {
  await res.reply({
    content:
      "This deletes your mentor and mentee profile, your topics, and the notes and feedback you wrote in this server. Open requests and matches are closed, and past matches are kept only without your details. Your office-hour seats are given up (past ones stay in the statistics without you), upcoming office hours you host are cancelled, and resources you added stay in the library without your name or note. This cannot be undone.",
    buttons: [
      [
        profileUi.buttons.delete.spec(ctx.user.id, { label: "Delete everything", style: "danger" }),
        profileUi.buttons.keep.spec(ctx.user.id, { label: "Keep my profile", style: "secondary" }),
      ],
    ],
    ephemeral: true,
  });
});

const exportSub = sub("export", "Get a file with everything the bot stores about you in this server", {}, async ({ ctx, guildId, res, deps }) => {
  const now = deps.clock.now();
  const data = await exportMemberData(deps.db, guildId, ctx.user.id, now);
  const json = JSON.stringify(data, null, 2);
  await res.reply({
    content: `📦 Everything the bot stores about you in this server: your profile, topics, ${data.matches.length} match(es), ${data.notesAndActionsYouWrote.length} note(s) and action point(s) you wrote, sessions, feedback and check-in answers. Only you can see this. To erase it, use \`/profile delete\`.`,
    files: [{ name: `mentor-bot-export-${now.toISOString().slice(0, 10)}.json`, data: json, description: "Your data from the careers mentor bot, as JSON" }],
    ephemeral: true,
  });
});

export const profileCommand = defineCommand({
  name: "profile",
  description: "See, export or delete mentoring profiles",
  subcommands: [view, exportSub, remove],
  ui: profileUi,
});
