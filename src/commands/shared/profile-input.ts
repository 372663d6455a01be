import { z } from "zod";
import { parseTopicList, STAGES } from "../../matching/index.js";
import { PROFILE_LIMITS } from "../../services/profiles.js";
import { cleanText, oneOf, text } from "./options.js";

const VISIBILITIES = ["public", "limited", "private"] as const;

/** A comma-separated topic list: each tag cleaned, 1–40 characters, at most 10 tags. */
export const topicsInput = text(400)
  .transform((v) => v.split(/[,;\n]+/).map((t) => cleanText(t, false)).filter((t) => t !== ""))
  .pipe(
    z
      .array(z.string().max(PROFILE_LIMITS.topicLength, `each topic must be at most ${PROFILE_LIMITS.topicLength} characters`))
      .min(1, "give at least one topic, separated by commas")
      .max(PROFILE_LIMITS.topics, `at most ${PROFILE_LIMITS.topics} topics`),
  )
  .refine((tags) => parseTopicList(tags.join(",")).length > 0, "topics need letters or digits");

// IANA names (Europe/London) or a UTC offset from -12 to +14.
const TIMEZONE = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$|^(UTC|GMT)([+-](0?\d|1[0-4])(:[0-5]\d)?)?$/;

/** Options common to both profile commands. */
export const commonProfileOptions = {
  industry: text(PROFILE_LIMITS.industry).optional(),
  stage: oneOf(STAGES as unknown as readonly ["student", "early", "mid", "senior", "executive"]).optional(),
  topics: topicsInput.optional(),
  about: text(PROFILE_LIMITS.about, { multiline: true, min: 10 }).optional(),
  headline: text(PROFILE_LIMITS.headline).optional(),
  timezone: text(60)
    .pipe(z.string().regex(TIMEZONE, "must look like Europe/London or UTC+2"))
    .optional(),
  visibility: oneOf(VISIBILITIES).optional(),
};
