// Every storage write that changes a matching input records which profiles changed, in its own
// transaction, so every writer (services, console, scripts) is seen by the live matching index.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import * as matches from "../../src/storage/matches.js";
import { currentMatchingVersion, matchingChangesSince } from "../../src/storage/matching-version.js";
import { eraseMemberData } from "../../src/storage/privacy.js";
import * as profiles from "../../src/storage/profiles.js";
import { updateGuildSettings } from "../../src/storage/settings.js";
import { inTransaction } from "../../src/storage/tx.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";

const GUILD = "100000000000000001";
let database: TempDatabase;
let db: Db;
beforeEach(async () => {
  database = await openTempDatabase();
  db = database.db;
});
afterEach(async () => database.cleanup());

/** The profiles the write changed, as a reader holding the version before it would see them. */
async function changedBy(write: () => Promise<unknown>): Promise<number[]> {
  const before = await currentMatchingVersion(db, GUILD);
  await write();
  const changes = await matchingChangesSince(db, GUILD, before);
  expect(changes.version).toBe(await currentMatchingVersion(db, GUILD));
  return [...changes.profileIds].sort((a, b) => a - b);
}

describe("matching changes recorded by storage writes", () => {
  it("given each kind of write, then the version moves and names exactly the profiles touched", async () => {
    let mentorId = 0;
    let menteeId = 0;
    expect(await changedBy(async () => (mentorId = (await profiles.upsertProfile(db, GUILD, "1", { displayName: "M", industry: "it", stage: "senior", isMentor: true }, {})).id))).toEqual([1]);
    expect(await changedBy(async () => (menteeId = (await profiles.upsertProfile(db, GUILD, "2", { displayName: "S", industry: "it", stage: "student", isMentee: true }, {})).id))).toEqual([2]);
    expect(await changedBy(() => profiles.updateProfile(db, mentorId, { mentorCapacity: 3 }))).toEqual([mentorId]);
    expect(await changedBy(() => profiles.replaceTopics(db, menteeId, "mentee", [{ key: "cv", label: "CV" }]))).toEqual([menteeId]);
    let matchId = 0;
    const request = { guildId: GUILD, mentorProfileId: mentorId, menteeProfileId: menteeId, status: "requested" as const, source: "request" as const, score: 0.5, explanation: "{}", createdAt: new Date() };
    expect(await changedBy(async () => (matchId = (await matches.createMatch(db, request)).id))).toEqual([mentorId, menteeId]);
    expect(await changedBy(() => matches.transitionMatch(db, matchId, ["requested"], { status: "active" }))).toEqual([mentorId, menteeId]);
    // A compare-and-set that lost changes nothing, and records nothing.
    expect(await changedBy(() => matches.transitionMatch(db, matchId, ["requested"], { status: "declined" }))).toEqual([]);
    // Columns matching does not read record nothing; a status does.
    expect(await changedBy(() => matches.updateMatch(db, matchId, { threadId: "5" }))).toEqual([]);
    expect(await changedBy(() => matches.updateMatch(db, matchId, { status: "completed", closedAt: new Date() }))).toEqual([mentorId, menteeId]);
    // Settings are read by every command; they record nothing.
    expect(await changedBy(() => updateGuildSettings(db, GUILD, { weightText: 0.5 }))).toEqual([]);
    expect(await changedBy(() => inTransaction(db, (tx) => eraseMemberData(tx, GUILD, "2", new Date())))).toEqual([menteeId]);
  });

  it("given a write inside a transaction that rolls back, then no change is recorded either", async () => {
    const profile = await profiles.upsertProfile(db, GUILD, "1", { displayName: "M", industry: "it", stage: "senior", isMentor: true }, {});
    const before = await currentMatchingVersion(db, GUILD);
    await expect(
      inTransaction(db, async (tx) => {
        await profiles.updateProfile(tx, profile.id, { mentorCapacity: 5 });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await currentMatchingVersion(db, GUILD)).toBe(before);
  });

  it("given a round's batch of proposals, then one version names all of their profiles", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await profiles.upsertProfile(db, GUILD, String(i + 1), { displayName: `P${i}`, industry: "it", stage: "mid", isMentor: true, isMentee: true }, {})).id);
    const before = await currentMatchingVersion(db, GUILD);
    const proposal = (mentor: number, mentee: number) => ({ guildId: GUILD, mentorProfileId: mentor, menteeProfileId: mentee, status: "pending_review" as const, source: "round" as const, score: 0.5, explanation: "{}", createdAt: new Date() });
    const { created } = await matches.createMatches(db, GUILD, [proposal(ids[0] ?? 0, ids[1] ?? 0), proposal(ids[2] ?? 0, ids[3] ?? 0)]);
    expect(created).toBe(2);
    expect(await currentMatchingVersion(db, GUILD)).toBe(before + 1);
    expect([...(await matchingChangesSince(db, GUILD, before)).profileIds].sort((a, b) => a - b)).toEqual(ids);
  });
});
