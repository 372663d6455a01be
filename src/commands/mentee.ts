// /mentee profile — say what you want advice on and whom you accept advice from.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import { UserError } from "../errors.js";
import { PROFILE_LIMITS, saveMenteeProfile } from "../services/profiles.js";
import { getGuildSettings } from "../services/settings.js";
import { aboutOption, headlineOption, industryOption, stageOption, timezoneOption, topicsOption, visibilityOption } from "./shared/definitions.js";
import { cleanDisplayName, oneOf, parseOptions, requireGuild, text } from "./shared/options.js";
import { commonProfileOptions } from "./shared/profile-input.js";
import { handleProfileAutocomplete, profileSavedReply } from "./shared/profile-replies.js";
import type { CommandModule } from "./types.js";

export const data = {
  name: "mentee",
  description: "Look for career advice from a mentor",
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "profile",
      description: "Create or update your mentee profile (give only what changes)",
      options: [
        industryOption("Your current industry (or 'student'), e.g. banking, retail"),
        stageOption,
        topicsOption("What you want advice on, comma separated, e.g. CV, interviews"),
        aboutOption("What you want advice on, in your own words"),
        {
          type: ApplicationCommandOptionType.String,
          name: "accepts-from",
          description: "Whom you accept advice from",
          choices: [
            { name: "Anyone", value: "anyone" },
            { name: "Mentors in my industry", value: "same-industry" },
            { name: "Senior mentors and above", value: "senior-plus" },
          ],
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: "changing-career",
          description: "Are you moving into another industry?",
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "target-industry",
          description: "The industry you want to move into (with changing-career)",
          autocomplete: true,
          max_length: PROFILE_LIMITS.industry,
        },
        headlineOption,
        timezoneOption,
        visibilityOption,
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const profileOptions = z.object({
  ...commonProfileOptions,
  "accepts-from": oneOf(["anyone", "same-industry", "senior-plus"]).optional(),
  "changing-career": z.boolean({ error: "must be true or false" }).optional(),
  "target-industry": text(PROFILE_LIMITS.industry).optional(),
});

export const menteeCommand: CommandModule = {
  data,
  async execute(ctx, res, deps) {
    if (ctx.subcommand !== "profile") throw new UserError(`Unknown subcommand \`/mentee ${ctx.subcommand ?? ""}\`.`);
    const guildId = requireGuild(ctx.guildId);
    const input = parseOptions(profileOptions, ctx.options);
    const result = await saveMenteeProfile(
      deps.db,
      guildId,
      { id: ctx.user.id, displayName: cleanDisplayName(ctx.user.displayName) },
      {
        industry: input.industry,
        stage: input.stage,
        topics: input.topics,
        about: input.about,
        headline: input.headline,
        timezone: input.timezone,
        visibility: input.visibility,
        acceptsFrom: input["accepts-from"],
        changingCareer: input["changing-career"],
        targetIndustry: input["target-industry"],
      },
      deps.clock.now(),
    );
    if (result.created) {
      const settings = await getGuildSettings(deps.db, guildId);
      if (settings.menteeRoleId !== null) await deps.notifier.addRole(guildId, ctx.user.id, settings.menteeRoleId);
    }
    await res.reply(profileSavedReply("mentee", result, null));
  },
  autocomplete: handleProfileAutocomplete,
};
