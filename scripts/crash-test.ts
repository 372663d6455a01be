// SIGKILL durability test: repeatedly starts scripts/crash-child.ts, which writes to the real
// database through the real services and prints "ACK <n>" after each acknowledged write, kills
// it with SIGKILL 10–400 ms after its first ACK, then checks the file (PRAGMA integrity_check,
// foreign keys) and that every acknowledged write is present and nothing beyond the one write in
// flight appeared.
//   npx tsx scripts/crash-test.ts [--runs 50] [--verbose]
// Prints one JSON line {"crashRuns":…,"integrityOk":…,"ackedWrites":…,"lostWrites":…,"ms":…}
// and exits non-zero if any run failed.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { openDatabase } from "../src/db/client.js";
import { projectRoot } from "../src/db/paths.js";
import { acceptRequest, requestMentor } from "../src/services/matches.js";
import { saveMenteeProfile, saveMentorProfile } from "../src/services/profiles.js";
import { changeGuildSettings } from "../src/services/settings.js";

export const CHILD_SCRIPT = path.join(projectRoot, "scripts", "crash-child.ts");
const GUILD = "900000000000000001";
const MENTOR = "300000000000000101";
const MENTEE = "300000000000000102";

export interface CrashTestOptions {
  runs: number;
  /** Directory for the database file (default: a fresh temp dir, removed afterwards). */
  dir?: string;
  minKillMs?: number;
  maxKillMs?: number;
  /** How long to wait for the child's first ACK before failing the run. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface CrashTestSummary {
  crashRuns: number;
  integrityOk: number;
  ackedWrites: number;
  lostWrites: number;
  /** Writes present that were never acknowledged, beyond the single one in flight (must be 0). */
  phantomWrites: number;
  /** Runs where the killed child left a non-empty WAL, so recovery was exercised on reopen. */
  walLeftBehind: number;
  ms: number;
  failures: string[];
}

interface Ack {
  n: number;
  kind: "note" | "profile";
}

interface ChildResult {
  acks: Ack[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
  killedAfterMs: number | null;
}

/** Creates the database with one mentor, one mentee and an active match between them. */
async function prepare(file: string): Promise<number> {
  const database = await openDatabase(`file:${file}`);
  try {
    const { db } = database;
    const now = new Date();
    await changeGuildSettings(db, GUILD, { reviewRequired: false, requestsPerHour: 50 }, "300000000000000100");
    await saveMentorProfile(db, GUILD, { id: MENTOR, displayName: "Crash Mentor" }, {
      industry: "software",
      stage: "senior",
      topics: ["cv", "interviewing"],
      about: "Mentor used by the crash test.",
      capacity: 3,
    });
    await saveMenteeProfile(db, GUILD, { id: MENTEE, displayName: "Crash Mentee" }, {
      industry: "retail",
      stage: "student",
      topics: ["cv"],
      about: "Mentee used by the crash test.",
    }, now);
    const { match } = await requestMentor(db, GUILD, MENTEE, MENTOR, "crash test", now);
    const accepted = await acceptRequest(db, GUILD, match.id, MENTOR, now);
    if (accepted.status !== "active") throw new Error(`crash test setup: match is ${accepted.status}`);
    return match.id;
  } finally {
    await database.close();
  }
}

function runChild(file: string, run: number, matchId: number, options: Required<Pick<CrashTestOptions, "minKillMs" | "maxKillMs" | "startTimeoutMs">>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", CHILD_SCRIPT, "--db", file, "--run", String(run), "--guild", GUILD, "--match", String(matchId), "--mentor", MENTOR, "--mentee", MENTEE],
      { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LOG_LEVEL: "silent" } },
    );
    const acks: Ack[] = [];
    let stderr = "";
    let buffered = "";
    let firstAckAt: number | null = null;
    let killedAfterMs: number | null = null;
    const startTimer = setTimeout(() => {
      stderr += `\n(no ACK within ${options.startTimeoutMs} ms)`;
      child.kill("SIGKILL");
    }, options.startTimeoutMs);

    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const m = /^ACK (\d+) (note|profile)$/.exec(line);
        if (m === null) continue;
        acks.push({ n: Number(m[1]), kind: m[2] as Ack["kind"] });
        if (firstAckAt === null) {
          firstAckAt = Date.now();
          clearTimeout(startTimer);
          const delay = options.minKillMs + Math.floor(Math.random() * (options.maxKillMs - options.minKillMs + 1));
          setTimeout(() => {
            killedAfterMs = Date.now() - (firstAckAt ?? Date.now());
            child.kill("SIGKILL");
          }, delay);
        }
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => void (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(startTimer);
      resolve({ acks, signal, code, stderr, killedAfterMs });
    });
  });
}

interface RunCheck {
  integrityOk: boolean;
  lost: number;
  phantom: number;
  problems: string[];
}

