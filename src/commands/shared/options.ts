// zod building blocks for slash-command options and modal fields. Every value a member types
// passes through one of these before it reaches a service.
import { z } from "zod";
import { UserError } from "../../errors.js";
import { describeZodError } from "../../interaction/errors.js";
import type { OptionValue, UserOptionValue } from "../../interaction/types.js";

// Invisible characters that make two strings look equal or a value look empty, and bidi controls
// that can reverse how the rest of a message reads.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/g;
// Control characters (C0 except tab and newline, DEL, and C1).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g; // eslint-disable-line no-control-regex -- matching control characters is the point

/** Normalises hostile or accidental unicode: NFC, no invisible or control characters, trimmed. */
export function cleanText(value: string, multiline: boolean): string {
  let text = value.normalize("NFC").replace(INVISIBLE, "").replace(CONTROL, "");
  text = multiline ? text.replace(/\r\n?|[\u2028\u2029]/g, "\n").replace(/\n{3,}/g, "\n\n") : text.replace(/\s+/g, " ");
  return text.trim();
}

/** Required free text, cleaned, 1..max characters. */
export function text(max: number, options: { multiline?: boolean; min?: number } = {}) {
  const min = options.min ?? 1;
  return z
    .string({ error: "must be text" })
    .transform((v) => cleanText(v, options.multiline ?? false))
    .pipe(
      z
        .string()
        .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
        .max(max, `must be at most ${max} characters`),
    );
}

/** Optional free text (a form field left empty): blank after cleaning means "not given". */
export function optionalText(max: number, options: { multiline?: boolean } = {}) {
  return z
    .string({ error: "must be text" })
    .optional()
    .transform((v) => (v === undefined ? undefined : cleanText(v, options.multiline ?? false)))
    .pipe(z.string().max(max, `must be at most ${max} characters`).optional())
    .transform((v) => (v === "" ? undefined : v));
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

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of: ${values.join(", ")}` });
}

export const snowflake = z.string().regex(/^\d{17,20}$/, "must be a Discord id");

export const userOption = z.object(
  {
    id: snowflake,
    displayName: z.string(),
    bot: z.boolean(),
  },
  { error: "must be a member of this server" },
) satisfies z.ZodType<UserOptionValue>;

/** A match id as typed by a member ("12" or "#12"); integers come through as numbers. */
export const matchId = z
  .union([z.number(), z.string()], { error: "must be a match number such as 12" })
  .transform((v) => (typeof v === "number" ? v : Number(v.trim().replace(/^#/, ""))))
  .pipe(
    z
      .number()
      .int("must be a match number such as 12")
      .min(1, "must be a match number such as 12")
      .max(2_147_483_647, "must be a match number such as 12"),
  );

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

/** Parses a record of options with a zod object; one clear line naming the option on failure. */
export function parseOptions<T extends z.ZodType>(schema: T, options: Readonly<Record<string, OptionValue>>): z.output<T> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) throw new UserError(describeZodError(parsed.error, "Option"));
  return parsed.data;
}

export function parseFields<T extends z.ZodType>(schema: T, fields: Readonly<Record<string, string>>): z.output<T> {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) throw new UserError(describeZodError(parsed.error, "Field"));
  return parsed.data;
}

/** A display name from Discord, cleaned like any text we store (never empty). */
export function cleanDisplayName(name: string): string {
  return cleanText(name, false).slice(0, 80) || "member";
}

/** Requires a guild: slash commands are guild-only, but a DM button can still reach a handler. */
export function requireGuild(guildId: string | null): string {
  if (guildId === null) throw new UserError("This only works inside a server.");
  return guildId;
}
