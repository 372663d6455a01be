// Option definitions shared by /mentor profile and /mentee profile (registration JSON pieces).
import { ApplicationCommandOptionType, type APIApplicationCommandStringOption } from "discord.js";
import { PROFILE_LIMITS } from "../../services/profiles.js";

export const STAGE_CHOICES: { name: string; value: string }[] = [
  { name: "Student", value: "student" },
  { name: "Early career (0–3 years)", value: "early" },
  { name: "Mid career", value: "mid" },
  { name: "Senior", value: "senior" },
  { name: "Executive", value: "executive" },
];

export const VISIBILITY_CHOICES: { name: string; value: string }[] = [
  { name: "Limited: headline, industry, stage, topics", value: "limited" },
  { name: "Public: everything on my profile", value: "public" },
  { name: "Private: only my matches and moderators", value: "private" },
];

export const industryOption = (description: string) =>
  ({
    type: ApplicationCommandOptionType.String,
    name: "industry",
    description,
    autocomplete: true,
    max_length: PROFILE_LIMITS.industry,
  }) as const;

export const stageOption: APIApplicationCommandStringOption = {
  type: ApplicationCommandOptionType.String,
  name: "stage",
  description: "Your career stage",
  choices: STAGE_CHOICES,
};

export const topicsOption = (description: string) =>
  ({
    type: ApplicationCommandOptionType.String,
    name: "topics",
    description,
    autocomplete: true,
    max_length: 400,
  }) as const;

export const aboutOption = (description: string) =>
  ({
    type: ApplicationCommandOptionType.String,
    name: "about",
    description,
    max_length: PROFILE_LIMITS.about,
  }) as const;

export const headlineOption = {
  type: ApplicationCommandOptionType.String,
  name: "headline",
  description: "One line about you, e.g. 'Data analyst moving into product'",
  max_length: PROFILE_LIMITS.headline,
} as const;

export const timezoneOption = {
  type: ApplicationCommandOptionType.String,
  name: "timezone",
  description: "Your timezone, e.g. Europe/London (helps schedule calls)",
  max_length: 60,
} as const;

export const visibilityOption: APIApplicationCommandStringOption = {
  type: ApplicationCommandOptionType.String,
  name: "visibility",
  description: "What other members see on /profile view",
  choices: VISIBILITY_CHOICES,
};

/** A match number option, shared by /match and /mod. */
export const matchOption = {
  type: ApplicationCommandOptionType.Integer,
  name: "match",
  description: "Match number, as shown in /match list or /mod queue",
  required: true,
  min_value: 1,
} as const;
