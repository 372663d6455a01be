import { describe, expect, it } from "vitest";
import { buildIndex, describeFilter, filterReason } from "../../src/matching/index.js";
import type { FilterCode, MenteeInput, MentorInput } from "../../src/matching/index.js";
import { mentee, mentor, prng, randomCommunity } from "./helpers.js";

const codeOf = (m: MentorInput, s: MenteeInput, blocked = false): FilterCode | null =>
  filterReason(m, s, { isBlocked: () => blocked })?.code ?? null;

/** The pair is filtered by the function and never suggested by the index, in either direction. */
function expectExcluded(m: MentorInput, s: MenteeInput, code: FilterCode): void {
  expect(codeOf(m, s)).toBe(code);
  const index = buildIndex({ mentors: [m], mentees: [s] });
  // includeWeak: these fixtures share no evidence; the point is the filter, not the evidence rule.
  expect(index.topMentors(s.id, 5, { includeWeak: true })).toEqual([]);
  expect(index.scanTopMentors(s.id, 5, { includeWeak: true })).toEqual([]);
  expect(index.topMentees(m.id, 5, { includeWeak: true })).toEqual([]);
  expect(index.filterReason(m.id, s.id)?.code).toBe(code);
}

function expectAllowed(m: MentorInput, s: MenteeInput): void {
  expect(codeOf(m, s)).toBeNull();
  const index = buildIndex({ mentors: [m], mentees: [s] });
  expect(index.topMentors(s.id, 5, { includeWeak: true }).map((p) => p.mentorId)).toEqual([m.id]);
  expect(index.topMentees(m.id, 5, { includeWeak: true }).map((p) => p.menteeId)).toEqual([s.id]);
}

describe("hard filters", () => {
  it("exclude oneself (a member who is both mentor and mentee)", () => {
    expectExcluded(mentor({ id: "u1" }), mentee({ id: "u1" }), "self");
  });

  it("require an available mentor with a free place", () => {
    expectExcluded(mentor({ id: "m", available: false }), mentee({ id: "s" }), "unavailable");
    expectExcluded(mentor({ id: "m", capacity: 2, activeCount: 2 }), mentee({ id: "s" }), "at-capacity");
    expectAllowed(mentor({ id: "m", capacity: 2, activeCount: 1 }), mentee({ id: "s" }));
    expectAllowed(mentor({ id: "m", capacity: 1, activeCount: undefined }), mentee({ id: "s" }));
  });

  it("respect the caller's block list (open or recently declined matches)", () => {
    const m = mentor({ id: "m" });
    const s = mentee({ id: "s" });
    expect(codeOf(m, s, true)).toBe("blocked");
    const index = buildIndex({ mentors: [m, mentor({ id: "other" })], mentees: [s] });
    const isBlocked = (mentorId: string, menteeId: string): boolean => mentorId === "m" && menteeId === "s";
    expect(index.topMentors("s", 5, { isBlocked, includeWeak: true }).map((p) => p.mentorId)).toEqual(["other"]);
    expect(index.topMentees("m", 5, { isBlocked, includeWeak: true })).toEqual([]);
    expect(index.filterReason("m", "s", { isBlocked })?.code).toBe("blocked");
  });

  it("never suggest a mentor behind the mentee", () => {
    expectExcluded(mentor({ id: "m", stage: "early" }), mentee({ id: "s", stage: "mid" }), "mentor-behind");
    expectAllowed(mentor({ id: "m", stage: "mid" }), mentee({ id: "s", stage: "mid" }));
  });

  it("apply the mentor's same-industry preference (target industry for career changers)", () => {
    const m = mentor({ id: "m", industry: "fintech", advises: "same-industry" });
    expectExcluded(m, mentee({ id: "s", industry: "banking" }), "mentor-same-industry-only");
    expectAllowed(m, mentee({ id: "s", industry: "FinTech" }));
    expectAllowed(m, mentee({ id: "s", industry: "retail", changingCareer: true, targetIndustry: "fintech" }));
    expectExcluded(m, mentee({ id: "s", industry: "fintech", changingCareer: true, targetIndustry: "healthcare" }), "mentor-same-industry-only");
  });

  it("apply the mentor's early-only preference", () => {
    const m = mentor({ id: "m", stage: "executive", advises: "early-only" });
    expectAllowed(m, mentee({ id: "s", stage: "student" }));
    expectAllowed(m, mentee({ id: "s", stage: "early" }));
    expectExcluded(m, mentee({ id: "s", stage: "mid" }), "mentor-early-only");
  });

  it("apply the mentee's same-industry preference", () => {
    const s = mentee({ id: "s", industry: "healthcare", acceptsFrom: "same-industry" });
    expectExcluded(mentor({ id: "m", industry: "pharma" }), s, "mentee-same-industry-only");
    expectAllowed(mentor({ id: "m", industry: "Health care" }), s);
  });

  it("apply the mentee's senior-plus preference", () => {
    const s = mentee({ id: "s", stage: "student", acceptsFrom: "senior-plus" });
    expectExcluded(mentor({ id: "m", stage: "mid" }), s, "mentee-senior-plus-only");
    expectAllowed(mentor({ id: "m", stage: "senior" }), s);
    expectAllowed(mentor({ id: "m", stage: "executive" }), s);
  });

  it("never treat two empty industries as the same industry", () => {
    expectExcluded(mentor({ id: "m", industry: "", advises: "same-industry" }), mentee({ id: "s", industry: "" }), "mentor-same-industry-only");
  });

  it("explain themselves in a sentence naming the people", () => {
    const reason = filterReason(mentor({ id: "m", name: "Asha", capacity: 2, activeCount: 2 }), mentee({ id: "s", name: "Ben" }));
    expect(reason).toEqual({ code: "at-capacity", message: "Asha is at capacity (2/2 mentees)" });
    expect(describeFilter(reason ?? { code: "self", message: "" })).toBe("Asha is at capacity (2/2 mentees)");
    expect(filterReason(mentor({ id: "m", name: "Asha", stage: "mid" }), mentee({ id: "s", name: "Ben", acceptsFrom: "senior-plus" }))?.message).toBe(
      "Ben only accepts senior or executive mentors, Asha is mid career",
    );
    const changer = mentee({ id: "s", name: "Chloe", industry: "retail", changingCareer: true, targetIndustry: "fintech", acceptsFrom: "same-industry" });
    expect(filterReason(mentor({ id: "m", name: "Tom", industry: "banking" }), changer)?.message).toBe(
      "Chloe only accepts mentors from Financial Services (target industry), Tom is in Banking",
    );
  });

  it("agree with the index on random communities: suggested pairs pass, filtered pairs never appear", () => {
    for (let seed = 1; seed <= 15; seed++) {
      const random = prng(seed * 31);
      const community = randomCommunity(random, { mentors: 25, mentees: 25, picky: 0.5 });
      const index = buildIndex(community);
      const blocked = new Set([`${community.mentors[0]?.id}:${community.mentees[0]?.id}`, `${community.mentors[1]?.id}:${community.mentees[2]?.id}`]);
      const isBlocked = (m: string, s: string): boolean => blocked.has(`${m}:${s}`);
      for (const s of community.mentees) {
        const suggested = new Set(index.topMentors(s.id, 1000, { isBlocked, includeWeak: true }).map((p) => p.mentorId));
        for (const m of community.mentors) {
          const reason = filterReason(m, s, { isBlocked });
          expect(suggested.has(m.id)).toBe(reason === null);
          expect(index.filterReason(m.id, s.id, { isBlocked })).toEqual(reason);
        }
      }
    }
  });
});
