// Shared fixtures for the matching tests: profile factories and seeded random communities.
import type { AcceptsFrom, Advises, MenteeInput, MentorInput, Stage, Weights } from "../../src/matching/index.js";

export function mentor(overrides: Partial<MentorInput> & { id: string }): MentorInput {
  return {
    name: `Mentor ${overrides.id}`,
    industry: "software",
    stage: "senior",
    topics: [],
    about: "",
    capacity: 2,
    activeCount: 0,
    available: true,
    advises: "anyone",
    ...overrides,
  };
}

export function mentee(overrides: Partial<MenteeInput> & { id: string }): MenteeInput {
  return {
    name: `Mentee ${overrides.id}`,
    industry: "software",
    stage: "early",
    changingCareer: false,
    targetIndustry: null,
    topics: [],
    about: "",
    acceptsFrom: "anyone",
    ...overrides,
  };
}

// mulberry32, shared with the benchmark so both are deterministic the same way.
export { prng } from "../../bench/generate.js";

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const STAGE_POOL: readonly Stage[] = ["student", "early", "mid", "senior", "executive"];
const INDUSTRY_POOL = ["fintech", "banking", "software", "data", "healthcare", "pharma", "marketing", "legal", "zoology", "Financial Services", "tech"];
const TOPIC_POOL = [
  "cv", "resumes", "interviews", "interviewing", "salary negotiation", "job hunting", "networking", "leadership",
  "promotion", "career switch", "imposter syndrome", "public speaking", "python", "portfolio", "mba", "burnout",
  // families (partial credit) and aliases
  "React", "react.js", "React Native", "javascript", "JS", "node", "UX research", "UX design", "k8s", "docker",
];
const WORDS = [
  "interview", "salary", "negotiate", "promotion", "manager", "team", "leadership", "job", "search", "cv",
  "portfolio", "python", "data", "banking", "switch", "industry", "confidence", "network", "startup", "mentor",
  "balance", "career", "the", "and", "with", "first", "role", "design", "sales", "policy",
];

export interface RandomCommunityOptions {
  mentors: number;
  mentees: number;
  /** Probability of a non-"anyone" preference, unavailable mentor, etc. */
  picky?: number;
}

/** Small pools on purpose: many shared topics, equal scores and ties. */
export function randomCommunity(random: () => number, options: RandomCommunityOptions): { mentors: MentorInput[]; mentees: MenteeInput[] } {
  const picky = options.picky ?? 0.2;
  const topics = (): string[] => Array.from({ length: Math.floor(random() * 5) }, () => pick(random, TOPIC_POOL));
  const about = (): string => Array.from({ length: Math.floor(random() * 12) }, () => pick(random, WORDS)).join(" ");
  const mentors = Array.from({ length: options.mentors }, (_, i): MentorInput => {
    const capacity = 1 + Math.floor(random() * 3);
    return {
      id: `m${i}`,
      name: `Mentor ${i}`,
      industry: pick(random, INDUSTRY_POOL),
      stage: pick(random, STAGE_POOL),
      topics: topics(),
      about: about(),
      capacity,
      activeCount: random() < picky ? Math.floor(random() * (capacity + 1)) : 0,
      pendingRequests: random() < picky ? Math.floor(random() * 6) : 0,
      available: random() >= picky / 2,
      advises: random() < picky ? pick<Advises>(random, ["same-industry", "early-only"]) : "anyone",
    };
  });
  const mentees = Array.from({ length: options.mentees }, (_, i): MenteeInput => {
    const changing = random() < 0.2;
    return {
      id: random() < 0.05 && i < options.mentors ? `m${i}` : `s${i}`, // sometimes the same person as a mentor
      name: `Mentee ${i}`,
      industry: pick(random, INDUSTRY_POOL),
      stage: pick(random, STAGE_POOL),
      changingCareer: changing,
      targetIndustry: changing ? pick(random, INDUSTRY_POOL) : null,
      topics: topics(),
      about: about(),
      acceptsFrom: random() < picky ? pick<AcceptsFrom>(random, ["same-industry", "senior-plus"]) : "anyone",
    };
  });
  return { mentors, mentees };
}

export function randomWeights(random: () => number): Weights {
  // Sometimes a zero, sometimes all but one zero: exercises the bounds of the index.
  const w = (): number => (random() < 0.25 ? 0 : Math.round(random() * 100) / 100);
  return { industry: w(), stage: w(), topics: w(), text: w() };
}
