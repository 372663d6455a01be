// A command's statements each give the event loop a turn, so other members' interactions, the
// gateway's heartbeats and timers never wait for a whole command. SQLite's driver is synchronous:
// without a turn per statement (src/db/connection-lock.ts), every statement of a command, Prisma's
// work around them and the ranking ran in one macrotask, and two commands arriving together ran
// back to back (at 100k + 100k profiles: 220-270 ms stalls in bench:service). PostgreSQL's driver
// yields on its socket by itself; the same behaviour is asserted on both engines.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTempDatabase, type TempDatabase } from "../support/db.js";

let database: TempDatabase;

beforeEach(async () => {
  database = await openTempDatabase();
});

afterEach(async () => {
  await database.cleanup();
});

/** How many of `statements` had finished when a callback queued before them ran (-1: never). */
async function finishedBeforeOtherWork(statements: (i: number) => Promise<unknown>, count: number): Promise<number> {
  let finished = 0;
  let seenAt = -1;
  setImmediate(() => {
    seenAt = finished;
  });
  for (let i = 0; i < count; i++) {
    await statements(i);
    finished++;
  }
  return seenAt;
}

describe("a command's statements leave the event loop turns", () => {
  it("given other work queued, when ten statements run one after another, then the other work runs before the second one ends", async () => {
    const seenAt = await finishedBeforeOtherWork(() => database.db.$queryRaw`SELECT 1`, 10);
    expect(seenAt).toBeGreaterThanOrEqual(0);
    expect(seenAt).toBeLessThanOrEqual(1);
  });

  it("given other work queued, when a transaction runs ten statements, then the other work runs before its second one ends", async () => {
    let seenAt = -1;
    await database.db.$transaction(async (tx) => {
      seenAt = await finishedBeforeOtherWork(() => tx.$queryRaw`SELECT 1`, 10);
    });
    expect(seenAt).toBeGreaterThanOrEqual(0);
    expect(seenAt).toBeLessThanOrEqual(1);
  });

  it("given a statement that fails, when the next one runs, then the other work still got its turn and the error reached the caller", async () => {
    const errors: unknown[] = [];
    const seenAt = await finishedBeforeOtherWork(
      (i) => (i === 0 ? database.db.$queryRawUnsafe("SELECT * FROM no_such_table").catch((error: unknown) => void errors.push(error)) : database.db.$queryRaw`SELECT 1`),
      2,
    );
    expect(errors).toHaveLength(1);
    expect(seenAt).toBeGreaterThanOrEqual(0);
    expect(seenAt).toBeLessThanOrEqual(1);
  });
});
