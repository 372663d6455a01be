import { describe, expect, it } from "vitest";
import { buildIndex, DEFAULT_WEIGHTS, loadFactor, scorePair } from "../../src/matching/index.js";
import type { PairScore } from "../../src/matching/index.js";
import { mentee, mentor, pick, prng, randomCommunity, randomWeights } from "./helpers.js";

const summary = (scores: PairScore[]): string[] => scores.map((s) => `${s.mentorId}/${s.menteeId}:${s.score}:${s.strong}`);

describe("minimum evidence", () => {
  const student = mentee({ id: "s", industry: "Software Development", stage: "student", topics: ["CV review"], about: "Could someone review my CV?" });
  const unrelated = ["a", "b", "c"].map((id) => mentor({ id, industry: "Software Development", stage: "early", topics: ["kotlin"], about: "Android apps" }));

  it("suggests nobody when nobody has a shared topic, informative shared words or the target industry", () => {
    const index = buildIndex({ mentors: unrelated, mentees: [student] });
    expect(index.topMentors("s", 5)).toEqual([]);
    expect(index.scanTopMentors("s", 5)).toEqual([]);
    // On request the filler is still there, ranked, and marked weak.
    const weak = index.topMentors("s", 5, { includeWeak: true });
    expect(weak.map((p) => p.mentorId)).toEqual(["a", "b", "c"]);
    expect(weak.every((p) => !p.strong && !p.evidence.topics && !p.evidence.text && !p.evidence.targetIndustry)).toBe(true);
    expect(weak[0]?.reasons).toEqual(["both in Software Development", "mentor is 1 stage ahead (early career → student)"]);
  });

  it("accepts a shared topic, a close family member, or informative text", () => {
    const cv = mentor({ id: "cv", stage: "mid", topics: ["resume"] });
    const family = mentor({ id: "fam", stage: "mid", topics: ["career advice"] });
    const text = mentor({ id: "txt", stage: "mid", about: "Graduate CVs and cover letters" });
    const index = buildIndex({ mentors: [...unrelated, cv, family, text], mentees: [student] });
    const ranked = index.topMentors("s", 5);
    expect(ranked.map((p) => p.mentorId).sort()).toEqual(["cv", "fam"]);
    expect(index.scorePair("cv", "s").evidence.topics).toBe(true);
    expect(index.scorePair("fam", "s").evidence.topics).toBe(true);
    expect(index.scorePair("fam", "s").criteria.topics.reason).toBe("related topics: career advice (for cv)");
    // One informative shared word ("cvs"/"cv") is not yet a meaningful overlap...
    expect(index.scorePair("txt", "s").evidence.text).toBe(false);
    // ...two are.
    const s2 = mentee({ id: "s2", stage: "student", about: "Please read my CV and my cover letter" });
    expect(scorePair(text, s2).evidence.text).toBe(true);
  });

  it("accepts a mentor in a career changer's target industry", () => {
    const changer = mentee({ id: "t", industry: "Education", stage: "early", changingCareer: true, targetIndustry: "software", topics: ["kotlin"] });
    const inTarget = mentor({ id: "sd", industry: "Software Development", stage: "mid" });
    const elsewhere = mentor({ id: "edu", industry: "Higher Education", stage: "mid" });
    const index = buildIndex({ mentors: [inTarget, elsewhere], mentees: [changer] });
    expect(index.topMentors("t", 5).map((p) => p.mentorId)).toEqual(["sd"]);
    expect(index.scorePair("sd", "t").evidence).toEqual({ topics: false, text: false, targetIndustry: true });
  });

  it("gives no evidence through a criterion of weight 0", () => {
    const m = mentor({ id: "m", topics: ["cv"] });
    const s = mentee({ id: "s", topics: ["cv"] });
    expect(scorePair(m, s).strong).toBe(true);
    expect(scorePair(m, s, { weights: { topics: 0 } }).strong).toBe(false);
  });
});

describe("informative text reasons", () => {
  it("show only words that are informative and present on both sides", () => {
    const s = mentee({ id: "s", about: "Tell us about your second job; I'm working on related things, negotiating salary" });
    const m = mentor({ id: "m", about: "Tell us more: second opinions on related work, working with salary negotiation" });
    const reason = scorePair(m, s).criteria.text.reason;
    expect(reason).toMatch(/^similar goals: /);
    for (const word of ["tell", "second", "us", "related", "working"]) expect(reason.split(/[:,] /)).not.toContain(word);
    expect(reason).toContain("salary");
  });

  it("leave out words most of a large community uses", () => {
    const crowd = Array.from({ length: 30 }, (_, i) => mentor({ id: `c${i}`, about: "kotlin developer" }));
    const m = mentor({ id: "m", about: "kotlin developer who loves accessibility audits" });
    const s = mentee({ id: "s", about: "kotlin developer wanting accessibility audits" });
    const index = buildIndex({ mentors: [...crowd, m], mentees: [s] });
    const reason = index.scorePair("m", "s").criteria.text.reason;
    expect(reason).toContain("accessibility");
    expect(reason).not.toContain("kotlin");
    expect(reason).not.toContain("developer");
  });
});

