// /mentee profile — say what you want advice on and whom you accept advice from.
import { ACCEPTS_FROM } from "../domain/enums.js";
import { defineCommand, sub } from "../interaction/command.js";
import { opt } from "../interaction/options.js";
import { cleanDisplayName } from "../interaction/text.js";
import { PROFILE_LIMITS, saveMenteeProfile } from "../services/profiles.js";
import { industryComplete } from "./shared/autocomplete.js";
import { profileSavedReply } from "./shared/profile-replies.js";
import { coreProfileOptions, presentationOptions } from "./shared/profile-options.js";

const profile = sub(
  "profile",
  "Create or update your mentee profile (give only what changes)",
  {
    ...coreProfileOptions({
      industry: "Your current industry (or 'student'), e.g. banking, retail",
      topics: "What you want advice on, comma separated, e.g. CV, interviews",
      about: "What you want advice on, in your own words",
    }),
    "accepts-from": opt.choice(ACCEPTS_FROM, "Whom you accept advice from"),
    "changing-career": opt.boolean("Are you moving into another industry?"),
    "target-industry": opt.text("The industry you want to move into (with changing-career)", { max: PROFILE_LIMITS.industry }).autocomplete(industryComplete),
    ...presentationOptions,
  },
  async ({ ctx, args, guildId, settings, res, deps }) => {
    const result = await saveMenteeProfile(
      deps.db,
      guildId,
      { id: ctx.user.id, displayName: cleanDisplayName(ctx.user.displayName) },
      {
        ...args,
        acceptsFrom: args["accepts-from"],
        changingCareer: args["changing-career"],
        targetIndustry: args["target-industry"],
      },
      deps.clock.now(),
    );
    await res.reply(profileSavedReply("mentee", result, null));
    if (result.created && settings.menteeRoleId !== null) await deps.notifier.addRole(guildId, ctx.user.id, settings.menteeRoleId);
  },
);

export const menteeCommand = defineCommand({
  name: "mentee",
  description: "Look for career advice from a mentor",
  subcommands: [profile],
});
