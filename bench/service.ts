// npm run bench:service -- --mentors N --mentees N [--input community.json] [--seed S] [--no-round]
// [--no-full-reload]: the services on a real SQLite file, as the bot runs them, at a server's scale.
// Seeds the database in bulk (createMany in batches: realistic V2 industries, Zipf topics and
// texts from bench/generate.ts, or the profiles of a community file), some active matches and
// open requests, then measures: the live index's cold build (the server's first /match find),
// /match find, /match request and /match mentees (p50/p95 over many members), /mod stats, a
// matching round, whether a profile saved through the services is in the next /match find, the
// event loop's longest block during the measured commands, peak RSS, and the old path (every
// profile read and indexed per command) on the same data. Prints one JSON line.
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { constants as perfConstants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { UserError } from "../src/errors.js";
import { limitHeapGrowth } from "../src/heap.js";
import { parseCommunityFile, uniqueTopics, type MenteeInput, type MentorInput } from "../src/matching/index.js";
import { loadCommunity, rankMentorsFor, suggestMenteesFor, suggestMentorsFor } from "../src/services/community.js";
import { requestMentor } from "../src/services/matches.js";
import { saveMenteeProfile, saveMentorProfile } from "../src/services/profiles.js";
import { runMatchingRound } from "../src/services/round.js";
import { guildStats } from "../src/services/stats.js";
import { generateCommunity, prng } from "./generate.js";

const GUILD = "900000000000000001";
const BATCH = 1000;
const SAMPLES = 200;

interface Args {
  mentors: number;
  mentees: number;
  input: string | null;
  seed: number;
  round: boolean;
  fullReload: boolean;
  /** A SQLite file to use (seeded only when it does not exist yet, kept afterwards). */
  db: string | null;
  /** Internal: measure on this already seeded file, in a fresh process (so RSS is the services' own). */
  measure: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { mentors: 1000, mentees: 1000, input: null, seed: 42, round: true, fullReload: true, db: null, measure: null };
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) usage(`${flag} needs a non-negative integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--mentors") args.mentors = number(flag, argv[++i]);
    else if (flag === "--mentees") args.mentees = number(flag, argv[++i]);
    else if (flag === "--seed") args.seed = number(flag, argv[++i]);
    else if (flag === "--input") args.input = argv[++i] ?? usage("--input needs a file");
    else if (flag === "--db") args.db = argv[++i] ?? usage("--db needs a file");
    else if (flag === "--measure") args.measure = argv[++i] ?? usage("--measure needs a file");
    else if (flag === "--no-round") args.round = false;
    else if (flag === "--no-full-reload") args.fullReload = false;
    else if (flag !== undefined && /^\d+$/.test(flag)) args.mentors = args.mentees = number("size", flag);
    else usage(`unknown argument ${String(flag)}`);
  }
  return args;
}

function usage(message: string): never {
  console.error(`${message}\nusage: npm run bench:service -- --mentors N --mentees N [--input community.json] [--seed S] [--db file.db] [--no-round] [--no-full-reload]`);
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2));
const GUILD_MENTOR_BASE = 100000000000000000n;
const GUILD_MENTEE_BASE = 200000000000000000n;
const mentorUser = (i: number): string => String(GUILD_MENTOR_BASE + BigInt(i));
const menteeUser = (i: number): string => String(GUILD_MENTEE_BASE + BigInt(i));

if (args.measure === null) {
  // The parent seeds (its memory is not measured), then measures in a fresh child process.
  const dir = args.db === null ? mkdtempSync(path.join(os.tmpdir(), "mentor-bot-bench-")) : null;
  const file = args.db ?? path.join(dir ?? "", "bench.db");
  if (!existsSync(file)) {
    const seedMs = await seed(file);
    console.error(JSON.stringify({ seedMs: Math.round(seedMs) }));
  }
  const child = fork(process.argv[1] ?? "", [...process.argv.slice(2), "--measure", file], { stdio: "inherit" });
  const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

async function seed(file: string): Promise<number> {
  let community: { mentors: MentorInput[]; mentees: MenteeInput[] };
  if (args.input !== null) {
    const parsed = parseCommunityFile(readFileSync(args.input, "utf8"));
    if (!parsed.ok) usage(`${args.input}: ${parsed.errors.join("; ")}`);
    community = parsed.community;
  } else {
    community = generateCommunity({ mentors: args.mentors, mentees: args.mentees, seed: args.seed });
  }
  const random = prng(args.seed + 1);
  const { db, close } = await openDatabase(`file:${file}`);
  await db.$executeRawUnsafe("PRAGMA synchronous = OFF"); // seeding speed only; queries are unaffected
  // ── Seeding, in bulk ────────────────────────────────────────────────────────────────────────────
  // Profile ids are assigned here: mentors 1..M, mentees M+1..M+N (one member per profile).
  const now = new Date();
  const seedStart = performance.now();
  const topicIds = new Map<string, number>();
  const links: { profileId: number; topicId: number; role: string; guildId: string }[] = [];
  function tag(profileId: number, role: string, raw: readonly string[]): void {
    for (const topic of uniqueTopics(raw)) {
      let id = topicIds.get(topic.key);
      if (id === undefined) {
        id = topicIds.size + 1;
        topicIds.set(topic.key, id);
        labels.set(id, { key: topic.key, label: topic.display });
      }
      links.push({ profileId, topicId: id, role, guildId: GUILD });
    }
  }
  const labels = new Map<number, { key: string; label: string }>();
  const M = community.mentors.length;
  const N = community.mentees.length;
  for (let from = 0; from < M; from += BATCH) {
    const rows = community.mentors.slice(from, from + BATCH).map((m, j) => {
      const id = from + j + 1;
      tag(id, "mentor", m.topics);
      return {
        id,
        guildId: GUILD,
        userId: mentorUser(from + j),
        displayName: m.name,
        industry: m.industry,
        stage: m.stage,
        isMentor: true,
        canAdviseOn: m.about,
        mentorCapacity: m.capacity,
        mentorAvailable: m.available,
        mentorAdvises: m.advises,
      };
    });
    await db.profile.createMany({ data: rows });
  }
  for (let from = 0; from < N; from += BATCH) {
    const rows = community.mentees.slice(from, from + BATCH).map((m, j) => {
      const id = M + from + j + 1;
      tag(id, "mentee", m.topics);
      return {
        id,
        guildId: GUILD,
        userId: menteeUser(from + j),
        displayName: m.name,
        industry: m.industry,
        stage: m.stage,
        isMentee: true,
        changingCareer: m.changingCareer,
        targetIndustry: m.targetIndustry ?? null,
        wantsAdviceOn: m.about,
        menteeAcceptsFrom: m.acceptsFrom,
        menteeWaitingSince: now,
        menteeSince: now,
      };
    });
    await db.profile.createMany({ data: rows });
  }
  const topicRows = [...labels.entries()].map(([id, t]) => ({ id, key: t.key, label: t.label }));
  for (let from = 0; from < topicRows.length; from += BATCH) await db.topic.createMany({ data: topicRows.slice(from, from + BATCH) });
  for (let from = 0; from < links.length; from += BATCH * 5) await db.profileTopic.createMany({ data: links.slice(from, from + BATCH * 5) });
  // Some load: 5% of mentees in an active match, 5% with an open request (distinct mentees).
  const matches: { guildId: string; mentorProfileId: number; menteeProfileId: number; status: string; source: string; score: number; explanation: string; openPairKey: string; createdAt: Date }[] = [];
  for (let i = 0; i < Math.floor(N / 10) && M > 0; i++) {
    const mentorId = 1 + Math.floor(random() * M);
    const menteeId = M + 1 + i;
    const status = i % 2 === 0 ? "active" : "requested";
    matches.push({ guildId: GUILD, mentorProfileId: mentorId, menteeProfileId: menteeId, status, source: "request", score: 0.5, explanation: "{}", openPairKey: `${GUILD}:${mentorId}:${menteeId}`, createdAt: now });
  }
  for (let from = 0; from < matches.length; from += BATCH) await db.match.createMany({ data: matches.slice(from, from + BATCH) });
  const seedMs = performance.now() - seedStart;
  await close();
  return seedMs;

}

// ── Measurements (in the child) ─────────────────────────────────────────────────────────────────
// The heap growth the bot runs with (HEAP_GROWTH_PERCENT, default 20; src/heap.ts).
limitHeapGrowth(parseConfig().heapGrowthPercent);
// And its WAL checkpoints in a worker thread, as main.ts opens the database.
const { db, close } = await openDatabase(`file:${args.measure}`, { backgroundCheckpoints: true });
const random = prng(args.seed + 2);
const [M, N] = await Promise.all([db.profile.count({ where: { guildId: GUILD, isMentor: true } }), db.profile.count({ where: { guildId: GUILD, isMentee: true } })]);
let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const rssTimer = setInterval(sampleRss, 50);
const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
/** One command, as the bot runs it: from an event of its own (the loop runs in between). */
const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
};
/**
 * The event loop's stalls over 60 ms (a 10 ms timer that fired late) until stop(), each with the
 * stage the work was in (set by the caller) and when it ended: what a long block is made of.
 */
const recordStalls = (): { stage: string; readonly stalls: { ms: number; atMs: number; stage: string }[]; stop(): void } => {
  const started = performance.now();
  let tick = started;
  const recorder = {
    stage: "start",
    stalls: [] as { ms: number; atMs: number; stage: string }[],
    stop: () => clearInterval(timer),
  };
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - tick > 60) recorder.stalls.push({ ms: Math.round(now - tick - 10), atMs: Math.round(now - started), stage: recorder.stage });
    tick = now;
  }, 10);
  return recorder;
};
// Mentees 10%..: waiting, no open match (the first 10% have one).
const freeMentee = (): number => Math.floor(N / 10) + Math.floor(random() * (N - Math.floor(N / 10)));

const cold = await timed(() => suggestMentorsFor(db, GUILD, menteeUser(freeMentee()), new Date()));
sampleRss();
const coldRssMb = process.memoryUsage().rss / 1024 / 1024;

const loop = monitorEventLoopDelay({ resolution: 5 });
// GC pauses during the measured commands (stderr): a long block is often a full GC's pause.
const gcPauses: { kind: number; ms: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ kind: ((entry as { detail?: { kind?: number } }).detail?.kind ?? 0), ms: entry.duration });
});
gcObserver.observe({ entryTypes: ["gc"] });
// The longest stalls while serving (stderr), each with the command it fell in, as for the round.
const serving = recordStalls();
loop.enable();
const find: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  serving.stage = `find ${i + 1}`;
  find.push((await timed(() => suggestMentorsFor(db, GUILD, menteeUser(freeMentee()), new Date()))).ms);
}
const mentees: number[] = [];
for (let i = 0; i < SAMPLES && M > 0; i++) {
  serving.stage = `mentees ${i + 1}`;
  mentees.push((await timed(() => suggestMenteesFor(db, GUILD, mentorUser(Math.floor(random() * M)), new Date()))).ms);
}
// Requests from distinct mentees to their best suggestion (each is a real write, seen by the next command).
const request: number[] = [];
const asked = new Set<number>();
for (let i = 0; i < Math.min(SAMPLES, N) && M > 0; i++) {
  const mentee = freeMentee();
  if (asked.has(mentee)) continue;
  asked.add(mentee);
  serving.stage = `request ${i + 1}`;
  const { suggestions } = await suggestMentorsFor(db, GUILD, menteeUser(mentee), new Date());
  const mentor = suggestions[0]?.profile.userId;
  if (mentor === undefined) continue;
  // On a database kept from an earlier run (--db), a mentee may already be at the open-request
  // limit: that answer is a refusal, not the write being measured, so it is skipped.
  const answered = await timed(async () => {
    try {
      return await requestMentor(db, GUILD, menteeUser(mentee), mentor, null, new Date());
    } catch (error) {
      if (error instanceof UserError) return null;
      throw error;
    }
  });
  if (answered.value !== null) request.push(answered.ms);
}
loop.disable();
serving.stop();
gcObserver.disconnect();
sampleRss();

// A profile saved through the services is in the next /match find.
const probeTopic = "zyxwvut benchmarking";
await saveMenteeProfile(db, GUILD, { id: menteeUser(N), displayName: "Probe mentee" }, { industry: "software-development", stage: "student", topics: [probeTopic], about: "zyxwvut probing" }, new Date());
await saveMentorProfile(db, GUILD, { id: mentorUser(M), displayName: "Probe mentor" }, { industry: "software-development", stage: "senior", topics: [probeTopic], about: "zyxwvut probing", capacity: 3 });
const probe = await suggestMentorsFor(db, GUILD, menteeUser(N), new Date());
const writeVisible = probe.suggestions.some((s) => s.profile.displayName === "Probe mentor");

// RSS of the bot serving members (cold build, find, mentees, requests, the write): before /mod
// stats and the round, whose own peaks are reported on stderr.
sampleRss();
const rssMb = peakRss / 1024 / 1024;
const stats = await timed(() => guildStats(db, GUILD, new Date()));
// A second /mod stats: the first one also prepares each query shape (Prisma) and reads the stats
// indexes' pages into the cache, as the first /mod stats after a start does.
const statsAgain = await timed(() => guildStats(db, GUILD, new Date()));
const stages: string[] = [];
const roundStart = performance.now();
const roundLoop = monitorEventLoopDelay({ resolution: 5 });
// The round's longest stalls, each with the stage it fell in (the last progress line before it)
// and the GC pauses meanwhile: what a long block in a round is made of.
const roundStalls = recordStalls();
const roundGc: { kind: number; ms: number }[] = [];
const roundGcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) roundGc.push({ kind: (entry as { detail?: { kind?: number } }).detail?.kind ?? 0, ms: entry.duration });
});
roundGcObserver.observe({ entryTypes: ["gc"] });
roundLoop.enable();
const round = args.round
  ? await timed(() =>
      runMatchingRound(db, GUILD, "300000000000000001", new Date(), async (line) => {
        roundStalls.stage = line;
        // RSS, then the JavaScript heap's size and what it holds, and memory outside it (typed arrays, the driver's buffers).
        const memory = process.memoryUsage();
        const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
        stages.push(`${Math.round(performance.now() - roundStart)}ms ${mb(memory.rss)}MB (heap ${mb(memory.heapUsed)}/${mb(memory.heapTotal)}, external ${mb(memory.external)}) ${line}`);
      }),
    )
  : null;
roundLoop.disable();
roundStalls.stop();
roundGcObserver.disconnect();
sampleRss();
const statsRoundRssMb = peakRss / 1024 / 1024;
clearInterval(rssTimer);

// The old path on the same data: every profile read and indexed for one /match find.
let fullReloadFindMs: number | null = null;
if (args.fullReload) {
  const user = menteeUser(freeMentee());
  fullReloadFindMs = (await timed(async () => rankMentorsFor(await loadCommunity(db, GUILD, new Date()), user))).ms;
}

await close();
const r = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);
console.log(
  JSON.stringify({
    service: {
      mentors: M,
      mentees: N,
      coldLoadMs: r(cold.ms),
      findP50Ms: r(percentile(find, 50)),
      findP95Ms: r(percentile(find, 95)),
      requestP95Ms: r(percentile(request, 95)),
      menteesP95Ms: r(percentile(mentees, 95)),
      statsMs: r(stats.ms),
      roundMs: r(round?.ms ?? null),
      writeVisible,
      maxEventLoopBlockMs: r(loop.max / 1e6),
      rssMb: r(rssMb),
      fullReloadFindMs: r(fullReloadFindMs),
    },
  }),
);
const majorGcs = gcPauses.filter((g) => g.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR);
console.error(JSON.stringify({ servingStalls: [...serving.stalls].sort((a, b) => b.ms - a.ms).slice(0, 8), gcCount: gcPauses.length, majorGcCount: majorGcs.length, maxGcPauseMs: r(Math.max(0, ...gcPauses.map((g) => g.ms))), maxMajorGcPauseMs: r(Math.max(0, ...majorGcs.map((g) => g.ms))) }));
console.error(JSON.stringify({ coldRssMb: Math.round(coldRssMb), statsAgainMs: r(statsAgain.ms), roundMaxBlockMs: round === null ? null : r(roundLoop.max / 1e6), statsRoundRssMb: Math.round(statsRoundRssMb), requests: request.length, proposals: round?.value.proposed ?? null, roundStalls: [...roundStalls.stalls].sort((a, b) => b.ms - a.ms).slice(0, 8), roundMaxGcPauseMs: r(Math.max(0, ...roundGc.map((g) => g.ms))), roundMajorGcPausesMs: roundGc.filter((g) => g.kind === 4).map((g) => r(g.ms)), roundStages: stages }));
process.exit(0);
