import { effectiveMenteeIndustry, industryLabel, normalizeIndustry } from "./industry.js";
import { stageIndex, stageLabel } from "./stage.js";
import type { Advises, AcceptsFrom, FilterCode, FilterReason, MenteeInput, MentorInput, QueryOptions } from "./types.js";

// Preferences as small integers so that the index can keep them in typed arrays.
export const ADVISES_CODES: readonly Advises[] = ["anyone", "same-industry", "early-only"];
export const ACCEPTS_CODES: readonly AcceptsFrom[] = ["anyone", "same-industry", "senior-plus"];
const ADVISES_SAME_INDUSTRY = 1;
const ADVISES_EARLY_ONLY = 2;
const ACCEPTS_SAME_INDUSTRY = 1;
const ACCEPTS_SENIOR_PLUS = 2;
const EARLY = stageIndex("early");
const SENIOR = stageIndex("senior");

export const FILTER_OK = 0;
/** Codes returned by pairFilterCode, 1-based so that 0 means "allowed". */
const CODES: readonly FilterCode[] = [
  "self",
  "unavailable",
  "at-capacity",
  "blocked",
  "mentor-behind",
  "mentor-same-industry-only",
  "mentor-early-only",
  "mentee-same-industry-only",
  "mentee-senior-plus-only",
];
const code = (name: FilterCode): number => CODES.indexOf(name) + 1;
const UNAVAILABLE = code("unavailable");
const AT_CAPACITY = code("at-capacity");
const MENTOR_BEHIND = code("mentor-behind");
const MENTOR_SAME_INDUSTRY = code("mentor-same-industry-only");
const MENTOR_EARLY_ONLY = code("mentor-early-only");
const MENTEE_SAME_INDUSTRY = code("mentee-same-industry-only");
const MENTEE_SENIOR_PLUS = code("mentee-senior-plus-only");

export function filterCodeName(filterCode: number): FilterCode | undefined {
  return CODES[filterCode - 1];
}

/** Mentor-side state that the filters need, as stored by the index. */
export const MENTOR_OPEN = 0;
export const MENTOR_UNAVAILABLE = 1;
export const MENTOR_FULL = 2;

export function mentorOpenState(mentor: Pick<MentorInput, "available" | "capacity" | "activeCount">): number {
  if (!mentor.available) return MENTOR_UNAVAILABLE;
  return (mentor.activeCount ?? 0) < mentor.capacity ? MENTOR_OPEN : MENTOR_FULL;
}

/**
 * The cheap hard filters over pre-digested fields (everything but "self" and the caller's
 * block list, which need ids). Industries are interned ids; -1 is an unknown/empty industry,
 * which never counts as "the same industry". For a career changer, `menteeIndustry` is the
 * target industry: someone moving into fintech who asks for same-industry mentors wants people
 * from fintech, and a fintech mentor who only advises their own industry is the right person to
 * help them get in.
 */
export function pairFilterCode(
  mentorOpen: number,
  mentorStage: number,
  mentorIndustry: number,
  mentorAdvises: number,
  menteeStage: number,
  menteeIndustry: number,
  menteeAccepts: number,
): number {
  if (mentorOpen === MENTOR_UNAVAILABLE) return UNAVAILABLE;
  if (mentorOpen === MENTOR_FULL) return AT_CAPACITY;
  if (mentorStage < menteeStage) return MENTOR_BEHIND;
  const sameIndustry = mentorIndustry >= 0 && mentorIndustry === menteeIndustry;
  if (mentorAdvises === ADVISES_SAME_INDUSTRY && !sameIndustry) return MENTOR_SAME_INDUSTRY;
  if (mentorAdvises === ADVISES_EARLY_ONLY && menteeStage > EARLY) return MENTOR_EARLY_ONLY;
  if (menteeAccepts === ACCEPTS_SAME_INDUSTRY && !sameIndustry) return MENTEE_SAME_INDUSTRY;
  if (menteeAccepts === ACCEPTS_SENIOR_PLUS && mentorStage < SENIOR) return MENTEE_SENIOR_PLUS;
  return FILTER_OK;
}

