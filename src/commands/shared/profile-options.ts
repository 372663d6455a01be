// The options /mentor profile and /mentee profile share, declared once (see interaction/options.ts).
import { z } from "zod";
import { STAGE, VISIBILITY } from "../../domain/enums.js";
import { normaliseTimezone } from "../../domain/time.js";
import { opt } from "../../interaction/options.js";
import { cleanText, hasLetterOrDigit } from "../../interaction/text.js";
import { describeTopic, parseTopicList } from "../../matching/index.js";
import { PROFILE_LIMITS } from "../../services/profiles.js";
import { industryComplete, topicsComplete } from "./autocomplete.js";

/** A comma-separated topic list: each tag cleaned, 1–40 characters, at most 10 tags (profiles and resources). */
export const topicList = z
  .string()
  .transform((v) => v.split(/[,;\n]+/).map((t) => cleanText(t, false)).filter((t) => t !== ""))
  .pipe(
    z
      .array(z.string().max(PROFILE_LIMITS.topicLength, `each topic must be at most ${PROFILE_LIMITS.topicLength} characters`))
      .min(1, "give at least one topic, separated by commas")
      .max(PROFILE_LIMITS.topics, `at most ${PROFILE_LIMITS.topics} topics`),
  )
  .superRefine((tags, ctx) => {
    const bare = tags.find((t) => !hasLetterOrDigit(t));
    if (bare !== undefined) ctx.addIssue({ code: "custom", message: `each topic needs a letter or a digit (${JSON.stringify(bare)} has none)` });
  })
  .refine((tags) => parseTopicList(tags.join(",")).length > 0, "topics need letters or digits")
  // Written out, a tag can grow ("R&D" → "r and d", "㎒" → "MHz"); what is stored must still fit.
  .refine((tags) => tags.every((t) => describeTopic(t).display.length <= PROFILE_LIMITS.topicLength), {
    message: `each topic must be at most ${PROFILE_LIMITS.topicLength} characters once written out (symbols such as & count as words)`,
  });

/** An IANA zone (checked against the platform's zone data by luxon) or a UTC offset, stored canonical. */
export const timezone = z.string().transform((v, ctx) => {
  const zone = normaliseTimezone(v);
  if (zone === null) {
    ctx.addIssue({ code: "custom", message: "must be a real timezone like Europe/London, America/New_York or UTC+2" });
    return z.NEVER;
  }
  return zone;
});

/** Industry, stage, topics and about: what each side describes in its own words. */
export function coreProfileOptions(describe: { industry: string; topics: string; about: string }) {
  return {
    industry: opt.text(describe.industry, { max: PROFILE_LIMITS.industry }).autocomplete(industryComplete),
    stage: opt.choice(STAGE, "Your career stage"),
    topics: opt.text(describe.topics, { max: 400 }).pipe(topicList).autocomplete(topicsComplete),
    about: opt.text(describe.about, { max: PROFILE_LIMITS.about, multiline: true, min: 10 }),
  };
}

/** Headline, timezone and visibility, the same on both sides. */
export const presentationOptions = {
  headline: opt.text("One line about you, e.g. 'Data analyst moving into product'", { max: PROFILE_LIMITS.headline }),
  timezone: opt
    .text("Your timezone, e.g. Europe/London (reminders and call times use it)", { max: 60 })
    .pipe(timezone),
  visibility: opt.choice(VISIBILITY, "What other members see on /profile view"),
};
