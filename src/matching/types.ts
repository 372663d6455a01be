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
  /**
   * Requests waiting for this mentor's answer; defaults to 0. While they exceed the free places
   * (capacity - activeCount) the mentor's scores are lowered (see PairScore.loadFactor), so one
   * popular mentor does not collect every new request while others sit idle.
   */
  pendingRequests?: number;
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

/** The minimum evidence a suggestion needs; any one of them is enough. */
export interface PairEvidence {
  /** A topic of the mentee that the mentor has, or a close family member of it (credit >= 0.5). */
  topics: boolean;
  /** An informative word (not a stop word, not used by most of the community) in both about texts. */
  text: boolean;
  /** The mentee is changing career and the mentor works in the target industry. */
  targetIndustry: boolean;
}

export interface PairScore {
  mentorId: string;
  menteeId: string;
  /** Weighted mean of the criteria, in [0, 1], times loadFactor. */
  score: number;
  criteria: Record<CriterionName, CriterionResult>;
  /** Reasons of the criteria that contributed, strongest contribution first. */
  reasons: string[];
  /** Which kinds of minimum evidence the pair has (criteria with weight 0 give none). */
  evidence: PairEvidence;
  /** Whether the pair has minimum evidence; only strong pairs are suggested by default. */
  strong: boolean;
  /** Multiplier for the mentor's pending requests beyond free places; 1 when not overloaded. */
  loadFactor: number;
}

/** Pairs the caller wants excluded (open matches, recent declines within a cool-down, ...). */
export type IsBlocked = (mentorId: string, menteeId: string) => boolean;

export interface QueryOptions {
  isBlocked?: IsBlocked;
  /**
   * Also return pairs without minimum evidence (PairScore.strong false), ranked as usual. Off by
   * default: with no strong pair the answer is "no strong match yet", not filler.
   */
  includeWeak?: boolean;
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
