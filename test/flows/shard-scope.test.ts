// A shard's timed jobs touch its own servers only: the scope is applied in the queries, so two
// shard processes never both handle (or both skip) a server's due work.
import { afterEach, beforeEach, expect, it } from "vitest";
import { runDueJobs } from "../../src/jobs/expiry.js";
import { shardOfGuild } from "../../src/domain/shards.js";
import { DAY_MS } from "../../src/services/clock.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { allText, createHarness, member, userValue, type Harness } from "../support/interactions.js";

let database: TempDatabase;
let h: Harness;
beforeEach(async () => {
  database = await openTempDatabase();
  h = createHarness(database.db);
});
afterEach(async () => database.cleanup());

/** Two server ids on different shards of 2. */
function twoServers(): [string, string] {
  const a = String(400000000000000000n);
  let b = BigInt(a) + (1n << 22n);
  while (shardOfGuild(String(b), 2) === shardOfGuild(a, 2)) b += 1n << 22n;
  return [a, String(b)];
}

it("given a due request in each of two servers on different shards then each shard's tick expires its own server's request, once", async () => {
  const [guildA, guildB] = twoServers();
  expect(shardOfGuild(guildA, 2)).not.toBe(shardOfGuild(guildB, 2));
  const people = [];
  for (const guild of [guildA, guildB]) {
    const mentor = member(`Mentor ${guild.slice(-3)}`);
    const mentee = member(`Mentee ${guild.slice(-3)}`);
    const m = await h.run(mentor, "/mentor profile", { industry: "fintech", stage: "senior", topics: "interviewing, cv", about: "Interview practice and CV reviews." }, guild);
    expect(allText(m.last)).toContain("Your mentor profile is ready");
    await h.run(mentee, "/mentee profile", { industry: "fintech", stage: "student", topics: "interviewing", about: "Preparing for interviews." }, guild);
    const sent = await h.run(mentee, "/match request", { mentor: userValue(mentor) }, guild);
    expect(allText(sent.last)).toMatch(/request/i);
    people.push({ guild, mentee });
  }
  h.clock.advance(30 * DAY_MS);

  // Shard of A: only A's request, though B's is as old.
  expect(await runDueJobs(h.deps, [guildA])).toMatchObject({ expired: 1 });
  expect(await database.db.match.findMany({ select: { guildId: true, status: true }, orderBy: { guildId: "asc" } })).toEqual([
    { guildId: guildA, status: "expired" },
    { guildId: guildB, status: "requested" },
  ]);
  expect(await runDueJobs(h.deps, [guildA])).toMatchObject({ expired: 0 });
  // Shard of B.
  expect(await runDueJobs(h.deps, [guildB])).toMatchObject({ expired: 1 });
  // A shard that owns no server yet (before its gateway delivered any) touches nothing.
  expect(await runDueJobs(h.deps, [])).toMatchObject({ expired: 0 });
  // Unscoped (one process for all servers): nothing left.
  expect(await runDueJobs(h.deps)).toMatchObject({ expired: 0 });
  for (const { mentee } of people) expect(h.notifier.to(mentee.id).filter((n) => allText(n.message).includes("expired"))).toHaveLength(1);
});
