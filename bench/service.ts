// npm run bench:service [-- 1000]: end-to-end cost of /match find's service call on a real SQLite
// file — loading a server's profiles, building the matching index and ranking — for N mentors and
// N mentees. Prints one JSON line. (The matching engine alone is measured by bench/matching.ts.)
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../src/db/client.js";
import { suggestMentorsFor } from "../src/services/community.js";
import { saveMenteeProfile, saveMentorProfile } from "../src/services/profiles.js";

const GUILD = "900000000000000001";
const INDUSTRIES = ["fintech", "banking", "software", "data", "healthcare", "marketing", "education", "retail"];
const TOPICS = ["cv", "interviewing", "salary negotiation", "career switch", "leadership", "system design", "networking", "promotion", "portfolio", "job search", "public speaking", "product management"];
const STAGES = ["student", "early", "mid", "senior", "executive"] as const;
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

const size = Number(process.argv[2] ?? 1000);
if (!Number.isInteger(size) || size < 1) {
  console.error("usage: npm run bench:service -- <members per side>");
  process.exit(2);
}
const dir = mkdtempSync(path.join(os.tmpdir(), "mentor-bot-bench-"));
const { db, close } = await openDatabase(`file:${path.join(dir, "bench.db")}`);
await db.$executeRawUnsafe("PRAGMA synchronous = OFF"); // seeding speed only; queries are unaffected

const seedStart = performance.now();
for (let i = 0; i < size; i++) {
  await saveMentorProfile(db, GUILD, { id: String(100000000000000000n + BigInt(i)), displayName: `mentor${i}` }, {
    industry: pick(INDUSTRIES, i),
    stage: pick(STAGES.slice(2), i),
    topics: [pick(TOPICS, i), pick(TOPICS, i * 7), pick(TOPICS, i * 5 + 3)],
    about: `I help with ${pick(TOPICS, i)} and ${pick(TOPICS, i * 3)} in ${pick(INDUSTRIES, i)}.`,
    capacity: 2,
  });
  await saveMenteeProfile(db, GUILD, { id: String(200000000000000000n + BigInt(i)), displayName: `mentee${i}` }, {
    industry: pick(INDUSTRIES, i * 3),
    stage: pick(STAGES.slice(0, 2), i),
    topics: [pick(TOPICS, i * 5), pick(TOPICS, i + 4)],
    about: `I want advice on ${pick(TOPICS, i * 5)} for ${pick(INDUSTRIES, i * 3)}.`,
  }, new Date());
}
const seedMs = performance.now() - seedStart;

const samples: number[] = [];
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  await suggestMentorsFor(db, GUILD, String(200000000000000000n + BigInt(i)), new Date());
  samples.push(performance.now() - started);
}
samples.sort((a, b) => a - b);
await close();
rmSync(dir, { recursive: true, force: true });
const round = (n: number) => Math.round(n * 10) / 10;
console.log(
  JSON.stringify({
    service: { mentors: size, mentees: size, seedMs: Math.round(seedMs), findP50Ms: round(samples[10] ?? 0), findP95Ms: round(samples[19] ?? 0) },
  }),
);
