// zod schemas for single values as the transport delivers them (slash-command options, form fields,
// the id part of a custom id). The option and form builders are made of these; every value a member
// types passes through one of them before it reaches a service.
import { z } from "zod";
import { cleanText, visibleLength } from "./text.js";
import type { UserOptionValue } from "./types.js";

/**
 * Required free text, cleaned: at least `min` visible characters (letters, digits, punctuation,
 * symbols; invisible padding does not count) and at most `max` characters as stored.
 */
export function text(max: number, options: { multiline?: boolean; min?: number } = {}) {
  const min = options.min ?? 1;
  return z
    .string({ error: "must be text" })
    .transform((v) => cleanText(v, options.multiline ?? false))
    .pipe(
      z
        .string()
        .refine((v) => visibleLength(v) >= min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
        .refine((v) => v.length <= max, `must be at most ${max} characters`),
    );
}

/** Optional free text (a form field left empty): blank after cleaning means "not given". */
export function optionalText(max: number, options: { multiline?: boolean } = {}) {
  return z
    .string({ error: "must be text" })
    .optional()
    .transform((v) => (v === undefined ? undefined : cleanText(v, options.multiline ?? false)))
    .pipe(z.string().max(max, `must be at most ${max} characters`).optional())
    .transform((v) => (v === undefined || visibleLength(v) === 0 ? undefined : v));
}

export function integer(min: number, max: number) {
  return z
    .number({ error: "must be a whole number" })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be from ${min} to ${max}`)
    .max(max, `must be from ${min} to ${max}`);
}

export function decimal(min: number, max: number) {
  return z
    .number({ error: "must be a number" })
    .refine(Number.isFinite, "must be a number")
    .pipe(z.number().min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`));
}

export const snowflake = z.string({ error: "must be a Discord id" }).regex(/^\d{17,20}$/, "must be a Discord id");

export const userValue = z.object(
  {
    id: snowflake,
    displayName: z.string(),
    bot: z.boolean(),
  },
  { error: "must be a member of this server" },
) satisfies z.ZodType<UserOptionValue>;

const MATCH_NUMBER = "a match id is a number like 12 (see `/match list`)";

/** A match id as typed by a member ("12" or "#12"); integers come through as numbers. */
export const matchId = z
  .union([z.number(), z.string()], { error: MATCH_NUMBER })
  .transform((v) => (typeof v === "number" ? v : /^#?\d{1,10}$/.test(v.trim()) ? Number(v.trim().replace(/^#/, "")) : Number.NaN))
  .pipe(z.number({ error: MATCH_NUMBER }).int(MATCH_NUMBER).min(1, MATCH_NUMBER).max(2_147_483_647, MATCH_NUMBER));

/** A calendar date YYYY-MM-DD (UTC midnight), in the future and within `maxDays`. */
export function futureDate(now: () => Date, maxDays: number) {
  return z
    .string({ error: "must be a date like 2026-12-31" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-12-31")
    .transform((v, ctx) => {
      const date = new Date(`${v}T00:00:00.000Z`);
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== v) {
        ctx.addIssue({ code: "custom", message: "is not a real calendar date" });
        return z.NEVER;
      }
      if (date.getTime() <= now().getTime()) {
        ctx.addIssue({ code: "custom", message: "must be in the future" });
        return z.NEVER;
      }
      if (date.getTime() > now().getTime() + maxDays * 86_400_000) {
        ctx.addIssue({ code: "custom", message: `must be within ${maxDays} days` });
        return z.NEVER;
      }
      return date;
    });
}
