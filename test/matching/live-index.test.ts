import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildIndex, LiveIndex } from "../../src/matching/index.js";
import type { IsBlocked, MenteeInput, MentorInput, PairScore } from "../../src/matching/index.js";
import { pick, prng, randomCommunity, randomWeights } from "./helpers.js";

const summary = (scores: PairScore[]): string[] => scores.map((s) => `${s.mentorId}/${s.menteeId}:${s.score}`);

/** A fresh random profile of one side with the given id (random topics, text, preferences). */
function randomMentor(random: () => number, id: string): MentorInput {
  return { ...(randomCommunity(random, { mentors: 1, mentees: 0 }).mentors[0] as MentorInput), id };
}
function randomMentee(random: () => number, id: string): MenteeInput {
  return { ...(randomCommunity(random, { mentors: 0, mentees: 1 }).mentees[0] as MenteeInput), id };
}

/** Applies `steps` random upserts (new or existing ids, some shared by both sides) and removals. */
function mutate(live: LiveIndex, random: () => number, steps: number): void {
  for (let i = 0; i < steps; i++) {
    const r = random();
    const mentorIds = live.mentorInputs().map((m) => m.id);
    const menteeIds = live.menteeInputs().map((m) => m.id);
    if (r < 0.3) live.upsertMentor(randomMentor(random, random() < 0.5 && mentorIds.length > 0 ? pick(random, mentorIds) : `n${i}`));
    else if (r < 0.6) live.upsertMentee(randomMentee(random, random() < 0.5 && menteeIds.length > 0 ? pick(random, menteeIds) : random() < 0.2 ? `n${i}` : `t${i}`));
    else if (r < 0.7 && mentorIds.length > 0) {
      // A load change: the same profile with another active count or pending requests.
      const m = live.mentor(pick(random, mentorIds)) as MentorInput;
      live.upsertMentor({ ...m, activeCount: Math.floor(random() * (m.capacity + 1)), pendingRequests: Math.floor(random() * 5) });
    } else if (r < 0.85 && mentorIds.length > 0) live.removeMentor(pick(random, mentorIds));
    else if (menteeIds.length > 0) live.removeMentee(pick(random, menteeIds));
  }
}

