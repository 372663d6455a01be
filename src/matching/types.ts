/** Career stages, youngest first. The order matters: a mentor must not be behind the mentee. */
export type Stage = "student" | "early" | "mid" | "senior" | "executive";

/** Whom a mentor is willing to advise. */
export type Advises = "anyone" | "same-industry" | "early-only";

/** Whom a mentee is willing to be advised by. */
export type AcceptsFrom = "anyone" | "same-industry" | "senior-plus";

export interface MentorInput {
  id: string;
  name: string;
  industry: string;
  stage: Stage;
  topics: string[];
  /** What the mentor can advise on, in their own words. */
  about: string;
  capacity: number;
  /** Mentees currently matched with this mentor; defaults to 0. */
  activeCount?: number;
  available: boolean;
  advises: Advises;
}

export interface MenteeInput {
  id: string;
  name: string;
  industry: string;
  stage: Stage;
  changingCareer: boolean;
  targetIndustry?: string | null;
  topics: string[];
  /** What the mentee wants advice on, in their own words. */
  about: string;
  acceptsFrom: AcceptsFrom;
}

export interface Weights {
  industry: number;
  stage: number;
  topics: number;
  text: number;
}

export type CriterionName = keyof Weights;

export interface CriterionResult {
  /** In [0, 1]. */
  value: number;
  /** Short human-readable evidence for the value. */
  reason: string;
}

export interface PairScore {
  mentorId: string;
  menteeId: string;
  /** Weighted mean of the criteria, in [0, 1]. */
  score: number;
  criteria: Record<CriterionName, CriterionResult>;
  /** Reasons of the criteria that contributed, strongest contribution first. */
  reasons: string[];
}

/** Pairs the caller wants excluded (open matches, recent declines within a cool-down, ...). */
export type IsBlocked = (mentorId: string, menteeId: string) => boolean;

export interface QueryOptions {
  isBlocked?: IsBlocked;
}

export type FilterCode =
  | "self"
  | "unavailable"
  | "at-capacity"
  | "blocked"
  | "mentor-behind"
  | "mentor-same-industry-only"
  | "mentor-early-only"
  | "mentee-same-industry-only"
  | "mentee-senior-plus-only";

/** Why a pair is never suggested. */
export interface FilterReason {
  code: FilterCode;
  message: string;
}

export interface RoundAssignment {
  menteeId: string;
  mentorId: string;
  score: number;
}

export interface RoundResult {
  assignments: RoundAssignment[];
  unassigned: string[];
  totalScore: number;
}
