import { buildIndex } from "./index-search.js";
import type { MenteeInput, MentorInput, PairScore, Weights } from "./types.js";

export interface ScorePairOptions {
  weights?: Partial<Weights>;
  /**
   * Profiles whose topics and words set the IDF (how rare a shared topic is). Without it the
   * pair is its own community, so every topic counts about the same.
   */
  community?: { mentors?: readonly MentorInput[]; mentees?: readonly MenteeInput[] };
}

/**
 * Score of one pair outside an index (hard filters not applied, see filterReason). For many
 * pairs of one community, build a MatchingIndex once and use its scorePair.
 */
export function scorePair(mentor: MentorInput, mentee: MenteeInput, options: ScorePairOptions = {}): PairScore {
  const index = buildIndex({
    mentors: options.community?.mentors ?? [],
    mentees: options.community?.mentees ?? [],
    weights: options.weights,
  });
  return index.scorePair(mentor, mentee);
}
