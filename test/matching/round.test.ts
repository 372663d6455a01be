import { describe, expect, it } from "vitest";
import { buildIndex, filterReason, liveRoundSteps, LiveIndex, roundSteps, runRound } from "../../src/matching/index.js";
import type { LiveRoundOptions, MenteeInput, MentorInput, RoundResult, Weights } from "../../src/matching/index.js";
import { mentee, mentor, pick, prng, randomCommunity, randomWeights } from "./helpers.js";

/** Best total over every assignment (each mentee: some feasible mentor or nobody). */
function bruteForce(mentors: MentorInput[], mentees: MenteeInput[], weights: Weights | undefined, isBlocked?: (m: string, s: string) => boolean, minScore = 0): number {
  const index = buildIndex({ mentors, mentees, weights });
  const options = mentees.map((s) =>
    mentors.flatMap((m, j) => {
      if (filterReason(m, s, { isBlocked }) !== null) return [];
      const score = index.scorePair(m.id, s.id).score;
      return score > 0 && score >= minScore ? [{ j, score }] : [];
    }),
  );
  const free = mentors.map((m) => (m.available ? Math.max(0, m.capacity - (m.activeCount ?? 0)) : 0));
  let best = 0;
  const visit = (i: number, total: number): void => {
    if (i === mentees.length) {
      best = Math.max(best, total);
      return;
    }
    visit(i + 1, total);
    for (const { j, score } of options[i] ?? []) {
      if ((free[j] ?? 0) === 0) continue;
      free[j] = (free[j] ?? 0) - 1;
      visit(i + 1, total + score);
      free[j] = (free[j] ?? 0) + 1;
    }
  };
  visit(0, 0);
  return best;
}

/**
 * Independent exact solver for medium cases: the O(n^3) Hungarian algorithm on a dense matrix,
 * mentor places expanded into one column each, plus one "unassigned" column per mentee.
 */
function hungarianBest(mentors: MentorInput[], mentees: MenteeInput[]): number {
  const index = buildIndex({ mentors, mentees });
  const slots = mentors.flatMap((m) => (m.available ? Array.from({ length: Math.max(0, m.capacity - (m.activeCount ?? 0)) }, () => m) : []));
  const n = mentees.length;
  const cols = slots.length + n;
  const INFEASIBLE = 1e6;
  const cost = (i: number, j: number): number => {
    const s = mentees[i - 1] as MenteeInput;
    if (j > slots.length) return 0; // unassigned
    const m = slots[j - 1] as MentorInput;
    return filterReason(m, s) === null ? -index.scorePair(m.id, s.id).score : INFEASIBLE;
  };
  // e-maxx formulation, 1-based, rows <= columns.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(cols + 1);
  const p = new Int32Array(cols + 1);
  const way = new Int32Array(cols + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(cols + 1).fill(Infinity);
    const used = new Uint8Array(cols + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0] ?? 0;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = cost(i0, j) - (u[i0] ?? 0) - (v[j] ?? 0);
        if (cur < (minv[j] ?? Infinity)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] ?? Infinity) < delta) {
          delta = minv[j] ?? Infinity;
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[p[j] ?? 0] = (u[p[j] ?? 0] ?? 0) + delta;
          v[j] = (v[j] ?? 0) - delta;
        } else {
          minv[j] = (minv[j] ?? 0) - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] ?? 0;
      p[j0] = p[j1] ?? 0;
      j0 = j1;
    } while (j0 !== 0);
  }
  let total = 0;
  for (let j = 1; j <= slots.length; j++) {
    const i = p[j] ?? 0;
    if (i > 0 && cost(i, j) < 0) total -= cost(i, j);
  }
  return total;
}

function checkValid(result: RoundResult, mentors: MentorInput[], mentees: MenteeInput[], isBlocked?: (m: string, s: string) => boolean): void {
  const byId = new Map(mentors.map((m) => [m.id, m]));
  const used = new Map<string, number>();
  const seen = new Set<string>();
  let total = 0;
  for (const a of result.assignments) {
    expect(seen.has(a.menteeId)).toBe(false);
    seen.add(a.menteeId);
    const m = byId.get(a.mentorId);
    const s = mentees.find((x) => x.id === a.menteeId);
    if (m === undefined || s === undefined) throw new Error("unknown id in result");
    expect(filterReason(m, s, { isBlocked })).toBeNull();
    used.set(m.id, (used.get(m.id) ?? 0) + 1);
    expect(used.get(m.id)).toBeLessThanOrEqual(m.capacity - (m.activeCount ?? 0));
    expect(a.score).toBeGreaterThan(0);
    total += a.score;
  }
  expect(result.totalScore).toBeCloseTo(total, 9);
  expect([...seen, ...result.unassigned].sort()).toEqual(mentees.map((s) => s.id).sort());
  // Input order is kept in both lists.
  const order = new Map(mentees.map((s, i) => [s.id, i]));
  const ascending = (ids: string[]): boolean => ids.every((id, i) => i === 0 || (order.get(ids[i - 1] ?? "") ?? 0) < (order.get(id) ?? 0));
  expect(ascending(result.assignments.map((a) => a.menteeId))).toBe(true);
  expect(ascending(result.unassigned)).toBe(true);
}

