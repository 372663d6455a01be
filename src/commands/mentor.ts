// /mentor profile — state what you can advise on, your capacity and whom you advise.
// /mentor availability — take a break or come back, optionally until a date.
import { ADVISES, defineEnum } from "../domain/enums.js";
import { defineCommand, sub } from "../interaction/command.js";
import { opt } from "../interaction/options.js";
import { cleanDisplayName } from "../interaction/text.js";
import { mentorLoad, PROFILE_LIMITS, saveMentorProfile, setMentorAvailability } from "../services/profiles.js";
import { profileSavedReply } from "./shared/profile-replies.js";
import { coreProfileOptions, presentationOptions } from "./shared/profile-options.js";

const AVAILABILITY = defineEnum(["on", "off"], { on: "on", off: "off" });

const profile = sub(
  "profile",
  "Create or update your mentor profile (give only what changes)",
  {
    ...coreProfileOptions({
      industry: "Your industry, e.g. fintech, software, healthcare",
      topics: "What you can advise on, comma separated, e.g. interviews, CV, career switch",
      about: "What you can advise on, in your own words",
    }),
    capacity: opt.integer("How many mentees at once (1–10)", { min: 1, max: PROFILE_LIMITS.capacityMax }),
    advises: opt.choice(ADVISES, "Whom you are happy to advise"),
    ...presentationOptions,
  },
  async ({ ctx, args, guildId, settings, res, deps }) => {
    const result = await saveMentorProfile(deps.db, guildId, { id: ctx.user.id, displayName: cleanDisplayName(ctx.user.displayName) }, args);
    await res.reply(profileSavedReply("mentor", result, await mentorLoad(deps.db, result.profile.id)));
    if (result.created && settings.mentorRoleId !== null) await deps.notifier.addRole(guildId, ctx.user.id, settings.mentorRoleId);
  },
);

const availability = sub(
  "availability",
  "Turn new mentee matches on or off",
  {
    status: opt.choice(AVAILABILITY, "on: take new mentees; off: pause").required(),
    until: opt.date("Optional date YYYY-MM-DD when this switches back", { maxDays: 366 }),
  },
  async ({ ctx, args, guildId, res, deps }) => {
    const result = await setMentorAvailability(deps.db, guildId, ctx.user.id, args.status === "on", args.until ?? null, deps.clock.now());
    const places = `${result.load} of ${result.profile.mentorCapacity} places used`;
    const until = args.until === undefined ? "" : ` until ${args.until.toISOString().slice(0, 10)}, then ${args.status === "on" ? "off" : "on"} again`;
    const state = result.availableNow
      ? `✅ You are available for new mentees${until}.`
      : `⏸️ You are not taking new mentees${until}. Your current matches continue.`;
    await res.reply({ content: `${state}\nCurrent load: ${places}.`, ephemeral: true });
  },
);

export const mentorCommand = defineCommand({
  name: "mentor",
  description: "Offer your time as a mentor",
  subcommands: [profile, availability],
});
