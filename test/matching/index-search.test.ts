import { describe, expect, it } from "vitest";
import { buildTables } from "../../src/matching/features.js";
import { buildIndex } from "../../src/matching/index.js";
import type { IsBlocked, MatchingIndex, PairScore } from "../../src/matching/index.js";
import { mentee, mentor, pick, prng, randomCommunity, randomWeights } from "./helpers.js";

const summary = (scores: PairScore[]): string[] => scores.map((s) => `${s.mentorId}/${s.menteeId}:${s.score}`);

function checkSorted(scores: PairScore[], key: "mentorId" | "menteeId"): void {
  for (let i = 1; i < scores.length; i++) {
    const a = scores[i - 1] as PairScore;
    const b = scores[i] as PairScore;
    expect(a.score > b.score || (a.score === b.score && a[key] < b[key])).toBe(true);
  }
}

describe("MatchingIndex top-k equals the full scan", () => {
  it("on 60 random communities, both directions, random weights, k and block lists", () => {
    let compared = 0;
    let nonEmpty = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const random = prng(seed);
      const community = randomCommunity(random, { mentors: 5 + Math.floor(random() * 80), mentees: 5 + Math.floor(random() * 40) });
      const weights = seed % 3 === 0 ? randomWeights(random) : undefined;
      const index = buildIndex({ ...community, weights });
      const blockedPairs = new Set<string>();
      for (let i = 0; i < 20; i++) blockedPairs.add(`${pick(random, community.mentors).id}:${pick(random, community.mentees).id}`);
      const isBlocked: IsBlocked | undefined = seed % 2 === 0 ? (m, s) => blockedPairs.has(`${m}:${s}`) : undefined;
      for (const s of community.mentees) {
        const k = 1 + Math.floor(random() * 12);
        const fast = index.topMentors(s.id, k, { isBlocked });
        const scan = index.scanTopMentors(s.id, k, { isBlocked });
        expect(summary(fast)).toEqual(summary(scan));
        checkSorted(fast, "mentorId");
        if (fast.length > 0) nonEmpty++;
        compared++;
      }
      for (const m of community.mentors.slice(0, 15)) {
        const k = 1 + Math.floor(random() * 12);
        expect(summary(index.topMentees(m.id, k, { isBlocked }))).toEqual(summary(index.scanTopMentees(m.id, k, { isBlocked })));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(nonEmpty).toBeGreaterThan(500);
  });

  it("returns everything feasible when k exceeds the candidates, in the same order as the scan", () => {
    const random = prng(99);
    const community = randomCommunity(random, { mentors: 40, mentees: 10 });
    const index = buildIndex(community);
    for (const s of community.mentees) {
      expect(summary(index.topMentors(s.id, 1000))).toEqual(summary(index.scanTopMentors(s.id, 1000)));
    }
  });

  it("scores of a ranking equal scorePair of the same pair", () => {
    const random = prng(5);
    const community = randomCommunity(random, { mentors: 30, mentees: 10 });
    const index = buildIndex(community);
    for (const s of community.mentees) {
      for (const ranked of index.topMentors(s.id, 5)) {
        const pair = index.scorePair(ranked.mentorId, s.id);
        expect(pair.score).toBe(ranked.score);
        expect(pair.reasons).toEqual(ranked.reasons);
        expect(pair.criteria).toEqual(ranked.criteria);
      }
    }
  });

  it("topMentees scores agree with topMentors scores for the same pairs", () => {
    const random = prng(8);
    const community = randomCommunity(random, { mentors: 20, mentees: 20 });
    const index = buildIndex(community);
    const fromMentees = new Map<string, number>();
    for (const s of community.mentees) for (const p of index.topMentors(s.id, 100)) fromMentees.set(`${p.mentorId}:${p.menteeId}`, p.score);
    let checked = 0;
    for (const m of community.mentors) {
      for (const p of index.topMentees(m.id, 100)) {
        expect(fromMentees.get(`${p.mentorId}:${p.menteeId}`)).toBe(p.score);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("accepts a profile that is not in the index and scores it like an indexed one", () => {
    const random = prng(12);
    const community = randomCommunity(random, { mentors: 30, mentees: 10 });
    const index = buildIndex(community);
    const s = community.mentees[3];
    if (s === undefined) throw new Error("fixture");
    expect(summary(index.topMentors({ ...s }, 5))).toEqual(summary(index.topMentors(s.id, 5)));
    const newcomer = mentee({ id: "new", topics: ["cv", "underwater basket weaving"], about: "help with my cv please" });
    expect(summary(index.topMentors(newcomer, 7))).toEqual(summary(index.scanTopMentors(newcomer, 7)));
  });

  it("finds mentors that share no topic and no industry when the k best need them", () => {
    const index = buildIndex({
      mentors: [
        mentor({ id: "a", industry: "fintech", stage: "senior", topics: ["cv"] }),
        mentor({ id: "b", industry: "zoology", stage: "mid", topics: ["mba"] }),
        mentor({ id: "c", industry: "legal", stage: "executive", topics: [] }),
      ],
      mentees: [mentee({ id: "s", industry: "fintech", stage: "early", topics: ["cv"] })],
    });
    // Only "a" has evidence (a shared topic); the others are filler, returned only on request.
    expect(index.topMentors("s", 3).map((r) => r.mentorId)).toEqual(["a"]);
    const ranked = index.topMentors("s", 3, { includeWeak: true });
    expect(ranked.map((r) => r.mentorId)).toEqual(["a", "b", "c"]);
    expect(ranked.map((r) => r.strong)).toEqual([true, false, false]);
    expect(ranked[1]?.criteria.topics.value).toBe(0);
    expect(ranked[1]?.criteria.industry.value).toBe(0);
    // A mentee without topics or a known industry still gets ranked mentors (stage and text).
    const lonely = index.topMentors(mentee({ id: "x", industry: "", stage: "student", about: "" }), 2, { includeWeak: true });
    expect(lonely.map((r) => r.mentorId)).toEqual(["b", "a"]);
  });

  it("breaks ties by mentor id", () => {
    const twins = ["z", "b", "y", "a"].map((id) => mentor({ id, topics: ["cv"], about: "cv help" }));
    const index = buildIndex({ mentors: twins, mentees: [mentee({ id: "s", topics: ["cv"], about: "cv help" })] });
    const ranked = index.topMentors("s", 3);
    expect(ranked.map((r) => r.mentorId)).toEqual(["a", "b", "y"]);
    expect(new Set(ranked.map((r) => r.score)).size).toBe(1);
  });

  it("handles k = 0, empty communities and unknown ids", () => {
    const index = buildIndex({ mentors: [mentor({ id: "a" })], mentees: [mentee({ id: "s" })] });
    expect(index.topMentors("s", 0)).toEqual([]);
    expect(() => index.topMentors("nobody", 3)).toThrow(/unknown mentee id/);
    expect(() => index.topMentors("s", -1)).toThrow(RangeError);
    expect(buildIndex({ mentors: [], mentees: [mentee({ id: "s" })] }).topMentors("s", 5)).toEqual([]);
    expect(() => buildIndex({ mentors: [mentor({ id: "a" }), mentor({ id: "a" })], mentees: [] })).toThrow(/duplicate mentor id/);
  });

  it("refuses nested queries from an isBlocked callback instead of corrupting state", () => {
    const index: MatchingIndex = buildIndex({ mentors: [mentor({ id: "a" })], mentees: [mentee({ id: "s" })] });
    expect(() => index.topMentors("s", 1, { includeWeak: true, isBlocked: () => index.topMentors("s", 1).length > 0 })).toThrow(/nested/);
    expect(index.topMentors("s", 1, { includeWeak: true })).toHaveLength(1); // still usable afterwards
  });
});

describe("the tables' row order", () => {
  it("puts usable mentors first, each (industry, stage) in one cell, and keeps input order within a cell", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = prng(seed);
      const community = randomCommunity(random, { mentors: 40 + Math.floor(random() * 300), mentees: 40 + Math.floor(random() * 300) });
      const tables = buildTables(community.mentors, community.mentees);
      for (const [table, inputs] of [
        [tables.mentors, community.mentors],
        [tables.mentees, community.mentees],
      ] as const) {
        const inputOrder = new Map(inputs.map((p, i) => [p.id, i]));
        const cells = new Set<string>();
        for (let c = 0; c + 1 < table.cellStart.length; c++) {
          const key = `${table.cellIndustry[c]}:${table.cellStage[c]}`;
          expect(cells.has(key), `seed ${seed}: cell ${key} twice`).toBe(false);
          cells.add(key);
          for (let row = (table.cellStart[c] ?? 0) + 1; row < (table.cellStart[c + 1] ?? 0); row++) {
            expect(table.industry[row]).toBe(table.cellIndustry[c]);
            expect(table.stage[row]).toBe(table.cellStage[c]);
            expect(inputOrder.get(table.ids[row] ?? "")).toBeGreaterThan(inputOrder.get(table.ids[row - 1] ?? "") ?? Infinity);
          }
        }
        // Rows past the usable ones (the last cell's end: unavailable or full mentors) are in
        // (industry, stage, input) order too.
        const usable = table.cellStart[table.cellStart.length - 1] ?? 0;
        for (let row = 0; row < table.count; row++) expect(table.open[row] === table.open[0], `seed ${seed}: row ${row}`).toBe(row < usable);
        for (let row = usable + 1; row < table.count; row++) {
          const [a, b] = [row - 1, row];
          const order = (table.industry[a] ?? 0) - (table.industry[b] ?? 0) || (table.stage[a] ?? 0) - (table.stage[b] ?? 0) || (inputOrder.get(table.ids[a] ?? "") ?? 0) - (inputOrder.get(table.ids[b] ?? "") ?? 0);
          expect(order).toBeLessThan(0);
        }
      }
      expect(tables.mentors.cellStart[tables.mentors.cellStart.length - 1]).toBeLessThan(tables.mentors.count);
    }
  });
});