describe("roundSteps", () => {
  it("given random communities then stepping to the end gives runRound's result: indexing (a step per profile or more), one step per mentee ranked, then per mentee with candidates solved, in order", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = prng(seed * 104729);
      const community = randomCommunity(random, { mentors: 2 + Math.floor(random() * 8), mentees: 5 + Math.floor(random() * 30), picky: 0.3 });
      const steps = roundSteps(community);
      const seen: { stage: string; done: number; of: number }[] = [];
      let step = steps.next();
      while (step.done !== true) {
        seen.push(step.value);
        step = steps.next();
      }
      expect(step.value).toEqual(runRound(community));
      const indexing = seen.filter((p) => p.stage === "indexing");
      expect(indexing.length).toBeGreaterThanOrEqual(community.mentors.length + community.mentees.length);
      const ranking = seen.filter((p) => p.stage === "ranking");
      expect(ranking.map((p) => p.done)).toEqual(community.mentees.map((_, i) => i + 1));
      const solving = seen.filter((p) => p.stage === "solving");
      expect(seen.slice(0, indexing.length)).toEqual(indexing);
      expect(seen.slice(indexing.length, indexing.length + ranking.length)).toEqual(ranking);
      expect(solving.every((p, i) => p.of === community.mentees.length && (i === 0 || p.done > (solving[i - 1]?.done ?? 0)))).toBe(true);
    }
  });
});

/** A small random case for the brute-force comparisons: weights, a blocked pair and a minimum score on some seeds. */
function smallCase(random: () => number, seed: number) {
  const community = randomCommunity(random, { mentors: 1 + Math.floor(random() * 4), mentees: 1 + Math.floor(random() * 6), picky: 0.3 });
  const weights = seed % 4 === 0 ? randomWeights(random) : undefined;
  const blocked = new Set<string>();
  if (seed % 3 === 0) blocked.add(`${pick(random, community.mentors).id}:${pick(random, community.mentees).id}`);
  const isBlocked = (m: string, s: string): boolean => blocked.has(`${m}:${s}`);
  const minScore = seed % 5 === 0 ? 0.4 : undefined;
  return { community, weights, isBlocked, minScore };
}

/** liveRoundSteps run to the end, with the number of ranking steps it yielded. */
function runLiveRound(options: LiveRoundOptions): { result: RoundResult; ranked: number } {
  const steps = liveRoundSteps(options);
  let ranked = 0;
  let step = steps.next();
  while (step.done !== true) {
    if (step.value.stage === "ranking") ranked++;
    step = steps.next();
  }
  return { result: step.value, ranked };
}

describe("liveRoundSteps (a round ranked from a server's live index)", () => {
  it("given small random communities, then its total equals brute force and runRound's, and the result is valid and in the order of the mentees given", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const { community, weights, isBlocked, minScore } = smallCase(prng(seed * 6151), seed);
      const menteeIds = [...community.mentees].reverse().map((s) => s.id);
      const { result, ranked } = runLiveRound({ index: new LiveIndex({ ...community, weights }), menteeIds, isBlocked, minScore });
      const mentees = menteeIds.map((id) => community.mentees.find((s) => s.id === id) as MenteeInput);
      checkValid(result, community.mentors, mentees, isBlocked);
      expect(ranked).toBe(menteeIds.length);
      expect(result.totalScore).toBeCloseTo(bruteForce(community.mentors, community.mentees, weights, isBlocked, minScore), 9);
      expect(result.totalScore).toBeCloseTo(runRound({ ...community, weights, isBlocked, minScore }).totalScore, 9);
    }
  });

  it("given profiles changed since the index was built (pending, not compacted), then it proposes only current profiles with free places, scored as the index scores them", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = prng(seed * 2903);
      const community = randomCommunity(random, { mentors: 4 + Math.floor(random() * 10), mentees: 5 + Math.floor(random() * 25), picky: 0.2 });
      const live = new LiveIndex({ ...community, maxPending: 1_000_000 });
      // A mentor becomes full, another is paused, a mentee is replaced by a new profile.
      const [full, paused] = community.mentors;
      if (full !== undefined) live.upsertMentor({ ...full, activeCount: full.capacity });
      if (paused !== undefined && paused !== full) live.upsertMentor({ ...paused, available: false });
      const changed = community.mentees[0] as MenteeInput;
      live.upsertMentee({ ...changed, topics: [...(community.mentors[2]?.topics ?? [])], about: community.mentors[2]?.about ?? "" });
      const mentees = live.menteeInputs();
      const { result } = runLiveRound({ index: live, menteeIds: mentees.map((s) => s.id) });
      checkValid(result, live.mentorInputs(), mentees);
      for (const a of result.assignments) {
        expect(a.mentorId).not.toBe(full?.id);
        expect(a.mentorId).not.toBe(paused?.id);
        expect(a.score).toBe(live.scoreById(a.mentorId, a.menteeId).score);
      }
      // Once compacted, the same total as a round over a fresh index of the same profiles.
      live.compact();
      const fresh = runRound({ mentors: live.mentorInputs(), mentees });
      expect(runLiveRound({ index: live, menteeIds: mentees.map((s) => s.id) }).result.totalScore).toBeCloseTo(fresh.totalScore, 9);
    }
  });
});

