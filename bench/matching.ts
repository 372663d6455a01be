// `npm run bench [-- --sizes 1000,10000]`: figures for the matching engine, one JSON line each.
// Not a timed test: it prints what it measures (and whether index and scan agreed).
import { performance } from "node:perf_hooks";
// Engine modules directly, not src/matching/index.ts: the latter also loads zod (for the file
// format), ~12 MB of RSS that has nothing to do with matching.
import { buildIndex } from "../src/matching/index-search.js";
import { runRound } from "../src/matching/round.js";
import type { PairScore } from "../src/matching/types.js";
import { generateCommunity, prng } from "./generate.js";

const K = 10;
const TOPK_SAMPLES = 200;

function parseSizes(argv: readonly string[]): number[] {
  const at = argv.indexOf("--sizes");
  const inline = argv.find((a) => a.startsWith("--sizes="));
  const text = inline?.slice("--sizes=".length) ?? (at >= 0 ? argv[at + 1] : undefined);
  if (text === undefined) return [1000, 10000, 100000];
  const sizes = text.split(",").map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes must be positive integers, got ${text}`);
  return sizes;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const peakRssMb = (): number => round2(process.resourceUsage().maxRSS / 1024);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function sameRanking(a: readonly PairScore[], b: readonly PairScore[]): boolean {
  return a.length === b.length && a.every((x, i) => x.mentorId === b[i]?.mentorId && x.score === b[i]?.score);
}

function benchSize(mentorCount: number): void {
  const menteeCount = mentorCount;
  let community: ReturnType<typeof generateCommunity> | undefined = generateCommunity({
    mentors: mentorCount,
    mentees: menteeCount,
    seed: 42,
  });
  gc(); // the generator's garbage is not part of the index's footprint
  const buildStart = performance.now();
  const index = buildIndex(community);
  const buildMs = performance.now() - buildStart;
  const sampleIds = community.mentees.map((m) => m.id);
  community = undefined; // only the index is needed from here on
  gc();

  const random = prng(7);
  const samples = Array.from({ length: TOPK_SAMPLES }, () => sampleIds[Math.floor(random() * sampleIds.length)] ?? "s0");
  for (const id of samples.slice(0, 50)) index.topMentors(id, K); // warm up the JIT

  const topk: number[] = [];
  for (const id of samples) {
    const t = performance.now();
    index.topMentors(id, K);
    topk.push(performance.now() - t);
  }

  const scanSamples = mentorCount >= 100_000 ? 50 : TOPK_SAMPLES;
  for (const id of samples.slice(0, 5)) index.scanTopMentors(id, K);
  const scan: number[] = [];
  let mismatches = 0;
  for (const id of samples.slice(0, scanSamples)) {
    const t = performance.now();
    const scanned = index.scanTopMentors(id, K);
    scan.push(performance.now() - t);
    if (!sameRanking(scanned, index.topMentors(id, K))) mismatches++;
  }

  const topkP50 = percentile(topk, 50);
  const scanP50 = percentile(scan, 50);
  console.log(
    JSON.stringify({
      mentors: mentorCount,
      mentees: menteeCount,
      buildMs: round2(buildMs),
      topkP50Ms: round3(topkP50),
      topkP95Ms: round3(percentile(topk, 95)),
      scanP50Ms: round3(scanP50),
      speedup: round2(scanP50 / topkP50),
      scanSamples: scan.length,
      mismatches,
      rssMb: peakRssMb(),
    }),
  );
}

function benchRound(): void {
  const community = generateCommunity({ mentors: 2000, mentees: 10000, seed: 99 });
  const start = performance.now();
  const result = runRound(community);
  const ms = performance.now() - start;
  console.log(
    JSON.stringify({
      round: {
        mentees: community.mentees.length,
        mentors: community.mentors.length,
        ms: round2(ms),
        assigned: result.assignments.length,
        totalScore: round2(result.totalScore),
        rssMb: peakRssMb(),
      },
    }),
  );
}

for (const size of parseSizes(process.argv.slice(2))) {
  benchSize(size);
  gc();
}
benchRound();
