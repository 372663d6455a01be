import { describe, expect, it } from "vitest";
import { buildIndex, DEFAULT_WEIGHTS, resolveWeights, scorePair } from "../../src/matching/index.js";
import type { MenteeInput, MentorInput, PairScore, Weights } from "../../src/matching/index.js";
import { mentee, mentor, pick, prng, randomCommunity, randomWeights } from "./helpers.js";

const only = (name: keyof Weights): Weights => ({ industry: 0, stage: 0, topics: 0, text: 0, [name]: 1 });
const idf = (documents: number, df: number): number => 1 + Math.log((1 + documents) / (1 + df));

describe("default weights", () => {
  it("are the documented defaults and sum to 1", () => {
    expect(DEFAULT_WEIGHTS).toEqual({ industry: 0.25, stage: 0.25, topics: 0.35, text: 0.15 });
    expect(Object.values(DEFAULT_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("reject negative or non-finite weights", () => {
    expect(() => resolveWeights({ text: -0.1 })).toThrow(RangeError);
    expect(() => resolveWeights({ stage: Number.NaN })).toThrow(RangeError);
    expect(resolveWeights({ text: 0 })).toEqual({ ...DEFAULT_WEIGHTS, text: 0 });
  });
});

describe("each criterion alone", () => {
  it("industry: same 1, related 0.5, unrelated 0, career changers by target", () => {
    const s = mentee({ id: "s", industry: "banking" });
    const value = (m: MentorInput, who: MenteeInput = s): number => scorePair(m, who, { weights: only("industry") }).score;
    expect(value(mentor({ id: "a", industry: "Banking" }))).toBe(1);
    expect(value(mentor({ id: "b", industry: "Financial Services" }))).toBe(0.5); // Banking is under Financial Services
    expect(value(mentor({ id: "c", industry: "healthcare" }))).toBe(0);
    const changer = mentee({ id: "t", industry: "retail", changingCareer: true, targetIndustry: "healthcare" });
    expect(value(mentor({ id: "c", industry: "healthcare" }), changer)).toBe(1);
    expect(value(mentor({ id: "d", industry: "retail" }), changer)).toBe(0);
  });

  it("stage: 1 and 2 ahead best, far ahead lower, peers low", () => {
    const s = mentee({ id: "s", stage: "student" });
    const value = (stage: MentorInput["stage"]): number => scorePair(mentor({ id: "m", stage }), s, { weights: only("stage") }).score;
    expect([value("student"), value("early"), value("mid"), value("senior"), value("executive")]).toEqual([0.8, 1, 0.95, 0.85, 0.85]);
  });

  it("topics: shared IDF over the mentee's IDF, rare topics counting more", () => {
    // "interviewing" is everywhere, "mba" is rare.
    const crowd = Array.from({ length: 8 }, (_, i) => mentor({ id: `c${i}`, topics: ["interviews"] }));
    const common = mentor({ id: "common", topics: ["Interviewing"] });
    const rare = mentor({ id: "rare", topics: ["MBA"] });
    const s = mentee({ id: "s", topics: ["interview prep", "mba"] });
    const index = buildIndex({ mentors: [...crowd, common, rare], mentees: [s], weights: only("topics") });
    const documents = 11;
    const idfInterviewing = idf(documents, 10); // the crowd, "common" and the mentee
    const idfMba = idf(documents, 2);
    // sqrt of the IDF share: the first specific match counts most.
    expect(index.scorePair("common", "s").score).toBeCloseTo(Math.sqrt(idfInterviewing / (idfInterviewing + idfMba)), 12);
    expect(index.scorePair("rare", "s").score).toBeCloseTo(Math.sqrt(idfMba / (idfInterviewing + idfMba)), 12);
    expect(index.scorePair("rare", "s").score).toBeGreaterThan(index.scorePair("common", "s").score);
    expect(index.scorePair("rare", "s").criteria.topics.reason).toBe("shared topics: mba");
    expect(index.scorePair(mentor({ id: "both", topics: ["mba", "interviews", "cv"] }), "s").score).toBeCloseTo(1, 12);
    expect(index.scorePair(mentor({ id: "none", topics: ["cv"] }), "s").score).toBe(0);
    expect(index.scorePair("rare", mentee({ id: "x", topics: [] })).criteria.topics).toEqual({ value: 0, reason: "mentee listed no topics" });
  });

  it("text: TF-IDF cosine of the about texts, stop words ignored", () => {
    const s = mentee({ id: "s", about: "I want help negotiating my salary and preparing for interviews" });
    const value = (about: string): PairScore => scorePair(mentor({ id: "m", about }), s, { weights: only("text") });
    expect(value("I want help negotiating my salary and preparing for interviews").score).toBeCloseTo(1, 6);
    expect(value("Kubernetes clusters and cloud costs").score).toBe(0);
    expect(value("I would like to help you with the things that you want").score).toBe(0);
    const partial = value("Salary negotiation coaching, and interview practice");
    expect(partial.score).toBeGreaterThan(0.2);
    expect(partial.score).toBeLessThan(1);
    expect(partial.criteria.text.reason).toMatch(/^similar goals: /);
    expect(partial.criteria.text.reason).toContain("salary");
    expect(partial.criteria.text.reason).toMatch(/interview/);
  });
});

describe("reasons", () => {
  const asha = mentor({ id: "asha", industry: "fintech", stage: "senior", topics: ["interviewing", "salary negotiation"], about: "Mock interviews and salary negotiation" });
  const ben = mentee({ id: "ben", industry: "banking", stage: "early", topics: ["Interviews", "negotiating salary", "cv"], about: "I need interview practice and help with salary" });

  it("name the evidence, strongest contribution first", () => {
    const score = scorePair(asha, ben);
    expect(score.reasons).toEqual([
      score.criteria.topics.reason,
      score.criteria.stage.reason,
      score.criteria.industry.reason,
      score.criteria.text.reason,
    ]);
    expect(score.criteria.industry.reason).toBe("related industries: Banking ~ Financial Services");
    expect(score.criteria.stage.reason).toBe("mentor is 2 stages ahead (senior → early career)");
    expect(score.criteria.topics.reason).toMatch(/^shared topics: (interviewing, salary negotiation|salary negotiation, interviewing)$/);
    expect(score.criteria.text.reason).toMatch(/^similar goals: .*salary/);
  });

  it("leave out criteria that contributed nothing", () => {
    const score = scorePair(mentor({ id: "m", industry: "legal", stage: "mid", topics: ["mba"], about: "contracts" }), ben);
    expect(score.reasons).toEqual(["mentor is 1 stage ahead (mid career → early career)"]);
    expect(score.criteria.industry).toEqual({ value: 0, reason: "different industry: Legal Services vs Banking" });
    expect(score.criteria.topics).toEqual({ value: 0, reason: "no shared topics" });
  });
});

describe("weights", () => {
  const m = mentor({ id: "m", industry: "fintech", stage: "mid", topics: ["cv", "mba"], about: "cv reviews and mba applications" });
  const s = mentee({ id: "s", industry: "fintech", stage: "early", topics: ["cv", "networking"], about: "my cv needs work" });

  it("normalise the weighted sum", () => {
    const score = scorePair(m, s, { weights: { industry: 2, stage: 2, topics: 2, text: 2 } });
    const c = score.criteria;
    expect(score.score).toBeCloseTo((c.industry.value + c.stage.value + c.topics.value + c.text.value) / 4, 12);
  });

  it("of zero remove a criterion entirely", () => {
    const full = scorePair(m, s, { weights: { industry: 0.25, stage: 0.25, topics: 0.35, text: 0.15 } });
    const noIndustry = scorePair(m, s, { weights: { industry: 0, stage: 0.25, topics: 0.35, text: 0.15 } });
    const c = full.criteria;
    expect(noIndustry.score).toBeCloseTo((0.25 * c.stage.value + 0.35 * c.topics.value + 0.15 * c.text.value) / 0.75, 12);
    expect(noIndustry.reasons).not.toContain(c.industry.reason);
    expect(full.reasons).toContain(c.industry.reason);
    expect(noIndustry.criteria.industry).toEqual({ value: 0, reason: "not used (weight 0)" });
    const noText = scorePair(m, s, { weights: { text: 0 } });
    expect(noText.criteria.text.value).toBe(0);
    expect(noText.reasons.some((r) => r.startsWith("similar goals"))).toBe(false);
  });

  it("all zero give 0 instead of dividing by zero", () => {
    const score = scorePair(m, s, { weights: { industry: 0, stage: 0, topics: 0, text: 0 } });
    expect(score.score).toBe(0);
    expect(score.reasons).toEqual([]);
    const allZero = buildIndex({ mentors: [m], mentees: [s], weights: { industry: 0, stage: 0, topics: 0, text: 0 } });
    expect(allZero.topMentors("s", 1, { includeWeak: true })[0]?.score).toBe(0);
    // No criterion counts, so no pair has evidence: nothing is suggested by default.
    expect(allZero.topMentors("s", 1)).toEqual([]);
  });
});

describe("properties over random pairs", () => {
  it("every criterion and the score are in [0, 1] and the score is the weighted mean", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = prng(seed);
      const community = randomCommunity(random, { mentors: 15, mentees: 15 });
      const weights = randomWeights(random);
      const index = buildIndex({ ...community, weights });
      const total = weights.industry + weights.stage + weights.topics + weights.text;
      for (const m of community.mentors) {
        for (const s of community.mentees) {
          const score = index.scorePair(m.id, s.id);
          expect(score.score).toBeGreaterThanOrEqual(0);
          expect(score.score).toBeLessThanOrEqual(1);
          let weighted = 0;
          for (const name of ["industry", "stage", "topics", "text"] as const) {
            expect(score.criteria[name].value).toBeGreaterThanOrEqual(0);
            expect(score.criteria[name].value).toBeLessThanOrEqual(1);
            weighted += weights[name] * score.criteria[name].value;
          }
          // Weighted mean, lowered only for mentors with more pending requests than free places.
          expect(score.score).toBeCloseTo((total > 0 ? weighted / total : 0) * score.loadFactor, 12);
          expect(score.loadFactor).toBeGreaterThan(0);
          expect(score.loadFactor).toBeLessThanOrEqual(1);
          expect(score.reasons.every((r) => r.length > 0)).toBe(true);
        }
      }
    }
  });

  it("adding one of the mentee's topics to the mentor never lowers the score", () => {
    let raised = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(1000 + seed);
      const community = randomCommunity(random, { mentors: 12, mentees: 8 });
      const weights = seed % 2 === 0 ? randomWeights(random) : undefined;
      const index = buildIndex({ ...community, weights });
      for (let trial = 0; trial < 10; trial++) {
        const m = pick(random, community.mentors);
        const s = pick(random, community.mentees);
        if (s.topics.length === 0) continue;
        const added = { ...m, topics: [...m.topics, pick(random, s.topics)] };
        const before = index.scorePair(m, s).score;
        // Same community statistics...
        expect(index.scorePair(added, s).score).toBeGreaterThanOrEqual(before);
        // ...and with the community rebuilt around the changed mentor (the topic's IDF drops).
        const rebuilt = buildIndex({ mentors: community.mentors.map((x) => (x.id === m.id ? added : x)), mentees: community.mentees, weights });
        const after = rebuilt.scorePair(m.id, s.id).score;
        expect(after).toBeGreaterThanOrEqual(index.scorePair(m.id, s.id).score - 1e-12);
        if (after > before + 1e-9) raised++;
      }
    }
    expect(raised).toBeGreaterThan(20);
  });
});
