// The row lock storage function needs to know the engine of a transaction client.
import { afterEach, beforeEach, expect, it } from "vitest";
import { isTransaction } from "../../src/storage/matching-version.js";
import { lockProfiles, providerOf } from "../../src/storage/profiles.js";
import { inTransaction } from "../../src/storage/tx.js";
import { onPostgres, openTempDatabase, type TempDatabase } from "../support/db.js";

let database: TempDatabase;
beforeEach(async () => {
  database = await openTempDatabase();
});
afterEach(async () => database.cleanup());

it("given a client and one of its transactions, then both name the engine the database was opened with", async () => {
  const expected = onPostgres ? "postgresql" : "sqlite";
  expect(providerOf(database.db)).toBe(expected);
  await inTransaction(database.db, async (tx) => {
    expect(providerOf(tx)).toBe(expected);
  });
});

it("given a client and one of its transactions, then only the transaction is taken for one (storage writes join it rather than nesting)", async () => {
  expect(isTransaction(database.db)).toBe(false);
  await inTransaction(database.db, async (tx) => {
    expect(isTransaction(tx)).toBe(true);
  });
});

it("given a profile locked in one transaction, then a second transaction locking it waits for the first to end (PostgreSQL) and both complete", async () => {
  const p = await database.db.profile.create({ data: { guildId: "1", userId: "2", displayName: "x", industry: "it", stage: "mid" } });
  const order: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const firstHasLock = new Promise<void>((r) => (locked = r));
  const first = inTransaction(database.db, async (tx) => {
    await lockProfiles(tx, [p.id]);
    locked();
    await gate;
    order.push("first done");
  });
  await firstHasLock;
  const second = inTransaction(database.db, async (tx) => {
    await lockProfiles(tx, [p.id]);
    order.push("second locked");
  });
  await new Promise((r) => setTimeout(r, 100));
  release();
  await Promise.all([first, second]);
  expect(order).toEqual(["first done", "second locked"]);
});