describe("calibrated scoring", () => {
  it("lets one specific shared topic outweigh a stage ahead (issue 11's accessibility specialist)", () => {
    const asker = mentee({ id: "s", industry: "Software Development", stage: "mid", topics: ["accessibility", "screen readers", "aria"], about: "I want to specialise in web accessibility" });
    const specialists = ["a1", "a2", "a3"].map((id) => mentor({ id, industry: "Software Development", stage: "mid", topics: ["a11y", "css"] }));
    const seniors = Array.from({ length: 60 }, (_, i) => mentor({ id: `z${i}`, industry: "Software Development", stage: "senior", topics: ["java", "spring"], about: "backend services" }));
    for (const weights of [DEFAULT_WEIGHTS, { industry: 0.2, stage: 0.3, topics: 0.3, text: 0.2 }]) {
      const index = buildIndex({ mentors: [...seniors, ...specialists], mentees: [asker], weights });
      // Ranked even among filler (includeWeak): the three exact matches come first, not 61st-63rd.
      expect(index.topMentors("s", 3, { includeWeak: true }).map((p) => p.mentorId)).toEqual(["a1", "a2", "a3"]);
      expect(index.topMentors("s", 10).map((p) => p.mentorId)).toEqual(["a1", "a2", "a3"]);
    }
  });

  it("scores one and two stages ahead nearly the same and keeps peers possible", () => {
    const s = mentee({ id: "s", stage: "early", topics: ["cv"] });
    const score = (stage: "early" | "mid" | "senior"): number => scorePair(mentor({ id: "m", stage, topics: ["cv"] }), s).score;
    expect(Math.abs(score("mid") - score("senior"))).toBeLessThan(0.02);
    expect(score("early")).toBeGreaterThan(0.8 * score("mid"));
  });
});

describe("spreading the load", () => {
  it("ranks a mentor with more pending requests than free places lower until they answer", () => {
    const popular = mentor({ id: "a-popular", capacity: 1, pendingRequests: 20, topics: ["cv"], about: "cv reviews" });
    const idle = mentor({ id: "b-idle", capacity: 1, pendingRequests: 0, topics: ["cv"], about: "cv reviews" });
    const s = mentee({ id: "s", topics: ["cv"], about: "cv reviews" });
    const index = buildIndex({ mentors: [popular, idle], mentees: [s] });
    const ranked = index.topMentors("s", 2);
    expect(ranked.map((p) => p.mentorId)).toEqual(["b-idle", "a-popular"]);
    expect(ranked[1]?.loadFactor).toBeCloseTo(loadFactor(1, 20), 12);
    expect(ranked[1]?.score).toBeCloseTo((ranked[0]?.score ?? 0) * loadFactor(1, 20), 12);
    // Answering the requests restores the rank (ties break by id).
    const answered = buildIndex({ mentors: [{ ...popular, pendingRequests: 1 }, idle], mentees: [s] });
    expect(answered.topMentors("s", 2).map((p) => p.mentorId)).toEqual(["a-popular", "b-idle"]);
  });

  it("lowers scores in proportion to the excess over free places", () => {
    expect(loadFactor(1, 0)).toBe(1);
    expect(loadFactor(1, 1)).toBe(1);
    expect(loadFactor(1, 2)).toBeCloseTo(0.8, 12);
    expect(loadFactor(5, 6)).toBeCloseTo(5 / 5.25, 12);
    expect(loadFactor(1, 20)).toBeLessThan(0.2);
    expect(loadFactor(2, 10)).toBeLessThan(loadFactor(2, 5));
  });
});

describe("top-k equals the full scan with the new scoring", () => {
  it("with and without weak pairs, families, load factors, random weights and block lists", () => {
    let compared = 0;
    let strongSeen = 0;
    let weakSeen = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(7000 + seed);
      const community = randomCommunity(random, { mentors: 5 + Math.floor(random() * 70), mentees: 5 + Math.floor(random() * 30), picky: 0.4 });
      const weights = seed % 3 === 0 ? randomWeights(random) : undefined;
      const index = buildIndex({ ...community, weights });
      const blocked = new Set<string>();
      for (let i = 0; i < 10; i++) blocked.add(`${pick(random, community.mentors).id}:${pick(random, community.mentees).id}`);
      const isBlocked = seed % 2 === 0 ? (m: string, s: string): boolean => blocked.has(`${m}:${s}`) : undefined;
      for (const includeWeak of [false, true]) {
        for (const s of community.mentees) {
          const k = 1 + Math.floor(random() * 10);
          const fast = index.topMentors(s.id, k, { isBlocked, includeWeak });
          expect(summary(fast)).toEqual(summary(index.scanTopMentors(s.id, k, { isBlocked, includeWeak })));
          for (const p of fast) {
            if (!includeWeak) expect(p.strong).toBe(true);
            if (p.strong) strongSeen++;
            else weakSeen++;
          }
          compared++;
        }
        for (const m of community.mentors.slice(0, 10)) {
          const k = 1 + Math.floor(random() * 10);
          expect(summary(index.topMentees(m.id, k, { isBlocked, includeWeak }))).toEqual(summary(index.scanTopMentees(m.id, k, { isBlocked, includeWeak })));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(strongSeen).toBeGreaterThan(300);
    expect(weakSeen).toBeGreaterThan(100);
  });
});
