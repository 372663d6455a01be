// /profile view [user] — a profile card; /profile delete — erase everything stored about you here.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import { UserError } from "../errors.js";
import { deleteMemberData, viewProfile } from "../services/profiles.js";
import { getGuildSettings, isModerator } from "../services/settings.js";
import { parseOptions, requireGuild, userOption } from "./shared/options.js";
import { COLORS, profileEmbed } from "./shared/views.js";
import { customId, type CommandModule } from "./types.js";

export const data = {
  name: "profile",
  description: "See or delete mentoring profiles",
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "view",
      description: "Show your profile, or another member's (only what they share)",
      options: [{ type: ApplicationCommandOptionType.User, name: "user", description: "Whose profile (default: yours)" }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "delete",
      description: "Delete everything the bot stores about you in this server",
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const profileCommand: CommandModule = {
  data,
  async execute(ctx, res, deps) {
    const guildId = requireGuild(ctx.guildId);
    if (ctx.subcommand === "view") {
      const { user } = parseOptions(z.object({ user: userOption.optional() }), ctx.options);
      const targetId = user?.id ?? ctx.user.id;
      const settings = await getGuildSettings(deps.db, guildId);
      const view = await viewProfile(deps.db, guildId, ctx.user.id, targetId, isModerator(ctx, settings));
      await res.reply({ embeds: [profileEmbed(view.profile, view.audience, view.load)], ephemeral: true });
      return;
    }
    if (ctx.subcommand === "delete") {
      await res.reply({
        content:
          "This deletes your mentor and mentee profile, your topics, and the notes and feedback you wrote in this server. Open requests and matches are closed, and past matches are kept only without your details. This cannot be undone.",
        buttons: [
          [
            { customId: customId("profile", "delete", ctx.user.id), label: "Delete everything", style: "danger" },
            { customId: customId("profile", "keep", ctx.user.id), label: "Keep my profile", style: "secondary" },
          ],
        ],
        ephemeral: true,
      });
      return;
    }
    throw new UserError(`Unknown subcommand \`/profile ${ctx.subcommand ?? ""}\`.`);
  },
  async button(ctx, action, id, res, deps) {
    const guildId = requireGuild(ctx.guildId);
    if (id !== ctx.user.id) throw new UserError("Only the member who asked can confirm this.");
    if (action === "keep") {
      await res.update({ content: "Nothing was deleted. Your profile stays as it is.", buttons: [] });
      return;
    }
    if (action !== "delete") throw new UserError("This button is no longer supported. Run `/profile delete` again.");
    const result = await deleteMemberData(deps.db, guildId, ctx.user.id, deps.clock.now());
    const summary = [
      result.profileDeleted ? "your profile and topics" : "no profile (there was none)",
      `${result.notesDeleted} note(s)`,
      `${result.feedbackDeleted} feedback entr${result.feedbackDeleted === 1 ? "y" : "ies"}`,
      `${result.matchesClosed} open match(es) closed`,
      `${result.matchesAnonymised} match record(s) anonymised`,
    ];
    await res.update({
      content: `🗑️ Deleted: ${summary.join(", ")}. You can start again any time with \`/mentee profile\` or \`/mentor profile\`.`,
      buttons: [],
    });
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
};
