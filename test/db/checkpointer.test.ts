// WAL checkpoints in a worker thread (src/db/checkpointer.ts): a real SQLite file, the real
// driver in a real worker, the bot's own connection with automatic checkpoints off.
import { execFile } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { eraseDeletedPages, openDatabase, type Database } from "../../src/db/client.js";
import { startCheckpointer } from "../../src/db/checkpointer.js";
import { tempDir } from "../support/db.js";

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function writeRows(db: Database["db"], count: number): Promise<void> {
  const text = "x".repeat(2000);
  for (let i = 0; i < count; i += 100) {
    await db.$transaction(async (tx) => {
      for (let j = i; j < Math.min(count, i + 100); j++) await tx.$executeRaw`INSERT INTO "Topic" ("key", "label") VALUES (${`topic-${j}`}, ${text})`;
    });
  }
}

const walBytes = (file: string): number => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;

describe("background WAL checkpoints", () => {
  it("given backgroundCheckpoints, when rows are written, then the bot's connection does not checkpoint and the worker's checkpoint copies every frame", async () => {
    // Only the checkpoints asked for here (the worker's own are a minute apart).
    database = await openDatabase(`file:${path.join(tempDir(), "bot.db")}`, { backgroundCheckpoints: true, checkpointEveryMs: 60_000 });
    const { db, checkpointer } = database;
    expect(checkpointer).not.toBeNull();
    const [setting] = await db.$queryRawUnsafe<{ wal_autocheckpoint: number | bigint }[]>("PRAGMA wal_autocheckpoint");
    expect(Number(setting?.wal_autocheckpoint)).toBe(0);
    await checkpointer?.checkpoint();
    // ~3,000 pages of WAL: past the 1,000 at which the connection would have checkpointed itself.
    await writeRows(db, 4000);
    const result = await checkpointer?.checkpoint();
    expect(result?.busy).toBe(0);
    expect(result?.log).toBeGreaterThan(1000);
    expect(result?.checkpointed).toBe(result?.log);
    expect(await db.topic.count({ where: { key: { startsWith: "topic-" } } })).toBe(4000);
  });

  it("given no option, then the connection keeps SQLite's automatic checkpoints and there is no worker", async () => {
    database = await openDatabase(`file:${path.join(tempDir(), "plain.db")}`);
    expect(database.checkpointer).toBeNull();
    const [setting] = await database.db.$queryRawUnsafe<{ wal_autocheckpoint: number | bigint }[]>("PRAGMA wal_autocheckpoint");
    expect(Number(setting?.wal_autocheckpoint)).toBe(1000);
  });

  it("given a checkpointer running, when deleted pages are erased, then the WAL is truncated to nothing", async () => {
    const file = path.join(tempDir(), "erase.db");
    database = await openDatabase(`file:${file}`, { backgroundCheckpoints: true });
    await writeRows(database.db, 600);
    expect(walBytes(file)).toBeGreaterThan(0);
    await database.db.topic.deleteMany({ where: { key: { startsWith: "topic-" } } });
    await eraseDeletedPages(database.db);
    expect(walBytes(file)).toBe(0);
  });

  it("given a worker that cannot open the file, then onFailure hears of it", async () => {
    const failure = await new Promise<Error>((resolve) => {
      startCheckpointer(path.join(tempDir(), "missing.db"), { onFailure: resolve });
    });
    expect(failure.message).toMatch(/unable to open|does not exist|directory/i);
  });

  it("given the worker's own timer, when rows are written, then it checkpoints them without being asked", async () => {
    const file = path.join(tempDir(), "timer.db");
    database = await openDatabase(`file:${file}`, { backgroundCheckpoints: true, checkpointEveryMs: 50 });
    const before = statSync(file).size;
    await writeRows(database.db, 300);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The rows' ~150 pages reached the database file itself (until a checkpoint they are only in the WAL).
    expect(statSync(file).size - before).toBeGreaterThan(150 * 4096);
  });

  it("given a process whose last handle is the database, when it closes it, then close() returns and the process goes on (the worker does not end it early)", async () => {
    const dir = tempDir();
    const client = pathToFileURL(fileURLToPath(new URL("../../src/db/client.ts", import.meta.url))).href;
    const script = path.join(dir, "close.mts");
    writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(client)};\n` +
        `const database = await openDatabase(${JSON.stringify(`file:${path.join(dir, "child.db")}`)}, { backgroundCheckpoints: true });\n` +
        `await database.close();\n` +
        `console.log("closed");\n`,
    );
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const { stdout } = await promisify(execFile)("npx", ["tsx", script], { cwd: root, timeout: 60_000 });
    expect(stdout.trim()).toBe("closed");
  }, 90_000);

  it("given a closed database, then its data is all there when it is opened again (the worker's last checkpoint lost nothing)", async () => {
    const url = `file:${path.join(tempDir(), "reopen.db")}`;
    database = await openDatabase(url, { backgroundCheckpoints: true });
    await writeRows(database.db, 1500);
    await database.close();
    database = await openDatabase(url);
    expect(await database.db.topic.count({ where: { key: { startsWith: "topic-" } } })).toBe(1500);
  });
});
