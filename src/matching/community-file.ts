// The community file format (CLI input, bulk import): validation and readable error messages.
import { z } from "zod";
import { ACCEPTS_CODES, ADVISES_CODES } from "./filters.js";
import { STAGES } from "./stage.js";
import type { AcceptsFrom, Advises, MenteeInput, MentorInput, Stage } from "./types.js";

const oneOf = <T extends string>(values: readonly T[]) =>
  z.enum(values as [T, ...T[]], { error: `expected one of ${values.join("|")}` });

const id = z.string().trim().min(1, { error: "expected a non-empty id" }).max(100);
const name = z.string().trim().min(1, { error: "expected a non-empty name" }).max(100);
const industry = z.string().trim().min(1, { error: "expected a non-empty industry" }).max(100);
const topics = z.array(z.string().max(80)).max(30).default([]);
const about = z.string().max(4000).default("");

// Objects are strict: a misspelt optional field ("avialable") would otherwise be dropped silently
// and its default used.
export const mentorSchema = z.strictObject({
  id,
  name,
  industry,
  stage: oneOf<Stage>(STAGES),
  topics,
  about,
  capacity: z.number().int().min(1).max(50).default(1),
  activeCount: z.number().int().min(0).optional(),
  pendingRequests: z.number().int().min(0).optional(),
  available: z.boolean().default(true),
  advises: oneOf<Advises>(ADVISES_CODES).default("anyone"),
});

export const menteeSchema = z.strictObject({
  id,
  name,
  industry,
  stage: oneOf<Stage>(STAGES),
  changingCareer: z.boolean().default(false),
  targetIndustry: z.string().trim().max(100).nullable().optional(),
  topics,
  about,
  acceptsFrom: oneOf<AcceptsFrom>(ACCEPTS_CODES).default("anyone"),
});

/** Ids must be unique per list (one person may be both a mentor and a mentee, with one id). */
function rejectDuplicateIds(list: "mentors" | "mentees") {
  return (value: { mentors: { id: string }[]; mentees: { id: string }[] }, ctx: z.RefinementCtx): void => {
    const first = new Map<string, number>();
    value[list].forEach((profile, index) => {
      const previous = first.get(profile.id);
      if (previous === undefined) {
        first.set(profile.id, index);
      } else {
        ctx.addIssue({
          code: "custom",
          path: [list, index, "id"],
          message: `duplicate id "${profile.id}" (also ${list}[${previous}].id)`,
        });
      }
    });
  };
}

export const communityFileSchema = z
  .strictObject({
    mentors: z.array(mentorSchema).default([]),
    mentees: z.array(menteeSchema).default([]),
  })
  .superRefine(rejectDuplicateIds("mentors"))
  .superRefine(rejectDuplicateIds("mentees"));

export type CommunityFile = z.output<typeof communityFileSchema>;

// The parsed shapes are usable as matching inputs as they are.
const _mentorCompatible: (m: CommunityFile["mentors"][number]) => MentorInput = (m) => m;
const _menteeCompatible: (m: CommunityFile["mentees"][number]) => MenteeInput = (m) => m;
void _mentorCompatible;
void _menteeCompatible;

/** "mentors[0].stage" from ["mentors", 0, "stage"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? String(part) : `.${String(part)}`;
  }
  return text === "" ? "(top level)" : text;
}

/** One line per problem: "<path>: <what was expected>". */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`);
    }
    let message = issue.message.replace(/^(Invalid input|Too small|Too big): /, "");
    if (issue.code === "invalid_type" && message.endsWith("received undefined")) {
      message = `is required (${message.replace(/, received undefined$/, "")})`;
    }
    return [`${formatPath(issue.path)}: ${message}`];
  });
}

export type ParseResult = { ok: true; community: CommunityFile } | { ok: false; errors: string[] };

/** Validate an already JSON-parsed value. */
export function parseCommunity(value: unknown): ParseResult {
  const result = communityFileSchema.safeParse(value);
  return result.success ? { ok: true, community: result.data } : { ok: false, errors: formatIssues(result.error.issues) };
}

/** Validate file text: JSON syntax first, then the schema. */
export function parseCommunityFile(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return parseCommunity(value);
}
