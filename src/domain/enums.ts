// Every closed set of values the bot knows (career stages, whom a mentor advises, whom a mentee
// accepts advice from, profile visibility, match statuses), each declared once with its labels.
// Slash-command choices, zod schemas, type guards and the words shown in replies all derive from
// these. The matching engine owns the values it scores on (it may import nothing of ours), so those
// three come from src/matching and get their labels here.
import { z } from "zod";
import { ACCEPTS_CODES, ADVISES_CODES, STAGES, stageLabel, type AcceptsFrom, type Advises, type Stage } from "../matching/index.js";

export interface EnumDef<V extends string> {
  readonly values: readonly V[];
  /** Words for a reply or a card ("early career", "waiting for the mentor"). */
  label(value: string): string;
  /** Slash-command choices, in declaration order. */
  readonly choices: readonly { name: string; value: V }[];
  /** Accepts exactly one of the values; the message lists them. */
  readonly schema: z.ZodType<V, string>;
  is(value: string): value is V;
}

/**
 * Declares an enum from its values (in order), the label of each and, when it is offered as a
 * slash-command choice, the choice's name (Discord shows it; 100 characters at most).
 */
export function defineEnum<const V extends string>(
  values: readonly V[],
  labels: Readonly<Record<V, string>>,
  choiceNames?: Readonly<Record<V, string>>,
): EnumDef<V> {
  if (values.length === 0) throw new Error("an enum needs at least one value");
  const set = new Set<string>(values);
  const is = (value: string): value is V => set.has(value);
  return {
    values,
    is,
    // Guarded: a stored or typed string may be anything ("constructor" would index the prototype).
    label: (value) => (is(value) ? labels[value] : value),
    choices: values.map((value) => ({ name: (choiceNames ?? labels)[value], value })),
    schema: z.enum(values as [V, ...V[]], { error: `must be one of: ${values.join(", ")}` }),
  };
}

export const STAGE = defineEnum<Stage>(
  STAGES,
  { student: stageLabel("student"), early: stageLabel("early"), mid: stageLabel("mid"), senior: stageLabel("senior"), executive: stageLabel("executive") },
  { student: "Student", early: "Early career (0–3 years)", mid: "Mid career", senior: "Senior", executive: "Executive" },
);

export const ADVISES = defineEnum<Advises>(
  ADVISES_CODES,
  { anyone: "anyone", "same-industry": "people in their industry", "early-only": "students and early-career members" },
  { anyone: "Anyone", "same-industry": "People in my industry", "early-only": "Students and early career only" },
);

export const ACCEPTS_FROM = defineEnum<AcceptsFrom>(
  ACCEPTS_CODES,
  { anyone: "anyone", "same-industry": "mentors in their industry", "senior-plus": "senior mentors and above" },
  { anyone: "Anyone", "same-industry": "Mentors in my industry", "senior-plus": "Senior mentors and above" },
);

export const VISIBILITIES = ["limited", "public", "private"] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const VISIBILITY = defineEnum<Visibility>(
  VISIBILITIES,
  { limited: "limited", public: "public", private: "private" },
  {
    limited: "Limited: headline, industry, stage, topics",
    public: "Public: everything on my profile",
    private: "Private: only my matches and moderators",
  },
);

export const MATCH_STATUSES = ["requested", "pending_review", "active", "declined", "rejected", "cancelled", "ended", "expired"] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];
export const MATCH_STATUS = defineEnum<MatchStatus>(MATCH_STATUSES, {
  requested: "waiting for the mentor",
  pending_review: "waiting for moderator review",
  active: "active",
  declined: "declined by the mentor",
  rejected: "rejected by a moderator",
  cancelled: "cancelled",
  ended: "ended",
  expired: "expired without an answer",
});

/** A pair may have one of these at a time. */
export const OPEN_STATUSES: readonly MatchStatus[] = ["requested", "pending_review", "active"];
/** These occupy one of the mentor's places (capacity). */
export const LOAD_STATUSES: readonly MatchStatus[] = ["pending_review", "active"];
/**
 * Closed matches that keep a pair from being suggested again during the cool-down: declined,
 * rejected or expired (it did not work out), and ended or cancelled (they just worked together or
 * one of them stopped; a fresh pairing is more useful).
 */
export const COOLDOWN_STATUSES: readonly MatchStatus[] = ["declined", "rejected", "expired", "ended", "cancelled"];

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export type { AcceptsFrom, Advises, Stage };
