// Issue 10, item 2: several processes on one SQLite file. Start-up used to run the schema engine,
// which takes an exclusive lock: with the bot or an idle console holding the file, a second
// `npm run console` waited 5 s and died with "WASM_ERROR ... unknown variant SocketTimeout".
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { migrateOnStart } from "../../src/db/migrations.js";
import { migrationsDir } from "../../src/db/paths.js";
import { tempDir } from "../support/db.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function startConsole(url: string): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const child = spawn("npm", ["run", "--silent", "console"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, DISCORD_TOKEN: "", LOG_LEVEL: "silent" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  return { child, output: () => out, exited };
}

async function waitFor(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const script = (i: number) =>
  `/as member${i}\n/mentee profile industry:retail stage:student topics:"cv, interviewing" about:"Process ${i} wants CV help"\n`;

async function fiveAtOnce(url: string): Promise<void> {
  const runs = Array.from({ length: 5 }, (_, i) => {
    const run = startConsole(url);
    run.child.stdin.end(script(i));
    return run;
  });
  const codes = await Promise.all(runs.map((r) => r.exited));
  const started = runs.filter((r) => r.output().includes("Your mentee profile is ready")).length;
  console.log(`${started} of 5 processes started and answered`);
  for (const [i, run] of runs.entries()) {
    expect(run.output(), `process ${i}`).not.toMatch(/Fatal|WASM_ERROR|SocketTimeout/);
    expect(run.output(), `process ${i}`).toContain("Your mentee profile is ready");
    expect(codes[i], `process ${i} exit code; output:\n${run.output()}`).toBe(0);
  }
}

describe("several processes on one SQLite file", () => {
  it("given an idle console holding the file, when 5 more consoles start at once, then all start and answer", async () => {
    const dir = tempDir("multi-process-");
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = `file:${path.join(dir, "bot.db")}`;
    const idle = startConsole(url);
    idle.child.stdin.write("/as holder\n/mentor profile industry:retail stage:senior topics:cv about:\"I hold the file open\"\n");
    await waitFor(() => idle.output().includes("Your mentor profile is ready"), "the idle console to answer");

    await fiveAtOnce(url);

    // `npm run db:migrate` with nothing pending runs next to it too.
    const migrate = spawn("npm", ["run", "--silent", "db:migrate"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "pipe"] });
    let migrateOut = "";
    migrate.stdout.on("data", (c: Buffer) => (migrateOut += c.toString()));
    migrate.stderr.on("data", (c: Buffer) => (migrateOut += c.toString()));
    expect(await new Promise((resolve) => migrate.on("close", resolve)), migrateOut).toBe(0);
    expect(migrateOut).toContain("already up to date");

    // The idle console still answers, and everyone's write is there.
    idle.child.stdin.end("/profile view\n");
    expect(await idle.exited).toBe(0);
    expect(idle.output()).toContain("I hold the file open");
  }, 180_000);

  it("given a new file, when 5 consoles start at once, then one migrates it and all start and answer", async () => {
    const dir = tempDir("multi-process-");
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await fiveAtOnce(`file:${path.join(dir, "fresh.db")}`);
  }, 180_000);

  it("given a pending migration and a console holding the file, when start-up migrates, then it waits (bounded) and names the holder in one line; once the console has gone it applies", async () => {
    const dir = tempDir("multi-process-");
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "bot.db");
    const idle = startConsole(`file:${file}`);
    idle.child.stdin.write("/as holder\n/mentee profile industry:retail stage:student topics:cv about:\"waiting for the test\"\n");
    await waitFor(() => idle.output().includes("Your mentee profile is ready"), "the idle console to answer");

    const next = path.join(dir, "migrations");
    cpSync(migrationsDir, next, { recursive: true });
    mkdirSync(path.join(next, "29990101000000_extra"));
    writeFileSync(path.join(next, "29990101000000_extra", "migration.sql"), 'CREATE TABLE "Extra" ("id" INTEGER NOT NULL PRIMARY KEY);\n');

    const started = Date.now();
    const error = await migrateOnStart(file, { dir: next, waitMs: 1_500 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    const waited = Date.now() - started;
    expect(error?.message).toMatch(
      /^Cannot apply 1 pending migration \(29990101000000_extra\) to .*bot\.db: the database is in use by the console \(npm run console\) \(pid \d+, since [\d-]+ [\d:]+ UTC\)\. Stop it, then start again\.$/,
    );
    expect(error?.message).not.toContain("\n");
    expect(waited).toBeGreaterThanOrEqual(1_500);
    expect(waited).toBeLessThan(6_000);

    idle.child.stdin.end();
    expect(await idle.exited).toBe(0);
    expect(await migrateOnStart(file, { dir: next, waitMs: 1_500 })).toEqual(["29990101000000_extra"]);
  }, 120_000);
});
