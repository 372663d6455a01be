// Expected failures a member can fix ("your capacity is full") are UserErrors: shown ephemerally
// as they are. Anything else is a bug or an outage: logged with a reference id, and the member sees
// only that id, never raw driver or database text.
import type { z } from "zod";

import { UserError } from "../errors.js";

export { UserError };

/** One line naming the option or field and why, from a zod error about the value of `name`. */
export function describeZodError(error: z.ZodError, kind: "Option" | "Field", name?: string): string {
  const issue = error.issues[0];
  const path = [...(name === undefined ? [] : [name]), ...(issue?.path ?? []).map(String)];
  const field = path.length > 0 ? path.join(".") : "input";
  return `${kind} \`${field}\`: ${issue?.message ?? "invalid value"}`;
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown, kind: "Option" | "Field" = "Option"): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new UserError(describeZodError(parsed.error, kind));
  return parsed.data;
}
