// /mentor profile — state what you can advise on, your capacity and whom you advise.
// /mentor availability — take a break or come back, optionally until a date.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import { UserError } from "../errors.js";
import type { CommandInteractionContext, Responder } from "../interaction/types.js";
import { setMentorAvailability, saveMentorProfile, PROFILE_LIMITS, mentorLoad } from "../services/profiles.js";
import { getGuildSettings } from "../services/settings.js";
import { handleProfileAutocomplete, profileSavedReply } from "./shared/profile-replies.js";
import { aboutOption, headlineOption, industryOption, stageOption, timezoneOption, topicsOption, visibilityOption } from "./shared/definitions.js";
import { cleanDisplayName, futureDate, integer, oneOf, parseOptions, requireGuild } from "./shared/options.js";
import { commonProfileOptions } from "./shared/profile-input.js";
import type { CommandModule, Deps } from "./types.js";

export const data = {
  name: "mentor",
  description: "Offer your time as a mentor",
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "profile",
      description: "Create or update your mentor profile (give only what changes)",
      options: [
        industryOption("Your industry, e.g. fintech, software, healthcare"),
        stageOption,
        topicsOption("What you can advise on, comma separated, e.g. interviews, CV, career switch"),
        aboutOption("What you can advise on, in your own words"),
        {
          type: ApplicationCommandOptionType.Integer,
          name: "capacity",
          description: "How many mentees at once (1–10)",
          min_value: 1,
          max_value: PROFILE_LIMITS.capacityMax,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "advises",
          description: "Whom you are happy to advise",
          choices: [
            { name: "Anyone", value: "anyone" },
            { name: "People in my industry", value: "same-industry" },
            { name: "Students and early career only", value: "early-only" },
          ],
        },
        headlineOption,
        timezoneOption,
        visibilityOption,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "availability",
      description: "Turn new mentee matches on or off",
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: "status",
          description: "on: take new mentees; off: pause",
          required: true,
          choices: [
            { name: "on", value: "on" },
            { name: "off", value: "off" },
          ],
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "until",
          description: "Optional date YYYY-MM-DD when this switches back",
          max_length: 10,
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const profileOptions = z.object({
  ...commonProfileOptions,
  capacity: integer(1, PROFILE_LIMITS.capacityMax).optional(),
  advises: oneOf(["anyone", "same-industry", "early-only"]).optional(),
});

async function profile(ctx: CommandInteractionContext, res: Responder, deps: Deps): Promise<void> {
  const guildId = requireGuild(ctx.guildId);
  const input = parseOptions(profileOptions, ctx.options);
  const result = await saveMentorProfile(deps.db, guildId, { id: ctx.user.id, displayName: cleanDisplayName(ctx.user.displayName) }, input);
  const load = await mentorLoad(deps.db, result.profile.id);
  if (result.created) {
    const settings = await getGuildSettings(deps.db, guildId);
    if (settings.mentorRoleId !== null) await deps.notifier.addRole(guildId, ctx.user.id, settings.mentorRoleId);
  }
  await res.reply(profileSavedReply("mentor", result, load));
}

async function availability(ctx: CommandInteractionContext, res: Responder, deps: Deps): Promise<void> {
  const guildId = requireGuild(ctx.guildId);
  const options = parseOptions(
    z.object({ status: oneOf(["on", "off"]), until: futureDate(() => deps.clock.now(), 366).optional() }),
    ctx.options,
  );
  const now = deps.clock.now();
  const result = await setMentorAvailability(deps.db, guildId, ctx.user.id, options.status === "on", options.until ?? null, now);
  const places = `${result.load} of ${result.profile.mentorCapacity} places used`;
  const until = options.until === undefined ? "" : ` until ${options.until.toISOString().slice(0, 10)}, then ${options.status === "on" ? "off" : "on"} again`;
  const state = result.availableNow
    ? `✅ You are available for new mentees${until}.`
    : `⏸️ You are not taking new mentees${until}. Your current matches continue.`;
  await res.reply({ content: `${state}\nCurrent load: ${places}.`, ephemeral: true });
}

export const mentorCommand: CommandModule = {
  data,
  async execute(ctx, res, deps) {
    if (ctx.subcommand === "profile") return profile(ctx, res, deps);
    if (ctx.subcommand === "availability") return availability(ctx, res, deps);
    throw new UserError(`Unknown subcommand \`/mentor ${ctx.subcommand ?? ""}\`.`);
  },
  autocomplete: handleProfileAutocomplete,
};