describe("runRound", () => {
  it("is optimal against brute force on 80 small random cases", () => {
    let nonTrivial = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const { community, weights, isBlocked, minScore } = smallCase(prng(seed * 7919), seed);
      const result = runRound({ ...community, weights, isBlocked, minScore });
      checkValid(result, community.mentors, community.mentees, isBlocked);
      if (minScore !== undefined) expect(result.assignments.every((a) => a.score >= minScore)).toBe(true);
      expect(result.totalScore).toBeCloseTo(bruteForce(community.mentors, community.mentees, weights, isBlocked, minScore), 9);
      if (result.assignments.length >= 2) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(20);
  });

  it("is optimal against an independent Hungarian solver on 15 medium random cases", () => {
    for (let seed = 1; seed <= 15; seed++) {
      const random = prng(seed * 613);
      const community = randomCommunity(random, { mentors: 6 + Math.floor(random() * 6), mentees: 15 + Math.floor(random() * 15), picky: 0.3 });
      const result = runRound({ ...community, candidatesPerMentee: 100 });
      checkValid(result, community.mentors, community.mentees);
      expect(result.totalScore).toBeCloseTo(hungarianBest(community.mentors, community.mentees), 9);
    }
  });

  it("maximises the total score, not the number of assignments", () => {
    // One mentor place. Greedy-by-mentee would give it to the first asker; the optimum is the
    // better fit, and a second, weaker pairing is not forced in.
    const mentors = [mentor({ id: "m", industry: "fintech", stage: "senior", capacity: 1, topics: ["cv"] })];
    const mentees = [
      mentee({ id: "weak", industry: "legal", stage: "mid" }),
      mentee({ id: "strong", industry: "fintech", stage: "mid", topics: ["cv"] }),
    ];
    const result = runRound({ mentors, mentees });
    expect(result.assignments.map((a) => a.menteeId)).toEqual(["strong"]);
    expect(result.unassigned).toEqual(["weak"]);
  });

  it("moves an earlier mentee to another mentor when that raises the total", () => {
    // a fits both mentors, b fits only m1; a is processed first and takes m1, then must move.
    const mentors = [
      mentor({ id: "m1", industry: "fintech", stage: "mid", capacity: 1, topics: ["cv", "mba"] }),
      mentor({ id: "m2", industry: "fintech", stage: "mid", capacity: 1, topics: ["cv"] }),
    ];
    const mentees = [
      mentee({ id: "a", industry: "fintech", stage: "early", topics: ["cv", "mba"] }),
      mentee({ id: "b", industry: "fintech", stage: "early", topics: ["mba"], acceptsFrom: "same-industry" }),
    ];
    const result = runRound({ mentors, mentees });
    expect(result.totalScore).toBeCloseTo(bruteForce(mentors, mentees, undefined), 12);
    expect(result.assignments).toHaveLength(2);
  });

  it("respects capacities and the mentors' current load", () => {
    const random = prng(4242);
    const community = randomCommunity(random, { mentors: 30, mentees: 200, picky: 0.3 });
    const result = runRound(community);
    checkValid(result, community.mentors, community.mentees);
    expect(result.assignments.length).toBeGreaterThan(20);
  });

  it("stays valid, and close to optimal, with a small candidate list", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = prng(seed * 104729);
      const community = randomCommunity(random, { mentors: 4, mentees: 6 });
      const limited = runRound({ ...community, candidatesPerMentee: 1 });
      checkValid(limited, community.mentors, community.mentees);
      expect(limited.totalScore).toBeLessThanOrEqual(runRound(community).totalScore + 1e-9);
    }
  });

  it("handles empty inputs", () => {
    expect(runRound({ mentors: [], mentees: [mentee({ id: "s" })] })).toEqual({ assignments: [], unassigned: ["s"], totalScore: 0 });
    expect(runRound({ mentors: [mentor({ id: "m" })], mentees: [] })).toEqual({ assignments: [], unassigned: [], totalScore: 0 });
  });
});