/**
 * The stage-only part of pairFilterCode: whether some pair with these stages and preferences can
 * pass. The index uses it to skip whole cells of one stage (pass "anyone" (0) for the side whose
 * preference is not known yet).
 */
export function stagesAllowed(mentorStage: number, menteeStage: number, mentorAdvises: number, menteeAccepts: number): boolean {
  if (mentorStage < menteeStage) return false;
  if (mentorAdvises === ADVISES_EARLY_ONLY && menteeStage > EARLY) return false;
  if (menteeAccepts === ACCEPTS_SENIOR_PLUS && mentorStage < SENIOR) return false;
  return true;
}

/**
 * Why this pair is never suggested, or null if it may be. Checks run in a fixed order (self,
 * availability, capacity, caller's block list, stage, mentor's then mentee's preferences) and the
 * first failing one is reported, so the bot can answer "why not X?".
 */
export function filterReason(mentor: MentorInput, mentee: MenteeInput, options: QueryOptions = {}): FilterReason | null {
  if (mentor.id === mentee.id) return { code: "self", message: `${mentor.name} cannot mentor themselves` };
  const mentorIndustryKey = normalizeIndustry(mentor.industry);
  const menteeIndustry = effectiveMenteeIndustry(mentee);
  // Same key → same id; an empty key never matches.
  const mentorIndustryId = mentorIndustryKey === "" ? -1 : 0;
  const menteeIndustryId = menteeIndustry.key === "" ? -2 : menteeIndustry.key === mentorIndustryKey ? 0 : 1;
  const open = mentorOpenState(mentor);
  const filterCode = pairFilterCode(
    open,
    stageIndex(mentor.stage),
    mentorIndustryId,
    ADVISES_CODES.indexOf(mentor.advises),
    stageIndex(mentee.stage),
    menteeIndustryId,
    ACCEPTS_CODES.indexOf(mentee.acceptsFrom),
  );
  // The caller's block list comes after availability (more fundamental) but before preferences.
  if ((filterCode === FILTER_OK || filterCode > AT_CAPACITY) && options.isBlocked?.(mentor.id, mentee.id) === true) {
    return { code: "blocked", message: `${mentor.name} and ${mentee.name} already have an open or recently declined match` };
  }
  const name = filterCodeName(filterCode);
  if (name === undefined) return null;
  return { code: name, message: filterMessage(name, mentor, mentee, mentorIndustryKey, menteeIndustry) };
}

/** The sentence to show a member for a filtered pair. */
export function describeFilter(reason: FilterReason): string {
  return reason.message;
}

function filterMessage(
  name: FilterCode,
  mentor: MentorInput,
  mentee: MenteeInput,
  mentorIndustryKey: string,
  menteeIndustry: { key: string; isTarget: boolean },
): string {
  const menteeIndustryText = menteeIndustry.isTarget
    ? `${industryLabel(menteeIndustry.key)} (target industry)`
    : industryLabel(menteeIndustry.key) || "no industry";
  switch (name) {
    case "unavailable":
      return `${mentor.name} is not taking mentees right now`;
    case "at-capacity":
      return `${mentor.name} is at capacity (${mentor.activeCount ?? 0}/${mentor.capacity} mentees)`;
    case "mentor-behind":
      return `${mentor.name} (${stageLabel(mentor.stage)}) is behind ${mentee.name} (${stageLabel(mentee.stage)}) in career stage`;
    case "mentor-same-industry-only":
      return `${mentor.name} only advises people in ${industryLabel(mentorIndustryKey) || "their own industry"}, not ${menteeIndustryText}`;
    case "mentor-early-only":
      return `${mentor.name} only advises students and early-career people, ${mentee.name} is ${stageLabel(mentee.stage)}`;
    case "mentee-same-industry-only":
      return `${mentee.name} only accepts mentors from ${menteeIndustryText}, ${mentor.name} is in ${industryLabel(mentorIndustryKey) || "no industry"}`;
    case "mentee-senior-plus-only":
      return `${mentee.name} only accepts senior or executive mentors, ${mentor.name} is ${stageLabel(mentor.stage)}`;
    case "self":
      return `${mentor.name} cannot mentor themselves`;
    case "blocked":
      return `${mentor.name} and ${mentee.name} already have an open or recently declined match`;
  }
}
