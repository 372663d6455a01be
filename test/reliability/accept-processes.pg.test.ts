// PostgreSQL: concurrency is real (a pool per process, overlapping transactions), so the capacity
// check must hold under a row lock. 100 Accepts from 4 processes on one mentor with capacity 2.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { allText, createHarness, member, userValue, type Harness, type Member } from "../support/interactions.js";
import { expectOk } from "./support/world.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
let database: TempDatabase;
let h: Harness;
beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
  expectOk(await h.run(member("Mod", { canManageGuild: true }), "/mod config", { "review-required": false }), "config");
});
afterEach(async () => database.cleanup());

interface ChildResult {
  accepted: number;
  full: number;
  errors: string[];
}

function child(mentor: Member, ids: number[]): { ready: Promise<void>; go(): void; result: Promise<ChildResult> } {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/reliability/support/accept-child.ts"), database.url, mentor.id, ids.join(",")], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "silent" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  proc.stdout.on("data", (c: Buffer) => {
    out += c.toString();
    if (out.includes("ready\n")) onReady();
  });
  proc.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const result = new Promise<ChildResult>((resolve, reject) =>
    proc.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (code !== 0 || line === undefined) reject(new Error(`child exited ${code}: ${err}${out}`));
      else resolve(JSON.parse(line) as ChildResult);
    }),
  );
  return { ready, go: () => proc.stdin.end("go\n"), result };
}

it("given a mentor with capacity 2 and 100 open requests, when 4 processes press all 100 Accepts at once, then exactly 2 matches are active and 98 are told she is full", async () => {
  const asha = member("Asha");
  expectOk(
    await h.run(asha, "/mentor profile", { industry: "fintech", stage: "senior", topics: "interviewing, cv", about: "Interview practice and CV reviews.", capacity: 2 }),
    "mentor",
  );
  const ids: number[] = [];
  for (let i = 0; i < 100; i++) {
    const m = member(`Mentee ${i}`);
    expectOk(await h.run(m, "/mentee profile", { industry: "banking", stage: "student", topics: "interviewing, cv", about: "Preparing for interviews." }), "mentee");
    const res = await h.run(m, "/match request", { mentor: userValue(asha) });
    ids.push(Number(/Request #(\d+) sent/.exec(allText(res.last))?.[1]));
  }
  const children = [0, 1, 2, 3].map((k) => child(asha, ids.filter((_, i) => i % 4 === k)));
  await Promise.all(children.map((c) => c.ready));
  const started = Date.now();
  for (const c of children) c.go();
  const results = await Promise.all(children.map((c) => c.result));
  const elapsed = Date.now() - started;

  const accepted = results.reduce((n, r) => n + r.accepted, 0);
  const full = results.reduce((n, r) => n + r.full, 0);
  console.log(`100 Accepts from 4 processes on PostgreSQL: ${accepted} accepted, ${full} full, ${results.flatMap((r) => r.errors).length} errors, ${elapsed} ms`);
  expect(results.flatMap((r) => r.errors)).toEqual([]);
  expect(accepted).toBe(2);
  expect(full).toBe(98);
  const rows = await database.db.match.groupBy({ by: ["status"], _count: { _all: true } });
  expect(Object.fromEntries(rows.map((r) => [r.status, r._count._all]))).toEqual({ active: 2, requested: 98 });
}, 180_000);