describe("LiveIndex: incremental updates keep top-k exact", () => {
  it("top-k after random upserts and removals equals the full scan of the same snapshot, and after compact() a fresh buildIndex", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 80 }), fc.boolean(), (seed, steps, weighted) => {
        const random = prng(seed);
        const community = randomCommunity(random, { mentors: 5 + Math.floor(random() * 60), mentees: 5 + Math.floor(random() * 30) });
        const weights = weighted ? randomWeights(random) : undefined;
        const live = new LiveIndex({ ...community, weights, maxPending: 1_000_000 });
        mutate(live, random, steps);
        const blockedPairs = new Set<string>();
        const mentors = live.mentorInputs();
        const mentees = live.menteeInputs();
        for (let i = 0; i < 10 && mentors.length > 0 && mentees.length > 0; i++) blockedPairs.add(`${pick(random, mentors).id}:${pick(random, mentees).id}`);
        const isBlocked: IsBlocked = (m, s) => blockedPairs.has(`${m}:${s}`);
        const check = (index: { topMentors: LiveIndex["topMentors"]; topMentees: LiveIndex["topMentees"] }, reference: typeof index): void => {
          for (const s of mentees.slice(0, 12)) {
            const k = 1 + Math.floor(random() * 8);
            const includeWeak = random() < 0.3;
            expect(summary(index.topMentors(s.id, k, { isBlocked, includeWeak }))).toEqual(summary(reference.topMentors(s.id, k, { isBlocked, includeWeak })));
          }
          for (const m of mentors.slice(0, 8)) {
            const k = 1 + Math.floor(random() * 8);
            expect(summary(index.topMentees(m.id, k, { isBlocked }))).toEqual(summary(reference.topMentees(m.id, k, { isBlocked })));
          }
        };
        // Before compaction: the overlay against the stale-IDF snapshot's full scan.
        check(live, { topMentors: (id, k, o) => live.scanTopMentors(id, k, o), topMentees: (id, k, o) => live.scanTopMentees(id, k, o) });
        // After compaction: exactly a fresh index over the same profiles.
        live.compact();
        expect(live.pendingChanges).toBe(0);
        const fresh = buildIndex({ mentors, mentees, weights });
        check(live, { topMentors: (id, k, o) => fresh.topMentors(id, k, o), topMentees: (id, k, o) => fresh.topMentees(id, k, o) });
      }),
      { numRuns: 60 },
    );
  });

  it("scoreById and filterReason answer for changed profiles as a fresh index does once compacted", () => {
    const random = prng(7);
    const live = new LiveIndex(randomCommunity(random, { mentors: 30, mentees: 20 }));
    live.upsertMentor(randomMentor(random, "new-mentor"));
    live.upsertMentor({ ...(live.mentor("new-mentor") as MentorInput), available: false });
    expect(live.filterReason("new-mentor", "s1")?.code).toBe("unavailable");
    live.removeMentee("s1");
    expect(() => live.topMentors("s1", 3)).toThrow(RangeError);
    expect(live.topMentees("m1", 100, { includeWeak: true }).some((s) => s.menteeId === "s1")).toBe(false);
    live.upsertMentee(randomMentee(random, "s1"));
    const before = live.scoreById("m2", "s1");
    live.compact();
    expect(live.scoreById("m2", "s1").mentorId).toBe(before.mentorId);
    const fresh = buildIndex({ mentors: live.mentorInputs(), mentees: live.menteeInputs() });
    expect(live.scoreById("m2", "s1").score).toBe(fresh.scoreById("m2", "s1").score);
  });

  it("a stepped build equals the constructor's, and a stepped compaction with updates between its steps answers exactly at every step and after the swap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 40 }), (seed, every) => {
        const random = prng(seed);
        const community = randomCommunity(random, { mentors: 5 + Math.floor(random() * 40), mentees: 5 + Math.floor(random() * 25) });
        const exact = (live: LiveIndex): void => {
          for (const s of live.menteeInputs().slice(0, 6)) {
            const k = 1 + Math.floor(random() * 6);
            expect(summary(live.topMentors(s.id, k, { includeWeak: true }))).toEqual(summary(live.scanTopMentors(s.id, k, { includeWeak: true })));
          }
          for (const m of live.mentorInputs().slice(0, 4)) expect(summary(live.topMentees(m.id, 5))).toEqual(summary(live.scanTopMentees(m.id, 5)));
        };
        const steps = LiveIndex.createSteps({ ...community, maxPending: 1_000_000 });
        let created = steps.next();
        let count = 0;
        while (created.done !== true) {
          count++;
          created = steps.next();
        }
        expect(count).toBeGreaterThanOrEqual(community.mentors.length + community.mentees.length);
        const live = created.value;
        const plain = new LiveIndex({ ...community, maxPending: 1_000_000 });
        expect(live.builds).toBe(1);
        for (const s of community.mentees) expect(summary(live.topMentors(s.id, 5))).toEqual(summary(plain.topMentors(s.id, 5)));

        mutate(live, random, 10);
        const compaction = live.compactSteps();
        let step = compaction.next();
        let i = 0;
        while (step.done !== true) {
          // Members keep editing profiles while the new base is built; answers stay exact.
          if (++i % every === 0) {
            mutate(live, random, 1);
            exact(live);
          }
          step = compaction.next();
        }
        expect(step.value).toBe(true);
        expect(live.builds).toBe(2);
        exact(live);
        // Only what changed during the build is left in the overlay.
        expect(live.pendingChanges).toBeLessThanOrEqual(Math.floor(i / every));
      }),
      { numRuns: 40 },
    );
  });

  it("a stepped compaction overtaken by compact() or new weights is dropped, and the later build stands", () => {
    const random = prng(11);
    const live = new LiveIndex({ ...randomCommunity(random, { mentors: 20, mentees: 20 }), maxPending: 1_000_000 });
    live.upsertMentee(randomMentee(random, "late"));
    const first = live.compactSteps();
    first.next();
    live.compact();
    expect(live.builds).toBe(2);
    let step = first.next();
    while (step.done !== true) step = first.next();
    expect(step.value).toBe(false);
    expect(live.builds).toBe(2);
    const second = live.compactSteps();
    second.next();
    live.setWeights(randomWeights(random));
    let next = second.next();
    while (next.done !== true) next = second.next();
    expect(next.value).toBe(false);
    const fresh = buildIndex({ mentors: live.mentorInputs(), mentees: live.menteeInputs(), weights: live.resolvedWeights });
    for (const s of live.menteeInputs()) expect(summary(live.topMentors(s.id, 4))).toEqual(summary(fresh.topMentors(s.id, 4)));
  });

  it("topMentorScores gives topMentors' mentors and scores in the same order, with changed profiles pending and after compaction", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = prng(seed * 31337);
      const community = randomCommunity(random, { mentors: 5 + Math.floor(random() * 50), mentees: 5 + Math.floor(random() * 20) });
      const live = new LiveIndex({ ...community, weights: seed % 3 === 0 ? randomWeights(random) : undefined, maxPending: 1_000_000 });
      mutate(live, random, 1 + Math.floor(random() * 40));
      const mentors = live.mentorInputs();
      const blockedPairs = new Set<string>();
      for (const s of live.menteeInputs()) if (mentors.length > 0 && random() < 0.5) blockedPairs.add(`${pick(random, mentors).id}:${s.id}`);
      const isBlocked: IsBlocked = (m, s) => blockedPairs.has(`${m}:${s}`);
      const check = (): void => {
        for (const s of live.menteeInputs()) {
          const k = 1 + Math.floor(random() * 10);
          const includeWeak = random() < 0.5;
          const full = live.topMentors(s.id, k, { isBlocked, includeWeak }).map((p) => ({ mentorId: p.mentorId, score: p.score }));
          expect(live.topMentorScores(s.id, k, { isBlocked, includeWeak })).toEqual(full);
        }
      };
      check();
      live.compact();
      check();
    }
  });

  it("compacts once maxPending profiles changed", () => {
    const random = prng(3);
    const live = new LiveIndex({ ...randomCommunity(random, { mentors: 10, mentees: 10 }), maxPending: 3 });
    live.upsertMentee(randomMentee(random, "a"));
    live.upsertMentee(randomMentee(random, "b"));
    expect(live.compactIfNeeded()).toBe(false);
    live.upsertMentee(randomMentee(random, "c"));
    expect(live.compactIfNeeded()).toBe(true);
    expect(live.builds).toBe(2);
    expect(live.pendingChanges).toBe(0);
  });
});