/** Opens the file after the crash (recovering the WAL) and checks it against the ACKs. */
function verify(file: string, run: number, acks: readonly Ack[]): RunCheck {
  const db = new Database(file);
  const problems: string[] = [];
  try {
    const integrity = (db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[]).map((r) => r.integrity_check);
    const integrityOk = integrity.length === 1 && integrity[0] === "ok";
    if (!integrityOk) problems.push(`integrity_check: ${integrity.join("; ")}`);
    const fk = db.prepare("PRAGMA foreign_key_check").all();
    if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk)}`);

    const prefix = `ack-${run}-`;
    const numberOf = (body: string) => Number(body.slice(prefix.length));
    const maxAcked = acks.reduce((m, a) => Math.max(m, a.n), 0);

    // Notes: every acknowledged one present exactly once; at most the one in flight in addition.
    const notes = (db.prepare("SELECT body FROM MatchNote WHERE body LIKE ?").all(`${prefix}%`) as { body: string }[]).map((r) => numberOf(r.body));
    const present = new Map<number, number>();
    for (const n of notes) present.set(n, (present.get(n) ?? 0) + 1);
    let lost = 0;
    for (const a of acks.filter((x) => x.kind === "note")) {
      const count = present.get(a.n) ?? 0;
      if (count === 0) lost++;
      if (count > 1) problems.push(`note ${a.n} stored ${count} times`);
    }
    const ackedNotes = new Set(acks.filter((a) => a.kind === "note").map((a) => a.n));
    const phantom = notes.filter((n) => !ackedNotes.has(n) && n !== maxAcked + 1).length;

    // Profile: the headline is the last acknowledged save or the one in flight, never older.
    const lastProfile = acks.filter((a) => a.kind === "profile").reduce((m, a) => Math.max(m, a.n), 0);
    const headline = (db.prepare("SELECT headline FROM Profile WHERE guildId = ? AND userId = ?").get(GUILD, MENTOR) as { headline: string | null } | undefined)?.headline ?? null;
    if (lastProfile > 0) {
      const stored = headline?.startsWith(prefix) === true ? numberOf(headline) : -1;
      if (stored < lastProfile) {
        lost++;
        problems.push(`profile save ${lastProfile} acknowledged but the headline is ${JSON.stringify(headline)}`);
      } else if (stored > maxAcked + 1) {
        problems.push(`headline ${JSON.stringify(headline)} was never acknowledged nor in flight`);
      }
      const topics = db.prepare("SELECT COUNT(*) AS n FROM ProfileTopic pt JOIN Profile p ON p.id = pt.profileId WHERE p.userId = ? AND pt.role = 'mentor'").get(MENTOR) as { n: number };
      if (topics.n !== 2) problems.push(`mentor has ${topics.n} topics after a crash (expected the 2 of one save)`);
    }
    if (lost > 0) problems.push(`${lost} acknowledged write(s) lost`);
    if (phantom > 0) problems.push(`${phantom} unacknowledged note(s) beyond the one in flight`);
    return { integrityOk, lost, phantom, problems };
  } finally {
    db.close();
  }
}

export async function runCrashTest(options: CrashTestOptions): Promise<CrashTestSummary> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), "mentor-bot-crash-"));
  const file = path.join(dir, "crash.db");
  const childOptions = { minKillMs: options.minKillMs ?? 10, maxKillMs: options.maxKillMs ?? 400, startTimeoutMs: options.startTimeoutMs ?? 30_000 };
  const summary: CrashTestSummary = { crashRuns: 0, integrityOk: 0, ackedWrites: 0, lostWrites: 0, phantomWrites: 0, walLeftBehind: 0, ms: 0, failures: [] };
  try {
    const matchId = await prepare(file);
    for (let run = 1; run <= options.runs; run++) {
      const child = await runChild(file, run, matchId, childOptions);
      summary.crashRuns++;
      const wal = `${file}-wal`;
      if (existsSync(wal) && statSync(wal).size > 0) summary.walLeftBehind++;
      if (child.signal !== "SIGKILL" || child.acks.length === 0) {
        summary.failures.push(`run ${run}: child ended with code ${child.code} signal ${child.signal} after ${child.acks.length} ACK(s)\n${child.stderr.trim()}`);
        continue;
      }
      const check = verify(file, run, child.acks);
      summary.ackedWrites += child.acks.length;
      summary.lostWrites += check.lost;
      summary.phantomWrites += check.phantom;
      if (check.integrityOk) summary.integrityOk++;
      if (check.problems.length > 0) summary.failures.push(`run ${run}: ${check.problems.join("; ")}`);
      log(`run ${run}: ${child.acks.length} ACKs, killed ${child.killedAfterMs} ms after the first, ${check.problems.length === 0 ? "ok" : check.problems.join("; ")}`);
    }
  } finally {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  }
  summary.ms = Date.now() - started;
  return summary;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "50" }, verbose: { type: "boolean", default: false } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const summary = await runCrashTest({ runs, log: values.verbose ? (line) => console.error(line) : undefined });
  for (const failure of summary.failures) console.error(failure);
  const { failures, ...figures } = summary;
  console.log(JSON.stringify(figures));
  const ok = failures.length === 0 && summary.integrityOk === summary.crashRuns && summary.lostWrites === 0 && summary.phantomWrites === 0;
  process.exitCode = ok ? 0 : 1;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) await main();
